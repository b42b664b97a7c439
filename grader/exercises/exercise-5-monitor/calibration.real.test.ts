/**
 * Calibration of exercise 5's live run on real Redis: a redis-server of its own (ports
 * CACHELAB_EX5_PORTS, default 6440-6449; never the shared 6379, since the run flushes it and
 * fills its memory), time compressed 50×. Wall-clock figures are not exact: the baseline is
 * checked for what makes it the baseline (alerts on the two one-sample blips), the solution
 * against every target of the whole check with --backend real.
 */
import { describe, expect, test } from 'vitest';
import { check, loadImplementation, runLive } from '../../../lib/exercises/exercise-5-monitor/check.js';
import { checkSetup } from '../../../lib/exercises/exercise-5-monitor/check/params.js';
import { expectEveryTargetMet, roleDirs } from '../../calibration/roles.js';

const dirs = roleDirs('exercise-5-monitor');
const params = { ...check.visible, backend: 'real' as const };

describe('exercise 5 load check, real Redis', () => {
  test('the baseline alerts on one-sample blips of a live Redis', async () => {
    // Only the first part of the run (the two blips come before the first incident): 5 s, not 21.
    const setup = checkSetup(params);
    const live = await runLive(await loadImplementation(dirs.baseline), params, { ...setup, live: { ...setup.live, totalTicks: setup.live.flushAt } });
    expect(live.errors).toEqual([]);
    expect(live.falseAlarms, 'a cold-key scan and a burst on one key, each one sample long').toBeGreaterThan(0);
  });

  test('the reference solution meets every target with --backend real', async () => {
    const result = await check.run(await loadImplementation(dirs.solution), params);
    expectEveryTargetMet(result);
  });
});
