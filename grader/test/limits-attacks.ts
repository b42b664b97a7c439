/**
 * Fixture submissions for the sandbox's per-process limits (sandbox.ts, processLimits): code that
 * starts a busy process meant to outlive its grading. sandbox-limits.test.ts grades them on the
 * demo kit and asserts that they score what the untouched stub scores and leave nothing running.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ANALYSIS_TEMPLATE, SOLUTION, STUB } from './demo-kit.js';

const EX = 'exercise-9-demo';

/** In the command line of every busy process the fixtures start, so a test can find them in /proc. */
export const BURNER_MARKER = 'cachelab-cpu-burner';

function put(dir: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    const at = path.join(dir, 'exercises', EX, file);
    mkdirSync(path.dirname(at), { recursive: true });
    writeFileSync(at, text);
  }
}

/** Fixture name → writer (into the submission folder). */
export const LIMIT_ATTACKS: Record<string, (dir: string) => void> = {
  /** The control. */
  'rt-stub': (dir) => put(dir, { 'memo.ts': STUB, 'ANALYSIS.md': ANALYSIS_TEMPLATE }),
  /**
   * The stub, except that in every test worker it first starts `node -e 'for(;;){}'` detached
   * (its own session, out of the worker's process group) and unref'd, so that nothing waits for it:
   * a process meant to burn a core long after the grade is written.
   */
  'rt-cpu-burner': (dir) =>
    put(dir, {
      'memo.ts': `// @ts-nocheck
import { spawn } from 'node:child_process';
if (globalThis.__vitest_worker__ && !globalThis.__burner) {
  globalThis.__burner = spawn(process.execPath, ['-e', '/* ${BURNER_MARKER} */ for (;;) {}'], { detached: true, stdio: 'ignore' });
  globalThis.__burner.unref();
}
${STUB}`,
      'ANALYSIS.md': ANALYSIS_TEMPLATE,
    }),
};

/**
 * The stub, except that `get` spins forever before it throws: graded with a CPU-time limit below
 * the wall clock (CACHELAB_SANDBOX_CPU_SECONDS), each test worker dies of SIGXCPU in its first test.
 */
export function writeCpuSpin(dir: string): void {
  put(dir, { 'memo.ts': STUB.replace('throw new Error(`TODO', 'for (;;) {}\n    throw new Error(`TODO'), 'ANALYSIS.md': ANALYSIS_TEMPLATE });
}

/**
 * The stub, except that `get` spins forever when no test worker runs it: the suites see the stub,
 * the load check (its process, or the membrane's host that runs the submission's exports) burns
 * its core. Graded with a CPU-time limit below the wall clock, the load check dies of SIGXCPU.
 */
export function writeLoadSpin(dir: string): void {
  put(dir, {
    'memo.ts': `// @ts-nocheck\n${STUB.replace('throw new Error(`TODO', 'if (!globalThis.__vitest_worker__) for (;;) {}\n    throw new Error(`TODO')}`,
    'ANALYSIS.md': ANALYSIS_TEMPLATE,
  });
}

/**
 * Not an attack: the model answer, except that in a test worker the second test to call `get`
 * waits for ever (as a correct, heavy test does on a loaded machine: past vitest's per-test
 * limit). Deterministic: run again on its own, that test is the first to call `get` and passes.
 */
export function writeSlowOnce(dir: string): void {
  const slow = `// @ts-nocheck
const seen = [];
async function slowOnce() {
  if (!globalThis.__vitest_worker__) return;
  const { expect } = await import('vitest');
  const name = expect.getState().currentTestName;
  if (!seen.includes(name)) seen.push(name);
  if (seen.length === 2 && name === seen[1]) await new Promise(() => {});
}
`;
  const memo = SOLUTION.replace('  get(key: string): Promise<string> {\n', '  async get(key: string): Promise<string> {\n    await slowOnce();\n');
  if (memo === SOLUTION) throw new Error('writeSlowOnce: the demo SOLUTION no longer has `  get(key: string): Promise<string> {`; update the fixture.');
  put(dir, { 'memo.ts': `${slow}${memo}`, 'ANALYSIS.md': ANALYSIS_TEMPLATE });
}

/** The model answer with the template ANALYSIS.md: the control of writeSlowOnce. */
export function writeModelAnswer(dir: string): void {
  put(dir, { 'memo.ts': SOLUTION, 'ANALYSIS.md': ANALYSIS_TEMPLATE });
}
