/**
 * Calibration of exercise 2's load check on the embedded backend (exact: cost model on a virtual
 * clock, seeded): the baseline (naive code) measures exactly the BASELINE figures, with a mean at
 * seed 002's "current" 150 ms; the reference solution meets every target (on the secret parameters
 * too, with CACHELAB_SLOW=1); the untouched stub gets no figure, each with an error naming the TODO.
 */
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { check, loadImplementation, type Exercise2Implementation } from '../../../lib/exercises/exercise-2-latency/check.js';
import { BASELINE, FIGURE_IDS } from '../../../lib/exercises/exercise-2-latency/check/figures.js';
import { meets } from '../../../lib/load/types.js';
import secret from './secret.js';
import { byId, expectEveryTargetMet, roleDirs } from '../../calibration/roles.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const dirs = roleDirs('exercise-2-latency');

describe('exercise 2 load check, embedded', () => {
  const impl: Partial<Record<keyof typeof dirs, Exercise2Implementation>> = {};
  beforeAll(async () => {
    for (const k of Object.keys(dirs) as (keyof typeof dirs)[]) impl[k] = await loadImplementation(dirs[k]);
  });

  test('the baseline reproduces seed 002’s 150 ms: the calibrated figures, exactly', async () => {
    const result = await check.run(impl.baseline!, check.visible);
    const figures = byId(result);
    expect(result.figures.map((f) => f.id)).toEqual([...FIGURE_IDS]);
    for (const id of FIGURE_IDS) {
      if (BASELINE[id] === undefined) continue;
      expect(figures[id]!.value, `${id}: update BASELINE in lib/exercises/exercise-2-latency/check/figures.ts if the check changed on purpose`).toBe(
        BASELINE[id],
      );
      expect(meets(figures[id]!.value, figures[id]!.target), `${id} should miss its target`).toBe(false);
    }
    expect(figures['mean-latency']!.value, 'the seed’s "current" average latency is 150 ms').toBeGreaterThan(140);
    expect(figures['mean-latency']!.value).toBeLessThan(160);
    expect(figures['failed-requests']!.value, 'the naive code is slow, not wrong').toBe(0);
  });

  test('the reference solution meets every target on the visible parameters', async () => {
    const result = await check.run(impl.solution!, check.visible);
    expectEveryTargetMet(result);
  });

  // Twice the visible scale takes ~10 s more: run it with CACHELAB_SLOW=1 after changing the check.
  test.runIf(process.env.CACHELAB_SLOW === '1')('the reference solution meets every target on the secret parameters', async () => {
    const result = await check.run(impl.solution!, { ...secret, backend: 'embedded' });
    expectEveryTargetMet(result);
  });

  test('the untouched stub gets no figure, and each says what is not implemented', async () => {
    const result = await check.run(impl.stub!, check.visible);
    for (const f of result.figures) {
      expect(f.value, f.id).toBeNaN();
      expect(f.error, f.id).toMatch(/TODO/);
    }
  });

  test('loadImplementation names the missing file or export', async () => {
    await expect(loadImplementation(path.join(root, 'grader'))).rejects.toThrow(/latency-optimizer\.ts is missing/);
  });
});
