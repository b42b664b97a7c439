/**
 * Calibration of exercise 2's load check on real Redis (CACHE_URL, default 127.0.0.1:6379; every
 * key under a unique prefix and a channel of its own, deleted afterwards). Latency is wall-clock
 * there, so it is reported, not asserted (loopback is far faster than the modelled network); what
 * is asserted is what the code does: the baseline's connection per request, round trip per key and
 * empty local tier, and the solution's targets on round trips, bytes, connections, local hits,
 * staleness and correctness.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { realBackend } from '../../../lib/exercises/exercise-2-latency/backends.js';
import { check, loadImplementation } from '../../../lib/exercises/exercise-2-latency/check.js';
import { meets } from '../../../lib/load/types.js';
import { byId, roleDirs } from '../../calibration/roles.js';

const dirs = roleDirs('exercise-2-latency');
const params = { ...check.visible, backend: 'real' as const };
const WALL_CLOCK = new Set(['mean-latency', 'p95-latency', 'p99-latency']);

describe('exercise 2 load check, real Redis', () => {
  beforeAll(async () => {
    // Fails with a clear message (start Redis, or set CACHE_URL) when the server is down.
    await (await realBackend()).close();
  });

  test('the baseline shows the naive picture on Redis: a connection per call, a round trip per key, nothing local', async () => {
    const f = byId(await check.run(await loadImplementation(dirs.baseline), params));
    expect(f['failed-requests']!.value, `${f['failed-requests']!.error ?? ''}`).toBe(0);
    expect(f['connections-per-request']!.value, 'connections opened per request').toBeGreaterThanOrEqual(1);
    expect(f['round-trips-per-request']!.value, 'round trips per request').toBeGreaterThan(10);
    expect(f['local-hit-ratio']!.value).toBe(0);
    expect(Number.isFinite(f['mean-latency']!.value), 'a wall-clock mean was measured').toBe(true);
  });

  test('the reference solution meets every target on Redis (latency measured, not asserted)', async () => {
    const result = await check.run(await loadImplementation(dirs.solution), params);
    for (const f of result.figures) {
      if (WALL_CLOCK.has(f.id)) expect(Number.isFinite(f.value), `${f.id}: ${f.error ?? ''}`).toBe(true);
      else expect(meets(f.value, f.target), `${f.id} = ${f.value} ${f.error ?? ''}, target ${f.target.op} ${f.target.value}`).toBe(true);
    }
  });
});
