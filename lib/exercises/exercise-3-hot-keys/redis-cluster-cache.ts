/**
 * Exercise 3's cache (HotKeyCache) over a real Redis Cluster: an ioredis `Cluster` client, so the
 * servers own the slot map and the client follows their MOVED and ASK redirects, plus what the
 * exercise adds to it: `nodeOf(key)`, the index of the master serving the key's slot in the map the
 * client holds now (it changes after a reshard), and `nodeClient(i)`, a plain client of master i.
 * Masters are numbered in the order given (lib/backends/cache/redis-cluster.ts lists them by port);
 * the caller may change the array in place after a failover (redis-cluster.ts in this folder does).
 */
import { Redis, type Cluster } from 'ioredis';
import { keySlot } from '../../backends/cache/cluster/slots.js';
import type { CacheClient } from '../../backends/types.js';
import type { HotKeyCache } from './types.js';

/** Waits until `client` is connected and has the slot map (ioredis fills `slots` on 'ready'). */
export async function clusterReady(client: Cluster): Promise<void> {
  if (client.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve());
    client.once('end', () => reject(new Error('the Redis Cluster client closed before it was ready')));
  });
}

/** Options of {@link redisClusterCache}. */
export interface RedisClusterCacheOptions {
  /**
   * The owner (`host:port`) of a slot while `client` has no slot map yet (it is still
   * connecting), e.g. from a ready client of the same cluster. Default: none (nodeOf throws).
   */
  slotOwner?: (slot: number) => string | undefined;
  /**
   * The node index of a serving `host:port` (default: its place in `masters`). A cluster that
   * numbers its shards can map a master's replica to the same index, so a failover keeps it.
   */
  indexOf?: (address: string) => number;
}

/**
 * Wraps an ioredis Cluster client (ready, or with `options.slotOwner`); `masters` are `host:port`
 * of the masters in node order. Commands go through the Cluster client unchanged (pipelines and
 * MULTI as ioredis allows them: keys of one slot; commands sent before it is ready wait in its queue).
 */
export function redisClusterCache(client: Cluster, masters: readonly string[], options: RedisClusterCacheOptions = {}): HotKeyCache {
  const plain = new Map<number, { at: string; client: Redis }>();
  const own: Record<string, unknown> = {
    nodeOf(key: string): number {
      const slot = keySlot(key);
      const owner = client.slots[slot]?.[0] ?? options.slotOwner?.(slot);
      const index = owner === undefined ? -1 : (options.indexOf ?? ((a: string) => masters.indexOf(a)))(owner);
      if (index >= 0) return index;
      throw new RangeError(
        `Slot ${slot} of ${JSON.stringify(key)} is served by ${owner ?? 'no node the client knows yet'}, not one of the masters ${masters.join(', ')}.`,
      );
    },
    nodeClient(index: number): CacheClient {
      const at = masters[index];
      if (at === undefined) throw new RangeError(`The cluster has nodes 0..${masters.length - 1}; there is no node ${index}.`);
      let c = plain.get(index);
      // `masters` may change under us (a failover): a client of the node that serves index now.
      if (!c || c.at !== at) {
        c?.client.disconnect();
        const [host, port] = [at.slice(0, at.lastIndexOf(':')), Number(at.slice(at.lastIndexOf(':') + 1))];
        c = { at, client: new Redis(port, host, { maxRetriesPerRequest: 1 }) };
        c.client.on('error', () => undefined);
        plain.set(index, c);
      }
      return c.client;
    },
    async quit() {
      for (const c of plain.values()) c.client.disconnect();
      plain.clear();
      await client.quit().catch(() => undefined);
      return 'OK';
    },
    disconnect() {
      for (const c of plain.values()) c.client.disconnect();
      plain.clear();
      client.disconnect();
    },
  };
  return new Proxy(own, {
    get(target, prop) {
      if (typeof prop === 'string' && prop in target) return target[prop];
      const value = Reflect.get(client, prop, client) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(client) : value;
    },
  }) as unknown as HotKeyCache;
}
