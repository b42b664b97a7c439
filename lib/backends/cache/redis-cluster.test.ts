/**
 * A real 6-node Redis Cluster (3 masters, 3 replicas) on private loopback ports (a free block from
 * 7040, bus ports +10000), through ioredis's Cluster client (issue 17, item 2, first part): the
 * slot map the servers agree on, a hot key's load measured by each node's own INFO commandstats
 * (one master takes it all; scaleReads moves the reads to its replica after READONLY; copies
 * under other keys spread it over the masters), and a slot migrated while a client reads and
 * writes its keys: MOVED and ASK answered by the servers (INFO errorstats), no request failed.
 */
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keySlot } from './cluster/slots.js';
import { parseCommandStats, startRedisCluster, type RedisClusterProcess } from './redis-cluster.js';

let cluster: RedisClusterProcess;
const clients: Cluster[] = [];

beforeAll(async () => {
  cluster = await startRedisCluster({ server: 'redis' });
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await cluster?.stop();
});

function open(options: Parameters<RedisClusterProcess['client']>[0] = {}): Cluster {
  const c = cluster.client(options);
  clients.push(c);
  return c;
}

/** Calls of `command` on every node, by port. */
async function calls(command: string): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const port of cluster.ports) out.set(port, parseCommandStats(await cluster.nodeClient(port).info('commandstats')).get(command) ?? 0);
  return out;
}

const delta = (after: Map<number, number>, before: Map<number, number>) => new Map([...after].map(([p, n]) => [p, n - (before.get(p) ?? 0)]));

/** Error replies of kind `prefix` (MOVED, ASK) each node has sent, from INFO errorstats. */
async function errorReplies(prefix: string): Promise<number> {
  let total = 0;
  for (const port of cluster.ports) {
    const m = new RegExp(`^errorstat_${prefix}:count=(\\d+)`, 'm').exec(await cluster.nodeClient(port).info('errorstats'));
    total += Number(m?.[1] ?? 0);
  }
  return total;
}

