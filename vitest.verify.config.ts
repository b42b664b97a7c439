/**
 * The kit's own suite (`npm run verify`):
 * - `kit`: tests of lib/, fixtures/, grader/, lab/ and the kit proofs in tests/ (which run the
 *   suites against the untouched stubs in a child vitest and require every test to fail);
 * - `targets`: every visible suite and every hidden suite against `solutions/` (or
 *   CACHELAB_TARGET), all of which must pass.
 */
import { defineConfig } from 'vitest/config';
import { exerciseTarget, resolveTarget } from './lib/target-plugin.js';

const target = resolveTarget(process.env.CACHELAB_TARGET, 'solutions');

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        test: {
          name: 'kit',
          include: [
            'lib/**/*.test.ts',
            'fixtures/**/*.test.ts',
            'grader/**/*.test.ts',
            'lab/**/*.test.ts',
            'tests/**/*.test.ts',
            // the reference solutions' own tests (the model of what a student's own tests look like)
            'solutions/**/*.test.ts',
          ],
          exclude: ['grader/exercises/*/hidden.test.ts', '**/node_modules/**'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [exerciseTarget(target)],
        test: {
          name: 'targets',
          include: ['exercises/**/*.test.ts', 'grader/exercises/*/hidden.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
