/**
 * Exercise 3's cluster as a real Redis Cluster (given code): 6 cluster-enabled redis-server (or
 * valkey-server) processes on loopback, 3 masters with a replica each (lib/backends/cache/
 * redis-cluster.ts), the same HotKeyCluster API as the client-side router of cluster.ts. Each app
 * instance gets its own ioredis `Cluster` client (redis-cluster-cache.ts), so the servers own the
 * slot map and the client follows MOVED and ASK. The nodes of exercise 3 are the masters (the
 * replicas hold copies of their master's slots and serve no reads unless a client asks for them).
 *
 * Load per master comes from each master's own INFO commandstats (`serverCounts`), beside the
 * client-side counts (`traffic`), which are what give reads per key. `setDown` is still the
 * client's switch (commands for that master fail with E_NODE_DOWN): a master stopped for real is
 * replaced by its replica within the cluster's node timeout, which changes the node map under
 * the test. `failover(i)` is the real thing, gracefully: master i's replica takes over (CLUSTER
 * FAILOVER) and keeps index i, so `nodeOf` and the counts go on naming the same shard.
 */
import { exists, hasFlag } from '@ioredis/commands';
import type { Cluster } from 'ioredis';
import { parseCommandStats, startRedisCluster, type RedisClusterProcess } from '../../backends/cache/redis-cluster.js';
import type { ServerKind } from '../../backends/cache/redis-process.js';
import { commandKeys } from '../../backends/cache/traffic.js';
import type { HotKeyCluster, ServerCounts } from './cluster.js';
import { ClusterUnavailableError } from './errors.js';
import { clusterReady, redisClusterCache } from './redis-cluster-cache.js';
import { TrafficMeter } from './traffic.js';
import type { HotKeyCache } from './types.js';

/** Options of {@link createHotKeyRedisCluster}. */
export interface HotKeyRedisClusterOptions {
  /** A running cluster to use (it is not stopped on close()). Default: start one of 6 nodes. */
  process?: RedisClusterProcess;
  /** Which server binary to start (default `any`: redis-server, else valkey-server). */
  server?: ServerKind;
}

/** A HotKeyCluster on a real Redis Cluster, with the process behind it. */
export interface HotKeyRedisCluster extends HotKeyCluster {
  readonly redisCluster: RedisClusterProcess;
  /** Ports of the masters, in node order (after a failover, the replica that took over). */
  readonly masterPorts: readonly number[];
}

/**
 * Commands that are not the application's load: INFO and CLUSTER … (the kit's and ioredis's own),
 * connection setup, replication between master and replica, ASKING (part of a redirect), and the
 * admin client's FLUSHALL / SCAN.
 */
const HOUSEKEEPING = new Set([
  'info',
  'cluster',
  'command',
  'client',
  'config',
  'hello',
  'ping',
  'readonly',
  'readwrite',
  'select',
  'auth',
  'quit',
  'asking',
  'replconf',
  'psync',
  'sync',
  'migrate',
  'restore-asking',
  'flushall',
  'flushdb',
  'scan',
  'dbsize',
]);

/** Application commands and reads in one INFO commandstats reply. */
function countsOf(info: string): { commands: number; reads: number } {
  let commands = 0;
  let reads = 0;
  for (const [name, calls] of parseCommandStats(info)) {
    const base = name.split('|')[0]!;
    if (HOUSEKEEPING.has(base)) continue;
    commands += calls;
    if (!name.includes('|') && exists(base) && hasFlag(base, 'readonly')) reads += calls;
  }
  return { commands, reads };
}

