/**
 * Calibration of exercise 3's load check on the embedded cluster (exact: virtual clock, seeded):
 * the baseline (a pass-through) measures exactly the BASELINE figures, with the top 5% of keys
 * drawing seed 002's 80% of the backend's reads; the reference solution meets every target, on
 * the visible and the secret parameters; the untouched stub gets no figure, each with an error
 * naming the TODO; and flawed variants of the solution miss the target that is about their flaw.
 */
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Exercise3Module } from '../../../lib/exercises/exercise-3-hot-keys/types.js';
import { check, loadImplementation, measure, resultOf } from '../../../lib/exercises/exercise-3-hot-keys/check.js';
import { BASELINE, FIGURE_IDS } from '../../../lib/exercises/exercise-3-hot-keys/check/figures.js';
import { meets, type LoadCheckResult } from '../../../lib/load/types.js';
import secret from './secret.js';
import { flawedVariants } from './calibration.variants.js';
import { byId, expectEveryTargetMet, roleDirs } from '../../calibration/roles.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const dirs = roleDirs('exercise-3-hot-keys');
const describeFigures = (r: LoadCheckResult) => r.figures.map((f) => `${f.id} = ${f.value} ${f.error ?? ''}`).join('; ');

describe('exercise 3 load check, embedded', () => {
  const impl: Partial<Record<keyof typeof dirs, Exercise3Module>> = {};
  beforeAll(async () => {
    for (const k of Object.keys(dirs) as (keyof typeof dirs)[]) impl[k] = await loadImplementation(dirs[k]);
  });

  test('the baseline reproduces "5% of keys draw 80% of the traffic": the calibrated figures, exactly', async () => {
    const m = await measure(impl.baseline!, check.visible);
    const result = resultOf(m, check.visible);
    const figures = byId(result);
    expect(result.figures.map((f) => f.id)).toEqual([...FIGURE_IDS]);
    expect(Math.abs(m.top5Share - 80), `top 5% of keys drew ${m.top5Share}% of backend reads (seed 002: 80%)`).toBeLessThan(1);
    for (const id of FIGURE_IDS) {
      if (BASELINE[id] !== undefined)
        expect(figures[id]!.value, `${id}: update BASELINE in lib/exercises/exercise-3-hot-keys/check/figures.ts if the check changed on purpose`).toBe(
          BASELINE[id],
        );
    }
    for (const id of ['hot-key-traffic-share', 'node-load-ratio', 'detection-precision', 'detection-recall'] as const) {
      expect(meets(figures[id]!.value, figures[id]!.target), `${id} should miss its target`).toBe(false);
    }
    expect(m.outcome.errors).toBe(0);
  });

  test('the reference solution meets every target on the visible parameters', async () => {
    const result = await check.run(impl.solution!, check.visible);
    expectEveryTargetMet(result);
  });

  test('the reference solution meets every target on the secret parameters, where the baseline still misses', async () => {
    const params = { ...secret, backend: 'embedded' as const };
    const solution = await check.run(impl.solution!, params);
    expectEveryTargetMet(solution);
    const baseline = byId(await check.run(impl.baseline!, params));
    expect(meets(baseline['hot-key-traffic-share']!.value, baseline['hot-key-traffic-share']!.target)).toBe(false);
    expect(meets(baseline['node-load-ratio']!.value, baseline['node-load-ratio']!.target)).toBe(false);
  });

  test('the untouched stub gets no figure, and each says what is not implemented', async () => {
    const result = await check.run(impl.stub!, check.visible);
    for (const f of result.figures) {
      expect(f.value, f.id).toBeNaN();
      expect(f.error, f.id).toMatch(/TODO/);
    }
  });

  test('each flaw costs the figure that measures it', async () => {
    for (const variant of flawedVariants(impl.solution!)) {
      const result = await check.run(variant.module, check.visible);
      const missed = result.figures.filter((f) => !meets(f.value, f.target)).map((f) => f.id);
      expect(missed, `${variant.name}: ${describeFigures(result)}`).toEqual(expect.arrayContaining(variant.misses));
    }
  });

  test('loadImplementation names the missing file or export', async () => {
    await expect(loadImplementation(path.join(root, 'grader'))).rejects.toThrow(/hot-key-mitigator\.ts is missing/);
  });
});
