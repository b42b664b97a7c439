/**
 * Calibration of exercise 3's load check on real Redis: 6 redis-server processes on private
 * loopback ports 7020-7025 (started here, stopped in afterAll), wall clock. Wall-clock figures are
 * not exact, so the baseline is checked against seed 002's "current" state (the top 5% of keys
 * draw about 80% of the backend's reads, one node well above the mean) and the solution against
 * every target.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHotKeyCluster, type HotKeyCluster } from '../../../lib/exercises/exercise-3-hot-keys/cluster.js';
import { check, loadImplementation, measure, resultOf } from '../../../lib/exercises/exercise-3-hot-keys/check.js';
import { byId, expectEveryTargetMet, roleDirs } from '../../calibration/roles.js';

const dirs = roleDirs('exercise-3-hot-keys');
const params = { ...check.visible, backend: 'real' as const };
const PORTS = [7020, 7021, 7022, 7023, 7024, 7025];

describe('exercise 3 load check, real Redis (6 redis-server processes)', () => {
  let cluster: HotKeyCluster;
  beforeAll(async () => {
    // Fails with a clear message when redis-server is not installed or a port is taken.
    cluster = await createHotKeyCluster({ backend: 'real', nodes: PORTS.length, ports: PORTS });
  });
  afterAll(async () => {
    await cluster?.close();
  });

  test('the baseline reproduces "5% of keys draw 80% of the traffic" on Redis', async () => {
    const m = await measure(await loadImplementation(dirs.baseline), params, { cluster });
    const f = byId(resultOf(m, params));
    expect(m.outcome.errors, m.outcome.firstError).toBe(0);
    expect(m.top5Share, 'share of backend reads drawn by the top 5% of keys (seed 002: 80%)').toBeGreaterThan(77);
    expect(m.top5Share).toBeLessThan(83);
    expect(f['hot-key-traffic-share']!.value).toBeGreaterThan(65);
    expect(f['node-load-ratio']!.value, 'one node far above the mean').toBeGreaterThan(1.5);
    expect(f['detection-recall']!.value).toBe(0);
    expect(f['stale-reads']!.value, 'a pass-through is never stale').toBe(0);
  });

  test('the reference solution meets every target on Redis', async () => {
    const m = await measure(await loadImplementation(dirs.solution), params, { cluster });
    const result = resultOf(m, params);
    expectEveryTargetMet(result);
  });
});