describe('a real Redis Cluster of 6 nodes', () => {
  it('has 3 masters covering all 16,384 slots, each with one replica, and places keys by the same slot rule as the kit', async () => {
    const nodes = await cluster.nodes();
    const masters = nodes.filter((n) => n.role === 'master');
    expect([masters.length, nodes.length - masters.length]).toEqual([3, 3]);
    expect(masters.flatMap((m) => m.slots).reduce((s, [a, b]) => s + b - a + 1, 0)).toBe(16_384);
    for (const m of masters) expect(nodes.filter((n) => n.masterId === m.id)).toHaveLength(1);
    const admin = cluster.nodeClient(cluster.ports[0]!);
    for (const key of ['product:1', 'user:{42}:cart', '{hot}:copy:2', 'a{}b', ''])
      expect([key, Number(await admin.cluster('KEYSLOT', key))]).toEqual([key, keySlot(key)]);
  });

  it("sends every read of a hot key to one master; scaleReads: 'slave' moves them to its replica (READONLY), copies under other keys spread them", async () => {
    const nodes = await cluster.nodes();
    const hot = 'product:hot';
    const owner = nodes.find((n) => n.role === 'master' && n.slots.some(([a, b]) => keySlot(hot) >= a && keySlot(hot) <= b))!;
    const replica = nodes.find((n) => n.masterId === owner.id)!;
    const plain = open();
    await plain.set(hot, 'v1');
    let before = await calls('get');
    for (let i = 0; i < 300; i++) await plain.get(hot);
    let d = delta(await calls('get'), before);
    expect(d.get(owner.port)).toBe(300);
    expect([...d].filter(([p]) => p !== owner.port).every(([, n]) => n === 0)).toBe(true);

    const readonlyBefore = await calls('readonly');
    const readers = open({ scaleReads: 'slave' });
    // The client reads to a replica only once its slot map lists one for the slot (on a loaded
    // machine its first CLUSTER SLOTS may predate it): refresh until it does.
    const slot = keySlot(hot);
    await readers.get(hot);
    for (let i = 0; i < 100 && !(readers.slots[slot] ?? []).some((k) => k.endsWith(`:${replica.port}`)); i++) {
      await new Promise<void>((resolve) => readers.refreshSlotsCache(() => resolve()));
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(readers.slots[slot], 'the client never learned the replica of the hot slot').toContain(`127.0.0.1:${replica.port}`);
    // Wait for the replica to have the value (replication is asynchronous: the staleness a replica read risks).
    const replicaClient = cluster.nodeClient(replica.port);
    await replicaClient.call('READONLY');
    for (let i = 0; i < 50 && (await replicaClient.get(hot)) !== 'v1'; i++) await new Promise((r) => setTimeout(r, 20));
    before = await calls('get');
    for (let i = 0; i < 300; i++) expect(await readers.get(hot)).toBe('v1');
    d = delta(await calls('get'), before);
    expect([d.get(owner.port), d.get(replica.port)]).toEqual([0, 300]);
    // One READONLY from the check above, at least one from ioredis on its connection to the replica.
    expect(delta(await calls('readonly'), readonlyBefore).get(replica.port)).toBeGreaterThanOrEqual(2);

    // Copies under keys with other slots (hot#0 … hot#5) land on every master.
    const copies = Array.from({ length: 6 }, (_, i) => `${hot}#${i}`);
    for (const k of copies) await plain.set(k, 'v1');
    before = await calls('get');
    for (let i = 0; i < 300; i++) await plain.get(copies[i % copies.length]!);
    d = delta(await calls('get'), before);
    const perMaster = nodes.filter((n) => n.role === 'master').map((m) => d.get(m.port)!);
    expect(perMaster.reduce((a, b) => a + b, 0)).toBe(300);
    expect(perMaster.every((n) => n > 0 && n < 300)).toBe(true);
  });

  it('keeps serving a slot while it migrates to another master: MOVED and ASK are answered, no request fails, every read sees the last write', async () => {
    const client = open();
    const keys = Array.from({ length: 200 }, (_, i) => `{migrating}:k${i}`);
    const slot = keySlot(keys[0]!);
    const last = new Map<string, string>();
    for (const k of keys) {
      await client.set(k, '0');
      last.set(k, '0');
    }
    const nodes = await cluster.nodes();
    const from = nodes.find((n) => n.role === 'master' && n.slots.some(([a, b]) => slot >= a && slot <= b))!;
    const to = nodes.find((n) => n.role === 'master' && n.id !== from.id)!;
    const [moved0, ask0] = [await errorReplies('MOVED'), await errorReplies('ASK')];
    let stop = false;
    let requests = 0;
    const failures: string[] = [];
    const stale: string[] = [];
    const worker = async (w: number): Promise<void> => {
      for (let i = 0; !stop; i++) {
        const k = keys[(i * 7 + w * 13) % keys.length]!;
        try {
          if (i % 4 === 0) {
            const v = `${w}.${i}`;
            await client.set(k, v);
            last.set(k, v);
          } else {
            const v = await client.get(k);
            // Each key is written by one worker at a time only in this order, so a read must see a value it wrote.
            if (v === null) stale.push(`${k}: null`);
          }
        } catch (error) {
          failures.push(`${k}: ${(error as Error).message}`);
        }
        requests += 1;
      }
    };
    const workers = [0, 1, 2, 3].map((w) => worker(w));
    const migrated = await cluster.migrateSlot(slot, to.port, { batch: 5, pauseMs: 10 });
    await new Promise((r) => setTimeout(r, 300)); // keep going on the new owner
    stop = true;
    await Promise.all(workers);
    expect(migrated.keys).toBe(200);
    expect(failures).toEqual([]);
    expect(stale).toEqual([]);
    expect(requests).toBeGreaterThan(200);
    const owner = (await cluster.nodes()).find((n) => n.slots.some(([a, b]) => slot >= a && slot <= b))!;
    expect(owner.id).toBe(to.id);
    for (const k of keys) expect(await client.get(k)).toBe(last.get(k));
    expect(await errorReplies('MOVED'), 'the old owner redirected the client once the slot had moved').toBeGreaterThan(moved0);
    expect(await errorReplies('ASK'), 'keys already moved were asked for on the old owner during the migration').toBeGreaterThan(ask0);
  });
});
