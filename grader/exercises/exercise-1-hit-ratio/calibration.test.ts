/**
 * Calibration of exercise 1's load check on the embedded backend (exact: virtual clock, seeded
 * eviction): the baseline (naive cache-aside) measures exactly the BASELINE figures, which sit at
 * seed 002's "65% hit ratio, 95% memory"; the offline optimum is ≥ 94%; the reference solution
 * meets every target, and misses one as soon as a taught technique is taken out; the untouched
 * stub gets no figure, each with an error naming the TODO.
 */
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { check, loadImplementation, prepare, runCheck, type Exercise1Implementation } from '../../../lib/exercises/exercise-1-hit-ratio/check.js';
import { BASELINE, FIGURE_IDS } from '../../../lib/exercises/exercise-1-hit-ratio/check/figures.js';
import { meets } from '../../../lib/load/types.js';
import secret from './secret.js';
import { invalidatingWrites, uncompressedValues } from './calibration/ablations.js';
import { byId, expectEveryTargetMet, roleDirs } from '../../calibration/roles.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const dirs = roleDirs('exercise-1-hit-ratio');

describe('exercise 1 load check, embedded', () => {
  const impl: Partial<Record<keyof typeof dirs, Exercise1Implementation>> = {};
  beforeAll(async () => {
    for (const k of Object.keys(dirs) as (keyof typeof dirs)[]) impl[k] = await loadImplementation(dirs[k]);
  });

  test('the offline optimum for the visible trace and budget is at least 94%', () => {
    expect(prepare(check.visible).optimum.hitRatio).toBeGreaterThanOrEqual(94);
  });

  test('the baseline reproduces "65% hit ratio, 95% memory": the calibrated figures, exactly', async () => {
    const result = await check.run(impl.baseline!, check.visible);
    const f = byId(result);
    expect(result.figures.map((x) => x.id)).toEqual([...FIGURE_IDS]);
    for (const id of FIGURE_IDS) {
      expect(f[id]!.value, `${id}: update BASELINE in lib/exercises/exercise-1-hit-ratio/check/figures.ts if the check changed on purpose`).toBe(BASELINE[id]);
      expect(meets(f[id]!.value, f[id]!.target), `${id} should miss its target`).toBe(false);
    }
    expect(Math.abs(f['hit-ratio']!.value - 65), 'seed 002: 65% hit ratio').toBeLessThanOrEqual(2);
    expect(f['peak-memory']!.value, 'seed 002: 95% memory (a full cache sits at its limit)').toBeGreaterThanOrEqual(95);
  });

  test('the reference solution meets every target, within reach of the optimum', async () => {
    const result = await check.run(impl.solution!, check.visible);
    expectEveryTargetMet(result);
    expect(byId(result)['hit-ratio']!.value).toBeLessThanOrEqual(prepare(check.visible).optimum.hitRatio + 0.5);
  });

  test('without write-through or without compact values, the reference misses a target', async () => {
    const params = { ...check.visible, scale: 0.5 };
    const invalidating = byId(await runCheck({ module: invalidatingWrites(impl.solution!.module), dir: '' }, params));
    expect(invalidating['hit-ratio']!.value, 'hit ratio when writes only invalidate').toBeLessThan(90);
    const uncompressed = byId(await runCheck({ module: uncompressedValues(impl.solution!.module), dir: '' }, params));
    expect(uncompressed['peak-memory']!.value, 'peak memory with values stored as they are').toBeGreaterThanOrEqual(80);
  });

  // Twice the visible scale takes ~15 s of CPU: run it with CACHELAB_SLOW=1 after changing the check.
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
    expect(
      result.notes.some((n) => /not used: optimizeCacheKeys: TODO/.test(n)),
      result.notes.join('\n'),
    ).toBe(true);
  });

  test('loadImplementation names the missing file or export', async () => {
    await expect(loadImplementation(path.join(root, 'grader'))).rejects.toThrow(/optimizer\.ts is missing/);
  });
});
