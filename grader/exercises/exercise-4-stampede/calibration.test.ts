/**
 * Calibration of exercise 4's load check on the embedded backend (exact: virtual clock, seeded):
 * the baseline (naive cache-aside) measures exactly the BASELINE figures, which sit at seed 002's
 * "frequent stampedes"; the reference solution meets every target (on the secret parameters too,
 * with CACHELAB_SLOW=1); the untouched stub gets no figure, each with an error naming the TODO.
 */
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { check, loadImplementation, type Exercise4Implementation } from '../../../lib/exercises/exercise-4-stampede/check.js';
import { BASELINE, FIGURE_IDS } from '../../../lib/exercises/exercise-4-stampede/check/figures.js';
import { meets } from '../../../lib/load/types.js';
import secret from './secret.js';
import { byId, expectEveryTargetMet, roleDirs } from '../../calibration/roles.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const dirs = roleDirs('exercise-4-stampede');

describe('exercise 4 load check, embedded', () => {
  const impl: Partial<Record<keyof typeof dirs, Exercise4Implementation>> = {};
  beforeAll(async () => {
    for (const k of Object.keys(dirs) as (keyof typeof dirs)[]) impl[k] = await loadImplementation(dirs[k]);
  });

  test('the baseline reproduces "frequent stampedes": the calibrated figures, exactly', async () => {
    const result = await check.run(impl.baseline!, check.visible);
    const figures = byId(result);
    expect(result.figures.map((f) => f.id)).toEqual([...FIGURE_IDS]);
    for (const id of FIGURE_IDS) {
      if (BASELINE[id] !== undefined)
        expect(figures[id]!.value, `${id}: update BASELINE in lib/exercises/exercise-4-stampede/check/figures.ts if the check changed on purpose`).toBe(
          BASELINE[id],
        );
      if (id !== 'takeover-lock-ttls') expect(meets(figures[id]!.value, figures[id]!.target), `${id} should miss its target`).toBe(false);
    }
    expect(figures['hot-key-source-calls']!.value, 'naive cache-aside: one source call per caller').toBe(1000);
  });

  test('the reference solution meets every target on the visible parameters', async () => {
    const result = await check.run(impl.solution!, check.visible);
    expectEveryTargetMet(result);
  });

  // Twice the visible scale takes ~30 s: run it with CACHELAB_SLOW=1 after changing the check.
  test.runIf(process.env.CACHELAB_SLOW === '1')('the reference solution meets every target on the secret parameters', async () => {
    const result = await check.run(impl.solution!, { ...secret, backend: 'embedded' });
    expectEveryTargetMet(result);
  });

  test('the untouched stub gets no figure, and each says what is not implemented', async () => {
    const result = await check.run(impl.stub!, check.visible);
    const figures = byId(result);
    for (const id of FIGURE_IDS.filter((i) => i !== 'caller-errors')) {
      expect(figures[id]!.value, id).toBeNaN();
      expect(figures[id]!.error, id).toMatch(/TODO/);
    }
    expect(figures['caller-errors']!.value).toBeGreaterThan(0);
  });

  test('loadImplementation names the missing file or export', async () => {
    await expect(loadImplementation(path.join(root, 'grader'))).rejects.toThrow(/stampede\.ts is missing/);
  });
});
