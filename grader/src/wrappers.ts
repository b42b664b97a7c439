/**
 * Wrapper test files the grader writes into a workspace: each imports one suite (hidden or
 * visible) and then registers the canary, so the canary runs in the same file and worker as the
 * suite, after the student's code. The reference listing and the graded run use the same
 * wrappers, so test names match exactly.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ExerciseEntry } from '../../lib/manifest.js';

/** Folder of the wrappers inside a workspace. */
export const WRAPPER_DIR = 'grading';

/** The suites of one exercise as wrapper files (workspace-relative), null when a suite is absent. */
export interface ExerciseWrappers {
  hidden: string | null;
  visible: string | null;
}

/** Path of exercise N's hidden suite, relative to the kit root. */
export function hiddenSuitePath(id: number): string {
  return `grader/hidden/exercise-${id}.hidden.test.ts`;
}

/** Writes the wrappers of one exercise into workspace `root`. */
export function writeWrappers(root: string, entry: ExerciseEntry, withHidden: boolean): ExerciseWrappers {
  mkdirSync(path.join(root, WRAPPER_DIR), { recursive: true });
  const hiddenSuite = hiddenSuitePath(entry.id);
  const visibleSuite = `exercises/${entry.slug}/${entry.files.test}`;
  return {
    hidden: withHidden && existsSync(path.join(root, hiddenSuite)) ? write(root, `${entry.slug}.hidden.test.ts`, hiddenSuite) : null,
    visible: existsSync(path.join(root, visibleSuite)) ? write(root, `${entry.slug}.visible.test.ts`, visibleSuite) : null,
  };
}

function write(root: string, name: string, suite: string): string {
  const rel = `${WRAPPER_DIR}/${name}`;
  const body = [
    '// Written by the grader: the suite, then the canary (tests that must fail) in the same worker.',
    `import '../${suite.replace(/\.ts$/, '.js')}';`,
    "import { registerCanary } from '../grader/src/canary.js';",
    '',
    'registerCanary();',
    '',
  ].join('\n');
  writeFileSync(path.join(root, rel), body);
  return rel;
}
