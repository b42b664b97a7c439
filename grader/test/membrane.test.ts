/**
 * The membrane between the trusted side and the sandboxed host (grader/src/membrane): calls both
 * ways, promises, errors, handles that keep their identity, timers of the submission's code on the
 * trusted side's virtual clock, the same answers on every run, and what a host cannot reach of the
 * trusted process (constructors, globals).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIT_ROOT } from '../../lib/manifest.js';
import { callEach } from '../../lib/load/call-each.js';
import { VirtualClock } from '../../lib/sim/clock.js';
import { startHost, type Host } from '../src/membrane/trusted.js';
import { integrity } from '../src/sandbox.js';

const CODE = `
export class Counter {
  #source; #seen = new Map(); #log = [];
  constructor(source, options) { this.#source = source; this.step = options.step; }
  bump(n) { return n + this.step; }
  async read(key) {
    const known = this.#seen.get(key);
    if (known !== undefined) return known;
    const value = await this.#source.load(key);
    this.#seen.set(key, value);
    return value;
  }
  async slow(ms) { const t0 = Date.now(); await new Promise((r) => setTimeout(r, ms)); return Date.now() - t0; }
  fail() { const e = new RangeError('no such thing'); e.code = 'E_NOPE'; throw e; }
  // Code that tells errors apart by class, as exercise 3's clusterNodeCount does with a RangeError.
  classOf() { try { this.#source.outOfRange(); } catch (e) { return [e instanceof RangeError, e instanceof TypeError, e.name]; } }
  async rejects() { throw new TypeError('async no'); }
  bytes(b) { return Buffer.concat([b, Buffer.from('!')]); }
  same(o) { return o; }
  random() { return Math.random(); }
  sourceStats() { return this.#source.stats.calls; }
  escape(fn) {
    const s = this.#source;
    // Every Function reachable from a handle is the host's own: code it builds runs here, in the host.
    const run = (f) => { try { return f.constructor('return process.pid')(); } catch (e) { return 'refused'; } };
    return { constructor: typeof s.constructor, proto: typeof s.__proto__, viaMethod: run(s.load), viaCallback: run(fn), host: process.pid };
  }
}
export function double(x) { return x * 2; }
`;

let work: string;
let host: Host;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'cachelab-membrane-test-'));
  writeFileSync(path.join(work, 'counter.ts'), CODE.replace('export class', '// @ts-nocheck\nexport class'));
  host = await startHost({
    integrity: integrity(),
    sandbox: { readOnly: [KIT_ROOT, work], cwd: KIT_ROOT },
    script: path.join(KIT_ROOT, 'grader', 'src', 'membrane', 'host.ts'),
    env: { ...process.env },
  });
}, 60_000);

afterAll(() => {
  host?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

type Counter = {
  bump(n: number): number;
  read(k: string): Promise<string>;
  slow(ms: number): Promise<number>;
  fail(): void;
  rejects(): Promise<void>;
  bytes(b: Buffer): Buffer;
  same<T>(o: T): T;
  random(): number;
  sourceStats(): number;
  classOf(): unknown;
  escape(fn: () => number): unknown;
  step: number;
};

async function counter(loads: string[] = []): Promise<{ c: Counter; source: { stats: { calls: number } } }> {
  const module = await host.load(work, { 'counter.ts': ['Counter', 'double'] });
  const source = {
    stats: { calls: 0 },
    outOfRange() {
      throw new RangeError('there is no node 6');
    },
    async load(key: string) {
      this.stats.calls += 1;
      loads.push(key);
      return `v:${key}`;
    },
  };
  const Ctor = module.Counter as new (s: unknown, o: unknown) => Counter;
  return { c: new Ctor(source, { step: 3 }), source };
}

describe('the membrane', () => {
  it('calls sync and async methods across, and the submission calls back into trusted objects', async () => {
    const loads: string[] = [];
    const { c, source } = await counter(loads);
    expect(c.bump(4)).toBe(7);
    expect(c.step).toBe(3);
    expect(await c.read('a')).toBe('v:a');
    expect(await c.read('a')).toBe('v:a');
    expect(await c.read('b')).toBe('v:b');
    expect(loads).toEqual(['a', 'b']);
    expect(source.stats.calls).toBe(2);
    expect(c.sourceStats()).toBe(2);
  });

  it('carries errors with their class name, message and code; buffers and identities survive', async () => {
    const { c } = await counter();
    expect(() => c.fail()).toThrow('no such thing');
    try {
      c.fail();
    } catch (error) {
      expect([(error as Error).name, (error as { code?: string }).code, error instanceof RangeError]).toEqual(['RangeError', 'E_NOPE', true]);
    }
    await expect(c.rejects()).rejects.toThrow('async no');
    expect(c.classOf()).toEqual([true, false, 'RangeError']);
    expect(c.bytes(Buffer.from('hi')).toString()).toBe('hi!');
    const token = { tag: 'x', nested: [1, { y: undefined, z: NaN }] };
    expect(c.same(token)).toEqual(token);
    const fn = () => 1;
    expect(c.same(fn)).toBe(fn);
  });

  it('crosses many synchronous calls in one message with callEach, each outcome in order, as the plain loop gives them', async () => {
    const { c } = await counter();
    const calls = [[1], [2], [40]];
    expect(callEach(c, 'bump', calls)).toEqual([
      { ok: true, value: 4 },
      { ok: true, value: 5 },
      { ok: true, value: 43 },
    ]);
    const local = { step: 3, bump: (n: number) => n + 3 };
    expect(callEach(local, 'bump', calls)).toEqual(callEach(c, 'bump', calls));
    const [failed] = callEach(c, 'fail', [[]]);
    expect(failed!.ok).toBe(false);
    expect((failed!.value as Error).message).toBe('no such thing');
  });

  it("runs the submission's timers on the trusted side's virtual clock", async () => {
    const { c } = await counter();
    const clock = new VirtualClock();
    const waited = await clock.run(async () => {
      const t0 = Date.now();
      const inner = await c.slow(5_000);
      return { inner, outer: Date.now() - t0 };
    });
    expect(waited).toEqual({ inner: 5_000, outer: 5_000 });
  });

  it('gives the same random numbers for the same seed', async () => {
    const { c } = await counter();
    host.seed('abc');
    const first = [c.random(), c.random()];
    host.seed('abc');
    expect([c.random(), c.random()]).toEqual(first);
  });

  it("never hands the submission a trusted object's constructor or prototype", async () => {
    const { c } = await counter();
    const seen = c.escape(() => 1) as Record<string, unknown>;
    expect(seen.host).not.toBe(process.pid);
    expect(seen).toEqual({ constructor: 'undefined', proto: 'undefined', viaMethod: seen.host, viaCallback: 'refused', host: seen.host });
  });
});
