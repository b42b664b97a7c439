/**
 * vitest globalSetup of the student's config (`npm test exercise-N`): type-checks the files of the
 * exercises the command names (lib/typecheck.ts), as the grader does before it runs anything. The
 * tests still run (their messages teach too); the type errors, each with its file and line, are
 * printed after them and fail the run. CACHELAB_TYPECHECK=0 skips the check.
 */
import { resolveTarget } from './target-plugin.js';
import { exercisesNamed, formatTypeProblems, typecheckExercises } from './typecheck.js';

/** The globalSetup entry point; its teardown reports the problems. */
export default function setup(): (() => void) | undefined {
  if (process.env.CACHELAB_TYPECHECK === '0') return undefined;
  const target = resolveTarget(process.env.CACHELAB_TARGET, 'exercises');
  const problems = typecheckExercises(target, exercisesNamed(process.argv.slice(2)));
  if (problems.length === 0) return undefined;
  const n = problems.length;
  const message =
    `${n} type error${n === 1 ? '' : 's'} in your files: tsc rejects them, and the grader type-checks the files you edit the same way (E_COMPILE).\n` +
    `${formatTypeProblems(problems)}\n` +
    'Fix them and run the tests again (`npm run typecheck` checks the whole kit).';
  return () => {
    // Written by hand: a thrown error would come wrapped in vitest's "error during close".
    process.stderr.write(`\n${message}\n`);
    process.exitCode = 1;
  };
}