/** Starts (or takes) a Redis Cluster and returns it as exercise 3's cluster; see the module comment. */
export async function createHotKeyRedisCluster(options: HotKeyRedisClusterOptions = {}): Promise<HotKeyRedisCluster> {
  let proc: RedisClusterProcess;
  try {
    proc = options.process ?? (await startRedisCluster({ ...(options.server ? { server: options.server } : {}), timeoutMs: 60_000 }));
  } catch (error) {
    throw new ClusterUnavailableError('a Redis Cluster of 6 nodes (redis-cli --cluster create) on free loopback ports 7040-7299', error);
  }
  const owned = options.process === undefined;
  const all = await proc.nodes();
  const masters = all.filter((n) => n.role === 'master');
  // Node i is master i's shard: its replica keeps the index when it takes over (failover).
  const ports = masters.map((m) => m.port);
  const addresses = ports.map((p) => `127.0.0.1:${p}`);
  const shard = new Map<string, number>();
  for (const n of all) {
    const i = masters.findIndex((m) => m.id === (n.role === 'master' ? n.id : n.masterId));
    if (i >= 0) shard.set(`127.0.0.1:${n.port}`, i);
  }
  const indexOf = (address: string) => shard.get(address) ?? -1;
  const admin = proc.client();
  await clusterReady(admin);
  const slotOwner = (slot: number) => admin.slots[slot]?.[0];
  const adminCache = redisClusterCache(admin, addresses, { indexOf });
  const meter = new TrafficMeter(masters.length);
  const connections: Cluster[] = [];
  const opened: HotKeyCache[] = [];

  return {
    kind: 'real',
    clusterKind: 'redis-cluster',
    nodes: masters.length,
    redisCluster: proc,
    masterPorts: ports,
    client(name = 'exercise-3-app') {
      const connection = proc.client({ redisOptions: { connectionName: name } });
      connections.push(connection);
      const cache = redisClusterCache(connection, addresses, { slotOwner, indexOf });
      const nodeOfCommand = (command: string, args: string[]) => {
        const key = commandKeys(command, args)[0];
        if (key === undefined) return undefined;
        try {
          return cache.nodeOf(key);
        } catch {
          return undefined; // a slot served by a node that is not one of the masters (after a failover)
        }
      };
      // The meter passes nodeOf and nodeClient through (they are not commands).
      const wrapped = meter.wrap(cache, nodeOfCommand) as unknown as HotKeyCache;
      opened.push(wrapped);
      return wrapped;
    },
    nodeOf: (key) => adminCache.nodeOf(key),
    traffic: meter,
    setDown: (node, down) => meter.setDown(node, down),
    peek: (key) => admin.get(key),
    pttl: (key) => admin.pttl(key),
    async keysOnNode(node) {
      const port = ports[node];
      if (port === undefined) throw new RangeError(`The cluster has nodes 0..${masters.length - 1}; there is no node ${node}.`);
      const client = proc.nodeClient(port);
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await client.scan(cursor, 'COUNT', 1000);
        keys.push(...batch);
        cursor = next;
      } while (cursor !== '0');
      return keys;
    },
    async load(entries) {
      let batch: Promise<unknown>[] = [];
      for (const [k, v] of entries) {
        batch.push(admin.set(k, v));
        if (batch.length >= 500) {
          await Promise.all(batch);
          batch = [];
        }
      }
      await Promise.all(batch);
    },
    async flush() {
      await Promise.all(ports.map((p) => proc.nodeClient(p).flushall()));
      meter.reset();
    },
    async serverCounts(): Promise<ServerCounts> {
      const per = await Promise.all(ports.map(async (p) => countsOf(await proc.nodeClient(p).info('commandstats'))));
      return { commands: per.map((c) => c.commands), reads: per.map((c) => c.reads) };
    },
    async failover(node) {
      const current = await proc.nodes();
      const master = current.find((n) => n.port === ports[node]);
      const replica = current.find((n) => n.role === 'replica' && n.masterId === master?.id);
      if (!master || !replica) throw new RangeError(`Node ${node} (127.0.0.1:${ports[node]}) has no replica to fail over to.`);
      await proc.failover(replica.port);
      ports[node] = replica.port;
      addresses[node] = `127.0.0.1:${replica.port}`;
    },
    async ready() {
      await Promise.all(connections.filter((c) => c.status !== 'end').map((c) => clusterReady(c)));
    },
    async close() {
      await Promise.all(opened.map((c) => c.quit().catch(() => undefined)));
      await admin.quit().catch(() => undefined);
      if (owned) await proc.stop();
    },
  };
}
