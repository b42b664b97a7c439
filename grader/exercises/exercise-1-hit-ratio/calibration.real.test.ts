/**
 * Calibration of exercise 1's load check on real Redis: a redis-server of its own (maxmemory is
 * server-wide, so never the shared 6379) on a loopback port, the same maxmemory as the embedded
 * budget. Wall-clock runs are not exact, so the baseline is checked against the seed's "current"
 * state (about 65% hit ratio, a full cache) and the solution against every target.
 */
import { describe, expect, test } from 'vitest';
import { check, loadImplementation, runCheck } from '../../../lib/exercises/exercise-1-hit-ratio/check.js';
import type { LoadCheckResult } from '../../../lib/load/types.js';
import { byId, expectEveryTargetMet, roleDirs } from '../../calibration/roles.js';

const dirs = roleDirs('exercise-1-hit-ratio');
const ports = [6410, 6416, 6417];
const params = { ...check.visible, backend: 'real' as const };
const show = (r: LoadCheckResult) => r.figures.map((f) => `${f.id} = ${f.value}${f.error ? ` (${f.error})` : ''}`).join('; ');

describe('exercise 1 load check, real Redis', () => {
  test('the baseline reproduces "65% hit ratio, 95% memory" on Redis', async () => {
    const result = await runCheck(await loadImplementation(dirs.baseline), { ...params, scale: 0.5 }, { ports });
    const f = byId(result);
    expect(f['hit-ratio']!.value, show(result)).toBeGreaterThanOrEqual(58);
    expect(f['hit-ratio']!.value, show(result)).toBeLessThanOrEqual(72);
    expect(f['peak-memory']!.value, show(result)).toBeGreaterThanOrEqual(95);
    expect(f['stale-reads']!.value, show(result)).toBeGreaterThan(0);
    expect(f.evictions!.value, show(result)).toBeGreaterThan(f.evictions!.target.value);
  });

  test('the reference solution meets every target on Redis with the same budget', async () => {
    const result = await runCheck(await loadImplementation(dirs.solution), params, { ports });
    expectEveryTargetMet(result);
  });

  test('a real run that cannot start its redis-server says so', async () => {
    const result = await runCheck(await loadImplementation(dirs.solution), { ...params, scale: 0.1 }, { ports: [6379] });
    expect(result.figures[0]!.error).toMatch(/6379 already has a Redis server/);
  });
});
