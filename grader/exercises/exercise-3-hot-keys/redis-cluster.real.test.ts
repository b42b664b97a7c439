/**
 * Exercise 3's reference solution on a real Redis Cluster (issue 17, item 2): 6 redis-server
 * nodes (3 masters, 3 replicas) formed by redis-cli on private loopback ports, each app instance
 * an ioredis Cluster client behind HotKeyCache (lib/exercises/exercise-3-hot-keys/redis-cluster-cache.ts).
 * Load per node is read from each master's own INFO commandstats, not counted by the client. A
 * hot key's slot is migrated to another master in the middle of a mitigated run with writes: the
 * servers answer MOVED (and ASK for the keys already moved), and no request of the reference
 * solution fails.
 */
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keySlot } from '../../../lib/backends/cache/cluster/slots.js';
import { parseCommandStats, startRedisCluster, type ClusterNodeInfo, type RedisClusterProcess } from '../../../lib/backends/cache/redis-cluster.js';
import { clusterReady, redisClusterCache } from '../../../lib/exercises/exercise-3-hot-keys/redis-cluster-cache.js';
import type { HotKeyCache, HotKeyMitigatorApi } from '../../../lib/exercises/exercise-3-hot-keys/types.js';
import { HotKeyMitigator } from '../../../solutions/exercise-3-hot-keys/hot-key-mitigator.js';

const HOT = 'post:{viral}';
/** Cold keys in the hot key's slot (so a migration of that slot moves keys in several batches) and elsewhere. */
const SAME_SLOT = Array.from({ length: 60 }, (_, i) => `post:{viral}:c${i}`);
const COLD = Array.from({ length: 240 }, (_, i) => `post:${i}`);
const OPTIONS = { threshold: 20, windowMs: 1000, maxStalenessMs: 200, replicas: 3 };

let cluster: RedisClusterProcess;
let masters: ClusterNodeInfo[];
const opened: HotKeyCache[] = [];

beforeAll(async () => {
  cluster = await startRedisCluster({ server: 'redis' });
  masters = (await cluster.nodes()).filter((n) => n.role === 'master');
  const loader = cluster.client();
  await clusterReady(loader);
  for (const k of [HOT, ...SAME_SLOT, ...COLD]) await loader.set(k, `${k}@0`);
  loader.disconnect();
}, 60_000);

afterAll(async () => {
  for (const c of opened) await c.quit().catch(() => undefined);
  await cluster?.stop();
});

/** One app instance's cache: its own ioredis Cluster connection. */
async function cache(): Promise<HotKeyCache> {
  const client: Cluster = cluster.client();
  await clusterReady(client);
  const c = redisClusterCache(
    client,
    masters.map((m) => `127.0.0.1:${m.port}`),
  );
  opened.push(c);
  return c;
}

/** GET calls each master has served so far, from its INFO commandstats, in master order. */
async function getsByMaster(): Promise<number[]> {
  return Promise.all(masters.map(async (m) => parseCommandStats(await cluster.nodeClient(m.port).info('commandstats')).get('get') ?? 0));
}

async function errorReplies(prefix: string): Promise<number> {
  let total = 0;
  for (const port of cluster.ports)
    total += Number(new RegExp(`^errorstat_${prefix}:count=(\\d+)`, 'm').exec(await cluster.nodeClient(port).info('errorstats'))?.[1] ?? 0);
  return total;
}

/** A deterministic stream: 90% reads of the hot key, the rest cold keys (a tenth of them in its slot). */
function keyAt(worker: number, i: number): string {
  const r = (i * 7919 + worker * 104_729) % 1000;
  if (r < 900) return HOT;
  return r % 10 === 0 ? SAME_SLOT[r % SAME_SLOT.length]! : COLD[r % COLD.length]!;
}

interface Driven {
  ops: number;
  failures: string[];
  nulls: string[];
}

/**
 * Four app instances, `ops` operations each (and, with `during`, on until 300 ms after it ended);
 * worker 0 also writes the hot key every 10th op.
 */
