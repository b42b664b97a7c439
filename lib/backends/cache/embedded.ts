/**
 * The embedded cache server: ioredis-mock clients that share one in-process keyspace.
 * MINIMAL FIRST VERSION: Redis fidelity (flag case, CONFIG, INFO, OBJECT FREQ, eviction,
 * cost model, traffic counting) is being added behind this same signature.
 */
import RedisMock from 'ioredis-mock';
import type { CacheClient, CacheServer, CacheTraffic } from '../types.js';

/** Options of {@link createEmbeddedCacheServer}. */
export interface EmbeddedCacheOptions {
  /** `maxmemory` in bytes; 0 means no limit (Redis's default). */
  maxmemory?: number;
  /** `maxmemory-policy`; default `noeviction` as in Redis. */
  policy?: string;
}

// ioredis-mock shares a keyspace between clients of the same host:port, so each embedded server
// gets a port of its own that no real server is contacted on.
let nextPort = 47_000;

/** An embedded cache server; see the module comment. */
export function createEmbeddedCacheServer(_options: EmbeddedCacheOptions = {}): CacheServer & { readonly port: number } {
  const port = nextPort++;
  const clients: CacheClient[] = [];
  const empty: CacheTraffic = { commands: new Map(), keys: new Map(), total: 0 };
  return {
    kind: 'embedded',
    port,
    createClient() {
      const client = new RedisMock(port, '127.0.0.1') as unknown as CacheClient;
      clients.push(client);
      return client;
    },
    traffic: () => empty,
    resetTraffic() {},
    async flush() {
      const c = clients[0] ?? this.createClient();
      await c.flushall();
    },
    async close() {
      await Promise.all(clients.map((c) => c.quit().catch(() => undefined)));
      clients.length = 0;
    },
  };
}
