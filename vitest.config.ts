/**
 * The student's config: `npm test exercise-4` runs exercise 4's visible suite against the files in
 * `exercises/` (or against CACHELAB_TARGET, which the grader and `npm run verify` set).
 */
import { defineConfig } from 'vitest/config';
import { exerciseTarget, resolveTarget } from './lib/target-plugin.js';

export default defineConfig({
  plugins: [exerciseTarget(resolveTarget(process.env.CACHELAB_TARGET, 'exercises'))],
  test: {
    include: ['exercises/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
