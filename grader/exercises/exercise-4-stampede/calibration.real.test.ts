/**
 * Calibration of exercise 4's load check on real Redis (CACHE_URL, default 127.0.0.1:6379; every
 * key under a unique prefix, deleted afterwards). Wall-clock figures are not exact, so the baseline
 * is checked against the seed's "current" state (a source call per caller, a thundering herd,
 * errors in an outage) and the solution against every target. Hot-key callers run in 4 processes.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { realBackend } from '../../../lib/exercises/exercise-4-stampede/backends.js';
import { check, loadImplementation } from '../../../lib/exercises/exercise-4-stampede/check.js';
import { scenarioParams } from '../../../lib/exercises/exercise-4-stampede/check/params.js';
import { byId, expectEveryTargetMet, roleDirs } from '../../calibration/roles.js';

const dirs = roleDirs('exercise-4-stampede');
const params = { ...check.visible, backend: 'real' as const };

describe('exercise 4 load check, real Redis', () => {
  beforeAll(async () => {
    // Fails with a clear message (start Redis, or set CACHE_URL) when the server is down.
    await (await realBackend()).close();
  });

  test('the baseline reproduces "frequent stampedes" on Redis', async () => {
    const result = await check.run(await loadImplementation(dirs.baseline), params);
    const f = byId(result);
    const callers = scenarioParams(params).hotKey.callers;
    expect(f['hot-key-source-calls']!.value, 'about one source call per caller').toBeGreaterThanOrEqual(0.9 * callers);
    expect(f['peak-hour-concurrent-loads']!.value, 'a thundering herd at the common expiry').toBeGreaterThan(f['peak-hour-concurrent-loads']!.target.value);
    expect(f['peak-hour-calls-per-expiry']!.value).toBeGreaterThan(f['peak-hour-calls-per-expiry']!.target.value);
    expect(f['caller-errors']!.value, 'errors in the outage: nothing stale to serve').toBeGreaterThan(0);
    expect(f['duplicate-loads']!.value).toBeGreaterThan(0);
  });

  test('the reference solution meets every target on Redis', async () => {
    const result = await check.run(await loadImplementation(dirs.solution), params);
    expectEveryTargetMet(result);
  });
});