async function drive(
  apps: Array<{ get(k: string): Promise<string | null>; set(k: string, v: string): Promise<unknown> }>,
  ops: number,
  during?: () => Promise<void>,
): Promise<Driven> {
  const out: Driven = { ops: 0, failures: [], nulls: [] };
  let going = during !== undefined;
  const loops = apps.map(async (app, w) => {
    for (let i = 0; i < ops || going; i++) {
      if (i % 50 === 0) await new Promise((r) => setImmediate(r)); // let the migration's commands through
      const key = keyAt(w, i);
      try {
        if (w === 0 && i % 10 === 5) await app.set(HOT, `${HOT}@${i}`);
        else if ((await app.get(key)) === null) out.nulls.push(key);
      } catch (error) {
        out.failures.push(`${key}: ${(error as Error).message}`);
      }
      out.ops += 1;
    }
  });
  if (during) loops.push(during().finally(() => setTimeout(() => (going = false), 300)));
  await Promise.all(loops);
  return out;
}

const shares = (d: number[]) =>
  d.map(
    (n) =>
      n /
      Math.max(
        1,
        d.reduce((a, b) => a + b, 0),
      ),
  );

describe('exercise 3 on a real Redis Cluster (3 masters, 3 replicas)', () => {
  it("without mitigation one master serves the hot key's reads; the reference solution spreads them and keeps most in the process", async () => {
    const home = masters.findIndex((m) => m.slots.some(([a, b]) => keySlot(HOT) >= a && keySlot(HOT) <= b));
    const plain = await Promise.all([0, 1, 2, 3].map(() => cache()));
    let before = await getsByMaster();
    const raw = await drive(plain, 500);
    const rawGets = (await getsByMaster()).map((n, i) => n - before[i]!);
    expect([raw.failures, raw.nulls]).toEqual([[], []]);
    expect(shares(rawGets)[home]!, `GETs per master without mitigation: ${rawGets.join(', ')}`).toBeGreaterThan(0.85);

    const apps: HotKeyMitigatorApi[] = await Promise.all([0, 1, 2, 3].map(async () => new HotKeyMitigator(await cache(), OPTIONS)));
    before = await getsByMaster();
    const mitigated = await drive(apps, 500);
    const gets = (await getsByMaster()).map((n, i) => n - before[i]!);
    expect([mitigated.failures, mitigated.nulls]).toEqual([[], []]);
    expect(Math.max(...shares(gets)), `GETs per master with the reference solution: ${gets.join(', ')} (without: ${rawGets.join(', ')})`).toBeLessThan(0.7);
    expect(
      gets.reduce((a, b) => a + b, 0),
      'reads that reached the cluster at all',
    ).toBeLessThan(rawGets.reduce((a, b) => a + b, 0) / 2);
    for (const app of apps) expect(app.getMetrics().hotKeys).toContain(HOT);
  });

  it("keeps every request of the reference solution working while the hot key's slot migrates to another master", async () => {
    const apps: HotKeyMitigatorApi[] = await Promise.all([0, 1, 2, 3].map(async () => new HotKeyMitigator(await cache(), OPTIONS)));
    const slot = keySlot(HOT);
    const from = masters.find((m) => m.slots.some(([a, b]) => slot >= a && slot <= b))!;
    const current = (await cluster.nodes()).find((n) => n.role === 'master' && n.slots.some(([a, b]) => slot >= a && slot <= b))!;
    const to = masters.find((m) => m.id !== current.id)!;
    const [moved0, ask0] = [await errorReplies('MOVED'), await errorReplies('ASK')];
    let migrated = 0;
    const run = await drive(apps, 800, async () => {
      await new Promise((r) => setTimeout(r, 150)); // once the key is hot
      migrated = (await cluster.migrateSlot(slot, to.port, { batch: 4, pauseMs: 15 })).keys;
    });
    expect(run.failures).toEqual([]);
    expect(run.nulls).toEqual([]);
    expect(run.ops).toBeGreaterThanOrEqual(3200);
    expect(migrated).toBeGreaterThanOrEqual(1 + SAME_SLOT.length);
    expect((await cluster.nodes()).find((n) => n.slots.some(([a, b]) => slot >= a && slot <= b))!.id).toBe(to.id);
    expect(await errorReplies('MOVED'), 'the old owner redirected the clients (MOVED) once the slot had moved').toBeGreaterThan(moved0);
    expect(await errorReplies('ASK'), 'keys already moved were asked for at the old owner (ASK)').toBeGreaterThan(ask0);
    const after = await cache();
    expect(await after.get(HOT)).toMatch(/^post:\{viral\}@\d+$/);
    expect(after.nodeOf(HOT), "nodeOf follows the servers' map").toBe(masters.indexOf(to));
    void from;
  });
});
