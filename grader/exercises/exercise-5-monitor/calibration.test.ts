/**
 * Calibration of exercise 5's load check on the embedded backend (exact: virtual clock, seeded):
 * the baseline (static thresholds on raw samples) measures exactly the BASELINE figures — floods
 * of flapping alerts, missed slow incidents; the reference solution meets every target on the
 * visible and the secret parameters; the untouched stub gets no figure, each with an error naming
 * the TODO.
 */
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Exercise5Module } from '../../../lib/exercises/exercise-5-monitor/types.js';
import { check, loadImplementation } from '../../../lib/exercises/exercise-5-monitor/check.js';
import { BASELINE, FIGURE_IDS, type FigureId } from '../../../lib/exercises/exercise-5-monitor/check/figures.js';
import { meets } from '../../../lib/load/types.js';
import secret from './secret.js';
import { byId, expectEveryTargetMet, roleDirs } from '../../calibration/roles.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const dirs = roleDirs('exercise-5-monitor');

/** What the issue says the naive monitor gets wrong: these must miss their targets. */
const BASELINE_MISSES: FigureId[] = [
  'recall-memory',
  'recall-connections',
  'precision-hit-ratio',
  'precision-latency',
  'precision-evictions',
  'precision-hot-key',
  'precision-connections',
  'false-alarms',
  'flaps',
  'time-to-detect',
  'escalations-correct',
  'recommendation-match',
  'live-false-alarms',
];

describe('exercise 5 load check, embedded', () => {
  const impl: Partial<Record<keyof typeof dirs, Exercise5Module>> = {};
  beforeAll(async () => {
    for (const k of Object.keys(dirs) as (keyof typeof dirs)[]) impl[k] = await loadImplementation(dirs[k]);
  });

  test('the baseline: floods of flapping alerts and missed slow incidents, the calibrated figures exactly', async () => {
    const result = await check.run(impl.baseline!, check.visible);
    const figures = byId(result);
    expect(result.figures.map((f) => f.id)).toEqual([...FIGURE_IDS]);
    for (const id of FIGURE_IDS) {
      expect(figures[id]!.value, `${id}: update BASELINE in lib/exercises/exercise-5-monitor/check/figures.ts if the check changed on purpose`).toBe(
        BASELINE[id],
      );
    }
    for (const id of BASELINE_MISSES) expect(meets(figures[id]!.value, figures[id]!.target), `${id} should miss its target`).toBe(false);
    expect(figures.flaps!.value, 'flapping alerts').toBeGreaterThan(5);
  });

  test('the reference solution meets every target on the visible parameters', async () => {
    const result = await check.run(impl.solution!, check.visible);
    expectEveryTargetMet(result);
  });

  test('the reference solution meets every target on the secret parameters (another seed, twice the series)', async () => {
    const result = await check.run(impl.solution!, { ...secret, backend: 'embedded' });
    expectEveryTargetMet(result);
    expect(result.notes[0]).toMatch(/labelled series: 8/);
  });

  test('the untouched stub gets no figure, and each says what is not implemented', async () => {
    const result = await check.run(impl.stub!, check.visible);
    for (const f of result.figures) {
      expect(f.value, f.id).toBeNaN();
      expect(f.error, f.id).toMatch(/TODO/);
    }
  });

  test('loadImplementation names the missing file or export', async () => {
    await expect(loadImplementation(path.join(root, 'grader'))).rejects.toThrow(/monitor\.ts is missing/);
  });
});
