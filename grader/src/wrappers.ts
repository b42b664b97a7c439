/**
 * Wrapper test files the grader writes into a workspace: each registers canaries (tests that must
 * fail), imports one suite (hidden or visible), then registers more canaries, so they run in the
 * same file and worker as the suite, before and after the student's code. The reference listing
 * uses the same wrappers without canaries, so the real tests' names match exactly.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { graderFile, type ExerciseEntry } from '../../lib/manifest.js';
import { canaryNames } from './canary.js';

/** Folder of the wrappers inside a workspace. */
export const WRAPPER_DIR = 'grading';

/** Canaries per wrapper: this many before the suite and as many after it. */
const CANARIES_EACH_SIDE = 2;

/** One suite's wrapper file (workspace-relative) and the canary names it registers. */
export interface Wrapper {
  file: string;
  canaries: string[];
}

/** The suites of one exercise as wrapper files, null when a suite is absent. */
export interface ExerciseWrappers {
  hidden: Wrapper | null;
  visible: Wrapper | null;
}

/**
 * Writes the wrappers of one exercise into workspace `root`. `taken` are the suites' real test
 * names (no canary may share one); `canaries: false` writes none (the reference listing).
 */
export function writeWrappers(
  root: string,
  entry: ExerciseEntry,
  withHidden: boolean,
  options: { canaries: boolean; taken?: readonly string[] } = { canaries: true },
): ExerciseWrappers {
  mkdirSync(path.join(root, WRAPPER_DIR), { recursive: true });
  const hiddenSuite = graderFile(entry.slug, 'hidden');
  const visibleSuite = `exercises/${entry.slug}/${entry.files.test}`;
  const names = (): string[] => (options.canaries ? canaryNames(2 * CANARIES_EACH_SIDE, options.taken) : []);
  return {
    hidden: withHidden && existsSync(path.join(root, hiddenSuite)) ? write(root, `${entry.slug}.hidden.test.ts`, hiddenSuite, names()) : null,
    visible: existsSync(path.join(root, visibleSuite)) ? write(root, `${entry.slug}.visible.test.ts`, visibleSuite, names()) : null,
  };
}

function write(root: string, name: string, suite: string, canaries: string[]): Wrapper {
  const file = `${WRAPPER_DIR}/${name}`;
  const before = canaries.slice(0, CANARIES_EACH_SIDE);
  const after = canaries.slice(CANARIES_EACH_SIDE);
  const body = [
    '// Written by the grader for one run: tests that must fail, the suite, more tests that must fail.',
    "import { registerCanaries } from '../grader/src/canary.js';",
    '',
    `registerCanaries(${JSON.stringify(before)});`,
    `await import('../${suite.replace(/\.ts$/, '.js')}');`,
    `registerCanaries(${JSON.stringify(after)});`,
    '',
  ].join('\n');
  writeFileSync(path.join(root, file), body);
  return { file, canaries };
}
