/**
 * A submission that controls its whole process attacks the trusted side of the membrane
 * (grader/src/membrane, issue 13): forged frames written straight to `to-trusted`, references to
 * objects it was never given, keys meant to pollute prototypes, values nested past the limit, and
 * reaching the trusted process's globals through handles. The trusted side may end the call with
 * an error (that only costs the submission), never run its code, change its own objects or answer
 * with a figure the honest computation would not give.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KIT_ROOT } from '../../lib/manifest.js';
import { startHost, type Host } from '../src/membrane/trusted.js';
import { integrity } from '../src/sandbox.js';

const CODE = `// @ts-nocheck
import { openSync, writeSync } from 'node:fs';
import path from 'node:path';
const fd = openSync(path.join(process.argv[2], 'to-trusted'), 'w');
const raw = (body) => { const b = Buffer.from(body, 'utf8'); const h = Buffer.alloc(4); h.writeUInt32LE(b.length, 0); writeSync(fd, Buffer.concat([h, b])); };
const send = (m) => raw(JSON.stringify(m));
export class Attack {
  #source;
  constructor(source) { this.#source = source; }
  forgeRet() { for (let id = 1; id < 50; id++) send({ t: 'ret', id, ok: true, value: 'forged' }); return 'honest'; }
  honest() { return 'honest'; }
  early() { send({ t: 'idle', nextTimer: null }); send({ t: 'settle', promise: 424242, ok: true, value: 'forged', now: 0 }); return 'early'; }
  async later() { await null; return 'later'; }
  refs() { const out = []; for (let id = 0; id < 40; id++) { send({ t: 'get', id: 100000 + id, target: id, key: 'stats' }); } return 'sent'; }
  pollute() {
    raw('{"t":"call","id":200001,"target":1,"method":"take","args":[{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"then":{"$":"f","id":1,"m":[]},"ok":1}],"now":0}');
    return 'sent';
  }
  deep() { raw('{"t":"call","id":200002,"target":1,"method":"take","args":[' + '['.repeat(100000) + '1' + ']'.repeat(100000) + '],"now":0}'); return 'sent'; }
  huge() { const h = Buffer.alloc(4); h.writeUInt32LE(0xffffffff, 0); writeSync(fd, h); return 'sent'; }
  notJson() { raw('{not json'); return 'sent'; }
  globals() {
    const s = this.#source; const seen = Object.create(null);
    for (const k of ['constructor', '__proto__', 'prototype', '__defineGetter__', '__lookupGetter__', 'hasOwnProperty', 'toString', 'valueOf']) {
      try { const v = s[k]; seen[k] = typeof v === 'function' ? (() => { try { return String(v('x', () => 1)); } catch (e) { return 'throws'; } })() : typeof v; } catch (e) { seen[k] = 'throws'; }
    }
    try { seen.newMethod = typeof new s.take(1); } catch { seen.newMethod = 'throws'; }
    try { seen.symbol = typeof s[Symbol.iterator]; } catch { seen.symbol = 'throws'; }
    return JSON.stringify(seen);
  }
}
`;

let work: string;
let host: Host | undefined;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'cachelab-membrane-attacks-'));
  writeFileSync(path.join(work, 'attack.ts'), CODE);
});

afterEach(() => {
  host?.close();
  host = undefined;
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

type Attack = { later(): Promise<string> } & Record<'forgeRet' | 'honest' | 'early' | 'refs' | 'pollute' | 'deep' | 'huge' | 'notJson', () => string> & {
    globals(): string;
  };

async function attack(): Promise<{ a: Attack; taken: unknown[] }> {
  host = await startHost({
    integrity: integrity(),
    sandbox: { readOnly: [KIT_ROOT, work], cwd: KIT_ROOT },
    script: path.join(KIT_ROOT, 'grader', 'src', 'membrane', 'host.ts'),
    env: { ...process.env },
  });
  const module = await host.load(work, { 'attack.ts': ['Attack'] });
  const taken: unknown[] = [];
  const source = {
    stats: { calls: 0 },
    take(v: unknown) {
      taken.push(v);
      return 'taken';
    },
  };
  return { a: new (module.Attack as new (s: unknown) => Attack)(source), taken };
}

describe('the trusted side against a hostile host', () => {
  it('refuses a `ret` for a call it did not ask: a forged answer never stands for a later call', async () => {
    const { a } = await attack();
    // Without the check the forged answers waited in the trusted side's table and answered the next calls.
    expect(() => a.forgeRet()).toThrow(/not asked|answered already/);
  }, 60_000);

  it('refuses an `idle` sent before the answer to its call, and takes a `settle` of a promise it never gave for nothing', async () => {
    const { a, taken } = await attack();
    // Before: the forged idle was taken for the real one, the lockstep stayed one idle behind, and
    // the next async call's settlement was never read (its await hung until the time limit).
    expect(() => a.early()).toThrow(/idle before it answered/);
    expect(taken).toEqual([]);
  }, 60_000);

  it('resolves no reference to an object it did not hand over', async () => {
    const { a } = await attack();
    // Each forged read is served while the trusted side waits for refs(): answered "no object" or a
    // copy of data handed over already; the host's extra idles after those answers end its next call.
    expect(a.refs()).toBe('sent');
    expect(() => a.honest()).toThrow(/idle before it answered/);
  }, 60_000);

  it('decodes a `__proto__` key and a function under `then` as nothing: no prototype of its own changes, nothing to await', async () => {
    const { a, taken } = await attack();
    expect(a.pollute()).toBe('sent');
    expect(taken).toHaveLength(1);
    const value = taken[0] as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['constructor', 'ok']); // `constructor` is data here, an own property
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(Object.assign({}, value))).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  }, 60_000);

  it('refuses a value nested past the limit before it exhausts its stack', async () => {
    const { a, taken } = await attack();
    expect(a.deep()).toBe('sent');
    expect(taken).toEqual([]);
  }, 60_000);

  it('ends the call with E_MEMBRANE on a length over the limit or a frame that is not JSON', async () => {
    const first = await attack();
    expect(() => first.a.huge()).toThrow(/over the limit/);
    host!.close();
    const second = await attack();
    expect(() => second.a.notJson()).toThrow(/not JSON/);
  }, 60_000);

  it('offers no constructor, prototype or accessor helper of a trusted object, and no way to construct its methods', async () => {
    const { a } = await attack();
    const seen = JSON.parse(a.globals()) as Record<string, string>;
    for (const key of ['constructor', '__proto__', 'prototype', '__defineGetter__', '__lookupGetter__', 'symbol'])
      expect([key, seen[key]]).toEqual([key, 'undefined']);
    expect(['throws', 'object']).toContain(seen.newMethod); // constructing runs nothing of the trusted side's choosing
    expect(seen.toString).toBe('[object Object]');
  }, 60_000);
});
