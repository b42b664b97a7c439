/**
 * App instances for exercise 2's tests and load check: each has its own `cache` connection, its
 * own connection pool and its own LatencyOptimizer, like one process of the service.
 */
import type { CacheClient } from '../../backends/types.js';
import type { Exercise2Backend } from './backends.js';
import type { ConnectionPool, ConnectionPoolOptions } from './pool.js';
import type { Exercise2Module, LatencyOptimizerApi, LatencyOptions } from './types.js';

/** One app instance. */
export interface AppInstance<V = unknown> {
  readonly optimizer: LatencyOptimizerApi<V>;
  readonly pool: ConnectionPool;
  /** The connection passed as `cache`. */
  readonly cache: CacheClient;
  /** Every connection the pool opened, in order (tests break them to inject failures). */
  readonly pooled: CacheClient[];
}

/** Options of {@link createInstances}. */
export interface InstanceOptions {
  count: number;
  /** LatencyOptimizer options; `channel` defaults to the backend's own. */
  options?: LatencyOptions;
  /** Pool options (default max 8, acquire timeout 1 s). */
  pool?: ConnectionPoolOptions;
  /** Sees (and may replace) every connection: the `cache` one and the pooled ones. */
  wrap?: (client: CacheClient) => CacheClient;
}

/** `count` instances of the submission's LatencyOptimizer on `backend`. */
export function createInstances<V = unknown>(module: Exercise2Module, backend: Exercise2Backend, o: InstanceOptions): AppInstance<V>[] {
  const wrap = o.wrap ?? ((c: CacheClient) => c);
  return Array.from({ length: o.count }, () => {
    const pooled: CacheClient[] = [];
    const pool = backend.pool(o.pool, (client) => {
      const wrapped = wrap(client);
      pooled.push(wrapped);
      return wrapped;
    });
    const cache = wrap(backend.client('cache'));
    const optimizer = new module.LatencyOptimizer<V>(cache, pool, { channel: backend.channel, ...o.options });
    return { optimizer, pool, cache, pooled };
  });
}
