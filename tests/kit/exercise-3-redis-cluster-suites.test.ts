/**
 * Exercise 3's hidden suite and load check on a real Redis Cluster (issue 17, item 2), with the
 * reference solution: one cluster of 6 redis-server nodes (3 masters, 3 replicas) for the file,
 * started by lib/exercises/exercise-3/redis-cluster.ts, each app instance an ioredis Cluster
 * client. The suite runs with its node counts taken from the 3 masters; the load check's node load
 * is what each master's INFO commandstats counted; the suite's Redis Cluster-only test fails a
 * master over to its replica during reads and writes. The grader's own runs stay on the router
 * (embedded and 6 standalone servers): this file is the kit's proof that the same tests and
 * targets hold on a real cluster.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { createHotKeyRedisCluster, type HotKeyRedisCluster } from '../../lib/exercises/exercise-3/redis-cluster.js';
import type { Exercise3Module } from '../../lib/exercises/exercise-3/types.js';
import { check, loadImplementation, measure, resultOf } from '../../lib/load/exercise-3.js';
import { registerExercise3Suite } from '../../grader/suites/exercise-3.suite.js';
import { byId, expectEveryTargetMet, roleDirs } from '../../grader/calibration/roles.js';
import { HotKeyDetector } from '../../solutions/exercise-3-hot-keys/hot-key-detector.js';
import { HotKeyMitigator } from '../../solutions/exercise-3-hot-keys/hot-key-mitigator.js';

const solution: Exercise3Module = { HotKeyMitigator, HotKeyDetector };
const dirs = roleDirs('exercise-3-hot-keys');
const params = { ...check.visible, backend: 'real' as const };

let opened: Promise<HotKeyRedisCluster> | undefined;
let startPorts: number[] = [];
const open = () =>
  (opened ??= createHotKeyRedisCluster({ server: 'redis' }).then((c) => {
    startPorts = [...c.masterPorts];
    return c;
  }));

afterAll(async () => {
  await (await opened?.catch(() => undefined))?.close();
}, 60_000);

registerExercise3Suite(() => solution, { backend: 'real', cluster: 'redis-cluster', open });

describe('exercise 3 load check on a real Redis Cluster (3 masters, INFO commandstats)', () => {
  test("the suite's failover test handed one shard to its replica for real", async () => {
    const cluster = await open();
    const changed = cluster.masterPorts.filter((p, i) => p !== startPorts[i]);
    expect(changed.length, `masters at the start ${startPorts.join(', ')}, now ${cluster.masterPorts.join(', ')}`).toBe(1);
    const roles = new Map((await cluster.redisCluster.nodes()).map((n) => [n.port, n.role]));
    expect(cluster.masterPorts.map((p) => roles.get(p))).toEqual(['master', 'master', 'master']);
  });

  test('the baseline still shows the hot keys: the top 5% of keys draw about 80% of the reads, one master above the mean', async () => {
    const cluster = await open();
    const m = await measure(await loadImplementation(dirs.baseline), params, { cluster });
    const f = byId(resultOf(m, params));
    expect(m.outcome.errors, m.outcome.firstError).toBe(0);
    expect(m.params.nodes, 'the replay runs on the masters').toBe(3);
    expect(m.outcome.epochs.every((e) => e.clientCommandsByNode !== undefined), 'node load from the servers').toBe(true);
    expect(m.top5Share, 'share of backend reads drawn by the top 5% of keys (seed 002: 80%)').toBeGreaterThan(77);
    expect(m.top5Share).toBeLessThan(83);
    expect(f['hot-key-traffic-share']!.value).toBeGreaterThan(65);
    expect(f['node-load-ratio']!.value, 'the busiest master well above the mean (target ≤ 1.5)').toBeGreaterThan(1.5);
    expect(f['detection-recall']!.value).toBe(0);
    expect(f['stale-reads']!.value, 'a pass-through is never stale').toBe(0);
    // What the masters counted is what the clients sent (their counts only miss the kit's own commands).
    for (const e of m.outcome.epochs) {
      for (const [i, n] of e.commandsByNode.entries()) expect(Math.abs(n - e.clientCommandsByNode![i]!), `master ${i}: servers ${e.commandsByNode.join('/')}, clients ${e.clientCommandsByNode!.join('/')}`).toBeLessThanOrEqual(Math.max(5, n * 0.02));
    }
  });

  test('the reference solution meets every target, node load measured on the masters', async () => {
    const cluster = await open();
    const m = await measure(solution, params, { cluster });
    expectEveryTargetMet(resultOf(m, params));
  });
});
