/**
 * Exercise 3's hidden suite and load check on a real Redis Cluster (issue 17, item 2), with the
 * reference solution: one cluster of 6 redis-server nodes (3 masters, 3 replicas) for the file,
 * started by lib/exercises/exercise-3-hot-keys/redis-cluster.ts, each app instance an ioredis Cluster
 * client. The suite runs with its node counts taken from the 3 masters; the load check's node load
 * is what each master's INFO commandstats counted; the suite's Redis Cluster-only test fails a
 * master over to its replica during reads and writes; and a last load-check run reshards the hot
 * keys' slots to other masters while it runs (MOVED and ASK). The grader's own runs stay on the router
 * (embedded and 6 standalone servers): this file is the kit's proof that the same tests and
 * targets hold on a real cluster.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { keySlot } from '../../../lib/backends/cache/cluster/slots.js';
import { createHotKeyRedisCluster, type HotKeyRedisCluster } from '../../../lib/exercises/exercise-3-hot-keys/redis-cluster.js';
import type { Exercise3Module } from '../../../lib/exercises/exercise-3-hot-keys/types.js';
import { check, loadImplementation, measure, resultOf } from '../../../lib/exercises/exercise-3-hot-keys/check.js';
import { registerExercise3Suite } from './suite.js';
import { byId, expectEveryTargetMet, roleDirs } from '../../calibration/roles.js';
import { HotKeyDetector } from '../../../solutions/exercise-3-hot-keys/hot-key-detector.js';
import { HotKeyMitigator } from '../../../solutions/exercise-3-hot-keys/hot-key-mitigator.js';

const solution: Exercise3Module = { HotKeyMitigator, HotKeyDetector };
const dirs = roleDirs('exercise-3-hot-keys');
const params = { ...check.visible, backend: 'real' as const };
/** The keys the trace reads most in each epoch (from the baseline's run: the same trace every time). */
let hottest: string[] = [];

/** MOVED or ASK replies every node of the cluster has sent, from INFO errorstats. */
async function redirects(cluster: HotKeyRedisCluster, kind: 'MOVED' | 'ASK'): Promise<number> {
  let total = 0;
  for (const port of cluster.redisCluster.ports) {
    const info = await cluster.redisCluster.nodeClient(port).info('errorstats');
    total += Number(new RegExp(`^errorstat_${kind}:count=(\\d+)`, 'm').exec(info)?.[1] ?? 0);
  }
  return total;
}

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
    hottest = m.outcome.epochs.flatMap((e) =>
      [...e.readsByKey]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 10)
        .map(([k]) => k),
    );
    expect(m.params.nodes, 'the replay runs on the masters').toBe(3);
    expect(
      m.outcome.epochs.every((e) => e.clientCommandsByNode !== undefined),
      'node load from the servers',
    ).toBe(true);
    expect(m.top5Share, 'share of backend reads drawn by the top 5% of keys (the platform: 80%)').toBeGreaterThan(77);
    expect(m.top5Share).toBeLessThan(83);
    expect(f['hot-key-traffic-share']!.value).toBeGreaterThan(65);
    expect(f['node-load-ratio']!.value, 'the busiest master well above the mean (target ≤ 1.5)').toBeGreaterThan(1.5);
    expect(f['detection-recall']!.value).toBe(0);
    expect(f['stale-reads']!.value, 'a pass-through is never stale').toBe(0);
    // What the masters counted is what the clients sent (their counts only miss the kit's own commands).
    for (const e of m.outcome.epochs) {
      for (const [i, n] of e.commandsByNode.entries())
        expect(
          Math.abs(n - e.clientCommandsByNode![i]!),
          `master ${i}: servers ${e.commandsByNode.join('/')}, clients ${e.clientCommandsByNode!.join('/')}`,
        ).toBeLessThanOrEqual(Math.max(5, n * 0.02));
    }
  });

  test('the reference solution meets every target, node load measured on the masters', async () => {
    const cluster = await open();
    const m = await measure(solution, params, { cluster });
    expectEveryTargetMet(resultOf(m, params));
  });

  test("the hot keys' slots reshard to other masters during the reference solution's run: no request fails, every target still met", async ({ annotate }) => {
    const cluster = await open();
    expect(hottest.length, 'the baseline test ran first and found the hot keys').toBeGreaterThan(0);
    const slots = [...new Set(hottest.map((k) => keySlot(k)))];
    const [moved0, ask0] = [await redirects(cluster, 'MOVED'), await redirects(cluster, 'ASK')];
    let migrated = 0;
    const reshard = (async () => {
      await new Promise((r) => setTimeout(r, 2_000)); // inside the first epoch, once the keys are hot
      for (const slot of slots) {
        const masters = (await cluster.redisCluster.nodes()).filter((n) => n.role === 'master');
        const from = masters.findIndex((n) => n.slots.some(([a, b]) => slot >= a && slot <= b));
        const to = masters[(from + 1) % masters.length]!;
        await cluster.redisCluster.migrateSlot(slot, to.port, { batch: 1, pauseMs: 20 });
        migrated += 1;
      }
    })();
    const [m] = await Promise.all([measure(solution, params, { cluster }), reshard]);
    const result = resultOf(m, params);
    expect(m.outcome.errors, `${m.outcome.errors} of ${m.outcome.ops} operations failed (first: ${m.outcome.firstError})`).toBe(0);
    expect(migrated, `slots of the hot keys moved: ${slots.join(', ')}`).toBe(slots.length);
    expect(await redirects(cluster, 'MOVED'), 'the old owners answered MOVED, and the clients followed').toBeGreaterThan(moved0);
    await annotate(
      `reshard during the load check: ${slots.length} slots, MOVED ${(await redirects(cluster, 'MOVED')) - moved0}, ASK ${(await redirects(cluster, 'ASK')) - ask0}, ${m.outcome.ops} operations, figures ${result.figures.map((f) => `${f.id}=${f.value}`).join(' ')}`,
    );
    expectEveryTargetMet(result);
  });
});
