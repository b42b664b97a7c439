/**
 * A throwaway kit for the grader's tests: a copy of this kit's runtime and grader with one tiny
 * fake exercise (exercise-9-demo: a memoizing loader) in place of the real ones, with its own
 * manifest, visible and hidden suites, load check, secret parameters, baseline, solution and rubric. The
 * grader is tested on it end to end without depending on any real exercise being finished.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { homesOf, KIT_ROOT, type ExerciseEntry } from '../../lib/manifest.js';
import { createRng } from '../../lib/workload/rng.js';
import { ANALYSIS_TEMPLATE, BASELINE, CHECK, HIDDEN, SOLUTION, STUB, SUITE, VISIBLE } from './demo-files.js';

/** The demo exercise as the manifest lists it. */
export const DEMO: ExerciseEntry = {
  id: 9,
  slug: 'exercise-9-demo',
  title: 'Demo memo',
  files: { stubs: ['memo.ts'], test: 'exercise-9.test.ts', readme: 'README.md', analysis: 'ANALYSIS.md' },
  points: 100,
};

export { DEMO_VISIBLE } from './demo-visible.js';
export { ANALYSIS_TEMPLATE, SOLUTION, STUB } from './demo-files.js';

/** The demo trace's distinct keys for a seed and scale (what a student could hard-code). */
export function demoKeys(seed: number | string, scale: number): string[] {
  const rng = createRng(seed);
  return Array.from({ length: Math.round(20 * scale) }, () => `u${rng.int(1_000_000)}`);
}

const RUNTIME = ['package.json', 'tsconfig.json', 'vitest.config.ts', 'vitest.verify.config.ts', 'lib', 'grader/src', 'grader/templates', 'scripts'];

/** The rubric the fixtures' expected points are computed with (independent of grader/rubric.json). */
export const DEMO_RUBRIC = {
  version: 1,
  points: 100,
  criteria: { performance: 40, technical: 30, problemSolving: 20, documentation: 10 },
  performance: { curve: 'linear' },
  problemSolving: { visibleSuite: 0.5, ownTests: 0.5, coverageTarget: 80 },
  documentation: { present: 0.2, sections: 0.4, figures: 0.4, minWords: 15, tolerance: 0.1, absoluteTolerance: 0.5 },
  limits: { testMs: 5_000, runMs: 25_000, loadMs: 25_000, memoryMb: 512, outputKb: 256 },
  exercises: {},
};

function put(root: string, rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
}

/** A demo kit on disk. */
export interface DemoKit {
  root: string;
  dispose(): void;
}

/** Builds the demo kit in a temporary folder. */
export function createDemoKit(): DemoKit {
  const root = mkdtempSync(path.join(tmpdir(), 'cachelab-demo-kit-'));
  for (const part of RUNTIME) {
    const from = path.join(KIT_ROOT, part);
    if (existsSync(from)) cpSync(from, path.join(root, part), { recursive: true, filter: (src) => !src.includes('node_modules') });
  }
  symlinkSync(path.join(KIT_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  // The demo kit's manifest lists only the demo exercise.
  const manifest = readFileSync(path.join(KIT_ROOT, 'lib', 'manifest.ts'), 'utf8');
  const replaced = manifest.replace(
    /export const EXERCISES: readonly ExerciseEntry\[\] = \[[\s\S]*?\n\];/,
    `export const EXERCISES: readonly ExerciseEntry[] = [${JSON.stringify(DEMO)}];`,
  );
  if (replaced === manifest)
    throw new Error('demo-kit: lib/manifest.ts no longer declares `export const EXERCISES: readonly ExerciseEntry[] = [ … ];`; update createDemoKit.');
  put(root, 'lib/manifest.ts', replaced);
  const registry = readFileSync(path.join(KIT_ROOT, 'lib', 'load', 'registry.ts'), 'utf8');
  put(root, 'lib/load/registry.ts', `${registry}\nCHECKS[9] = async () => (await import('../exercises/exercise-9-demo/check.js')).default;\n`);
  put(root, 'lib/exercises/exercise-9-demo/check.ts', CHECK);
  const ex = 'exercises/exercise-9-demo';
  put(root, `${ex}/memo.ts`, STUB);
  put(root, `${ex}/exercise-9.test.ts`, VISIBLE);
  put(root, `${ex}/README.md`, '# Exercise 9: demo memo\n\nBuild `Memo.get`.\n');
  put(root, `${ex}/ANALYSIS.md`, ANALYSIS_TEMPLATE);
  put(root, 'solutions/exercise-9-demo/memo.ts', SOLUTION);
  const home = homesOf(DEMO.slug).grader;
  put(root, `${home}/suite.ts`, SUITE);
  put(root, `${home}/hidden.test.ts`, HIDDEN);
  put(root, `${home}/baseline/memo.ts`, BASELINE);
  put(root, `${home}/secret.ts`, "export default { seed: 'demo-secret', scale: 2 };\n");
  put(root, 'grader/rubric.json', JSON.stringify(DEMO_RUBRIC, null, 2));
  return { root, dispose: () => rmSync(root, { recursive: true, force: true }) };
}
