/**
 * A cache "cluster" of N nodes for exercise 3 (hot keys, per-node load): N independent servers
 * behind a client-side router that uses Redis Cluster's hash slots (cluster/slots.ts). Embedded:
 * N embedded servers. Real: N standalone redis-server processes started on loopback ports, or
 * the servers listed in CACHE_CLUSTER_URLS. It is not Redis Cluster: no MOVED/ASK redirects, no
 * resharding, no replicas; the slot map is fixed at creation (docs/backends.md).
 */
import { clusterUrlsFromEnv } from '../../config.js';
import type { BackendKind, CacheTraffic } from '../types.js';
import { createEmbeddedCacheServer, type EmbeddedCacheOptions } from './embedded.js';
import { CacheConfigError } from './errors.js';
import { selectBackend } from './index.js';
import { createRealCacheServer, parseCacheUrl, type RealCacheOptions } from './real.js';
import { startRedisServer, type RedisProcess } from './redis-process.js';
import type { InstrumentedCacheServer } from './traffic.js';
import { createClusterClient, type ClusterClient } from './cluster/router.js';
import { keySlot, slotRanges, slotTable } from './cluster/slots.js';

export { keySlot, slotRanges } from './cluster/slots.js';
export { ClusterRoutingError, type ClusterClient } from './cluster/router.js';

/** Options of {@link createCacheCluster}. */
export interface CacheClusterOptions {
  /** Backend (default: as selectBackend chooses). */
  backend?: BackendKind;
  /** Number of nodes (default 3, or the number of URLs). */
  nodes?: number;
  /** Real: node URLs (default: CACHE_CLUSTER_URLS, comma-separated). */
  urls?: string[];
  /** Real without URLs: loopback ports to start redis-server processes on, one per node. */
  ports?: number[];
  /** Options of each embedded node (maxmemory, policy, cost model, clock, …). */
  embedded?: EmbeddedCacheOptions;
  /** Options of each real node's clients. */
  real?: RealCacheOptions;
}

/** N cache nodes behind a slot router; see the module comment. */
export interface CacheCluster {
  readonly kind: BackendKind;
  readonly nodes: readonly InstrumentedCacheServer[];
  /** Slot ranges [first, last] of each node. */
  readonly ranges: readonly [number, number][];
  /** A routing client (one connection per node). */
  createClient(name?: string): ClusterClient;
  /** Index of the node owning `key`. */
  nodeOf(key: string): number;
  /** Traffic of all nodes together. */
  traffic(): CacheTraffic;
  /** Traffic of each node, in node order. */
  trafficByNode(): CacheTraffic[];
  resetTraffic(): void;
  flush(): Promise<void>;
  /** Closes every client, and stops the server processes this cluster started. */
  close(): Promise<void>;
}

/** Sums per-node traffic. */
function sumTraffic(parts: CacheTraffic[]): CacheTraffic {
  const commands = new Map<string, number>();
  const keys = new Map<string, number>();
  let total = 0;
  for (const p of parts) {
    total += p.total;
    for (const [k, v] of p.commands) commands.set(k, (commands.get(k) ?? 0) + v);
    for (const [k, v] of p.keys) keys.set(k, (keys.get(k) ?? 0) + v);
  }
  return { commands, keys, total };
}

/** Creates the nodes and the router; real nodes are checked (or started) before it returns. */
export async function createCacheCluster(options: CacheClusterOptions = {}): Promise<CacheCluster> {
  const kind = selectBackend({ backend: options.backend });
  const processes: RedisProcess[] = [];
  let nodes: InstrumentedCacheServer[];
  if (kind === 'embedded') {
    nodes = Array.from({ length: options.nodes ?? 3 }, () => createEmbeddedCacheServer(options.embedded));
  } else {
    let urls = options.urls ?? clusterUrlsFromEnv();
    if (!urls) {
      const ports = options.ports;
      if (!ports || ports.length === 0) {
        throw new CacheConfigError(
          'A real cache cluster needs node URLs (CACHE_CLUSTER_URLS=redis://127.0.0.1:7000,redis://127.0.0.1:7001,…) or loopback ports to start redis-server on (option ports).',
        );
      }
      try {
        for (const port of ports) processes.push(await startRedisServer({ port }));
      } catch (error) {
        await Promise.all(processes.map((p) => p.stop()));
        throw error;
      }
      urls = processes.map((p) => p.url);
    }
    urls.forEach((u) => parseCacheUrl(u));
    nodes = await Promise.all(urls.map((u) => createRealCacheServer(u, options.real)));
  }
  if (options.nodes !== undefined && options.nodes !== nodes.length) {
    throw new CacheConfigError(`The cluster was asked for ${options.nodes} nodes but has ${nodes.length} (URLs or ports given).`);
  }
  const table = slotTable(nodes.length);
  return {
    kind,
    nodes,
    ranges: slotRanges(nodes.length),
    createClient: (name?: string) =>
      createClusterClient(
        nodes.map((n) => n.createClient(name)),
        table,
      ),
    nodeOf: (key) => table[keySlot(key)]!,
    traffic: () => sumTraffic(nodes.map((n) => n.traffic())),
    trafficByNode: () => nodes.map((n) => n.traffic()),
    resetTraffic: () => nodes.forEach((n) => n.resetTraffic()),
    flush: async () => {
      await Promise.all(nodes.map((n) => n.flush()));
    },
    close: async () => {
      await Promise.all(nodes.map((n) => n.close()));
      await Promise.all(processes.map((p) => p.stop()));
    },
  };
}
