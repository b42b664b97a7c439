/**
 * The cache cluster exercise 3 runs on (given code): N nodes with Redis Cluster's hash slots,
 * embedded (in-process, virtual time) or real (redis-server processes on loopback, or the servers
 * in CACHE_CLUSTER_URLS). Each app instance gets its own routing client; every command it sends
 * is counted per node and per key where it reaches a node (TrafficMeter), and a node can be
 * switched off. Checks use an uncounted admin client (`peek`, `exists`, `keysOnNode`).
 */
import { randomUUID } from 'node:crypto';
import { createCacheCluster, type CacheCluster, type ClusterClient } from '../../backends/cache/cluster.js';
import { createClusterClient } from '../../backends/cache/cluster/router.js';
import { keySlot, slotTable } from '../../backends/cache/cluster/slots.js';
import type { BackendKind, CacheClient } from '../../backends/types.js';
import { clusterKindFromEnv, clusterUrlsFromEnv, type ClusterKind } from '../../config.js';
import { ClusterUnavailableError } from './errors.js';
import { freePorts } from './ports.js';
import { TrafficMeter } from './traffic.js';
import type { HotKeyCache } from './types.js';

/** Options of {@link createHotKeyCluster}. */
export interface HotKeyClusterOptions {
  backend: BackendKind;
  /** Number of nodes. Default 6. */
  nodes?: number;
  /** Real: loopback ports to start redis-server on (default: CACHE_CLUSTER_URLS if set, else free ports). */
  ports?: number[];
  /** Real: URLs of running servers, one per node (default CACHE_CLUSTER_URLS). */
  urls?: string[];
  /**
   * Real: `router` (N standalone servers behind the kit's client-side router) or `redis-cluster`
   * (a real Redis Cluster of 6 nodes, 3 masters with a replica each, that this call starts; see
   * redis-cluster.ts). Default: CACHE_CLUSTER_KIND, else `router`. Embedded is always a router.
   */
  kind?: ClusterKind;
}

/** What a real exercise 3 cluster is: the kit's client-side router, or a real Redis Cluster (CACHE_CLUSTER_KIND, lib/config.ts). */
export type { ClusterKind } from '../../config.js';

/** Commands and reads each master ran, as its own INFO commandstats counts them (cumulative). */
export interface ServerCounts {
  /** Commands per master, in node order, leaving out the kit's own and the cluster's housekeeping (INFO, CLUSTER …, REPLCONF, ASKING, …). */
  commands: number[];
  /** Read-only commands (GET, MGET, EXISTS, PTTL, …) per master, in node order. */
  reads: number[];
}

/** A cluster for exercise 3; see the module comment. */
export interface HotKeyCluster {
  readonly kind: BackendKind;
  /** `router` (embedded, or standalone servers) or `redis-cluster`. */
  readonly clusterKind: ClusterKind;
  /** Nodes that own slots (a Redis Cluster's masters: its replicas are not counted). */
  readonly nodes: number;
  /** A new routing client (one connection per node), as one app instance opens it. */
  client(name?: string): HotKeyCache;
  /** Index of the node owning `key` (Redis Cluster's hash slot rule, hashtags included). */
  nodeOf(key: string): number;
  /** Commands and reads that reached the nodes from every client() since the last reset. */
  readonly traffic: TrafficMeter;
  /** Switches a node off (its commands fail with E_NODE_DOWN) or on again. Data stays. */
  setDown(node: number, down: boolean): void;
  /** The stored value of `key`, read without being counted. */
  peek(key: string): Promise<string | null>;
  /** Remaining TTL of `key` in ms (-1 no TTL, -2 missing), without being counted. */
  pttl(key: string): Promise<number>;
  /** Every key stored on node `node`, without being counted. */
  keysOnNode(node: number): Promise<string[]>;
  /** Writes key/value pairs without counting them (warm-up). */
  load(entries: Iterable<[string, string]>): Promise<void>;
  /** Deletes every key and zeroes the counters. */
  flush(): Promise<void>;
  /** Closes every client, and stops the server processes this cluster started. */
  close(): Promise<void>;
  /** Redis Cluster only: what each master's own INFO commandstats counts (the router's nodes have only the client-side `traffic`). */
  serverCounts?(): Promise<ServerCounts>;
  /** Redis Cluster only: node `node`'s replica takes over from its master (CLUSTER FAILOVER); the index stays. */
  failover?(node: number): Promise<void>;
  /** Redis Cluster only: waits until every client() opened so far is connected and has the slot map. */
  ready?(): Promise<void>;
}

