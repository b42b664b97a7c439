/**
 * The student's config: `npm test exercise-4` runs exercise 4's visible suite against the files in
 * `exercises/` (or against CACHELAB_TARGET, which the grader and `npm run verify` set), after
 * type-checking those files (lib/typecheck-setup.ts).
 */
import { defineConfig } from 'vitest/config';
import { EXERCISES_DIR, exerciseTarget, resolveTarget } from './lib/target-plugin.js';

export default defineConfig({
  plugins: [exerciseTarget(resolveTarget(process.env.CACHELAB_TARGET, 'exercises'))],
  test: {
    include: ['exercises/**/*.test.ts'],
    // tsc over the named exercises' files first: vitest runs code without checking its types.
    globalSetup: ['lib/typecheck-setup.ts'],
    // Show students the frames in their own files only, not the kit's internals.
    onStackTrace: (_error, frame) => frame.file.startsWith(EXERCISES_DIR),
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