/** Creates the cluster; real nodes are started (or checked) before it returns. */
export async function createHotKeyCluster(options: HotKeyClusterOptions): Promise<HotKeyCluster> {
  if (options.backend === 'real' && (options.kind ?? clusterKindFromEnv()) === 'redis-cluster') {
    const { createHotKeyRedisCluster } = await import('./redis-cluster.js');
    return createHotKeyRedisCluster();
  }
  const urls = options.backend === 'real' ? (options.urls ?? (options.ports ? undefined : clusterUrlsFromEnv())) : undefined;
  const nodes = options.nodes ?? urls?.length ?? 6;
  // Servers someone else runs are shared: keep our keys under a prefix, so flush() deletes only them.
  const keyPrefix = urls ? `cachelab:ex3:${randomUUID().slice(0, 8)}:` : '';
  if (options.backend === 'embedded') return wrapCluster(await createCacheCluster({ backend: 'embedded', nodes }), keyPrefix);
  const ports = urls ? undefined : (options.ports ?? (await freePorts(nodes)));
  const where = urls ? `CACHE_CLUSTER_URLS=${urls.join(',')}` : `redis-server on 127.0.0.1 ports ${ports!.join(', ')}`;
  try {
    return wrapCluster(await createCacheCluster({ backend: 'real', nodes, urls, ports, real: { keyPrefix } }), keyPrefix);
  } catch (error) {
    throw new ClusterUnavailableError(where, error);
  }
}

function wrapCluster(cluster: CacheCluster, keyPrefix: string): HotKeyCluster {
  const n = cluster.nodes.length;
  const table = slotTable(n);
  const meter = new TrafficMeter(n);
  const admins = cluster.nodes.map((node) => node.createClient('exercise-3-admin'));
  const admin = createClusterClient(admins, table);
  const opened: ClusterClient[] = [admin];
  const nodeOf = (key: string) => table[keySlot(key)]!;

  async function keysOnNode(node: number): Promise<string[]> {
    const client = admins[node]!;
    const keys: string[] = [];
    let cursor = '0';
    do {
      // ioredis does not prefix SCAN's pattern: match and strip the prefix ourselves.
      const [next, batch] = await client.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 1000);
      keys.push(...batch.map((k) => k.slice(keyPrefix.length)));
      cursor = next;
    } while (cursor !== '0');
    return keys;
  }

  return {
    kind: cluster.kind,
    clusterKind: 'router',
    nodes: n,
    client(name = 'exercise-3-app') {
      const wrapped = cluster.nodes.map((node, i) => meter.wrap(node.createClient(name), i));
      const client = createClusterClient(wrapped, table);
      opened.push(client);
      return client;
    },
    nodeOf,
    traffic: meter,
    setDown: (node, down) => meter.setDown(node, down),
    peek: (key) => admin.get(key),
    pttl: (key) => admin.pttl(key),
    keysOnNode,
    async load(entries) {
      const byNode = new Map<number, [string, string][]>();
      for (const [k, v] of entries) {
        const i = nodeOf(k);
        if (!byNode.has(i)) byNode.set(i, []);
        byNode.get(i)!.push([k, v]);
      }
      await Promise.all(
        [...byNode].map(async ([i, pairs]) => {
          for (let at = 0; at < pairs.length; at += 500) {
            const pipe = (admins[i] as CacheClient).pipeline();
            for (const [k, v] of pairs.slice(at, at + 500)) pipe.set(k, v);
            await pipe.exec();
          }
        }),
      );
    },
    async flush() {
      await cluster.flush();
      meter.reset();
    },
    async close() {
      await Promise.all(opened.map((c) => c.quit().catch(() => undefined)));
      await cluster.close();
    },
  };
}
