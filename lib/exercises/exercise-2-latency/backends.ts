/**
 * The two backends exercise 2's suites and load check run on, behind one small interface:
 * - embedded: the kit's embedded cache with the network cost model on a virtual clock and a
 *   seeded Math.random, so every round trip, connection and byte costs its modelled time and
 *   every run gives the same figures;
 * - real: Redis/Valkey at CACHE_URL (default redis://127.0.0.1:6379) on the wall clock, every
 *   key under a unique prefix that `close()` deletes, and a pub/sub channel of its own (channels
 *   are not prefixed, and the server is shared).
 */
import { randomUUID } from 'node:crypto';
import { createEmbeddedCacheServer } from '../../backends/cache/embedded.js';
import { createRealCacheServer } from '../../backends/cache/real.js';
import { cacheUrl } from '../../config.js';
import type { InstrumentedCacheServer, NetworkCounters } from '../../backends/cache/traffic.js';
import type { BackendKind, CacheClient } from '../../backends/types.js';
import { runDeterministic } from '../../sim/deterministic.js';
import { realClock, type Clock } from '../../sim/clock.js';
import { DEFAULT_COST_MODEL, type CostModel } from '../../sim/cost-model.js';
import { ConnectionPool, type ConnectionPoolOptions } from './pool.js';

/** A cache backend plus the clock work on it runs on. */
export interface Exercise2Backend {
  readonly kind: BackendKind;
  /** A pub/sub channel no other run uses (pass it as options.channel). */
  readonly channel: string;
  /** A new connection, as `cache` or as a pooled connection. */
  client(name?: string): CacheClient;
  /** A connection pool on this backend; `wrap` sees (and may replace) every connection it opens. */
  pool(options?: ConnectionPoolOptions, wrap?: (client: CacheClient) => CacheClient): ConnectionPool;
  /** Network counters over every connection, since the last reset. */
  network(): NetworkCounters;
  resetNetwork(): void;
  /** Runs timed work: on a fresh virtual clock (embedded) or on the wall clock (real). */
  run<T>(work: (clock: Clock) => Promise<T>): Promise<T>;
  /** Closes every pool and connection and deletes what this backend wrote. */
  close(): Promise<void>;
}

/** Options of {@link embeddedBackend}. */
export interface EmbeddedBackendOptions {
  /** Seed of Math.random during `run`. Default 'exercise-2'. */
  seed?: number | string;
  /** Virtual time after which a run is abandoned as stuck. Default 1 hour. */
  limitMs?: number;
  /** Network prices; default the kit's DEFAULT_COST_MODEL. */
  cost?: CostModel;
}

function withPools(server: () => InstrumentedCacheServer) {
  const pools: ConnectionPool[] = [];
  return {
    pool: (options: ConnectionPoolOptions = {}, wrap: (c: CacheClient) => CacheClient = (c) => c): ConnectionPool => {
      const pool = new ConnectionPool(() => wrap(server().createClient('pooled')), options);
      pools.push(pool);
      return pool;
    },
    closePools: () => Promise.all(pools.splice(0).map((p) => p.close())),
  };
}

/** An embedded backend: a fresh keyspace, the cost model on virtual time, seeded randomness. */
export function embeddedBackend(options: EmbeddedBackendOptions = {}): Exercise2Backend {
  let server: InstrumentedCacheServer | undefined;
  const current = (): InstrumentedCacheServer => {
    if (!server) throw new Error('exercise 2 embedded backend: create connections inside backend.run(), where the virtual clock runs.');
    return server;
  };
  const { pool, closePools } = withPools(current);
  return {
    kind: 'embedded',
    channel: 'cachelab:invalidate',
    client: (name) => current().createClient(name),
    pool,
    network: () => current().network(),
    resetNetwork: () => current().resetNetwork(),
    run: (work) =>
      runDeterministic(
        options.seed ?? 'exercise-2',
        async (clock) => {
          // The server spends its costs on this run's clock, so it lives for one run.
          if (server) throw new Error('exercise 2 embedded backend: run() may be called once; create another backend for another run.');
          server = createEmbeddedCacheServer({ cost: options.cost ?? DEFAULT_COST_MODEL, clock });
          return work(clock);
        },
        { limitMs: options.limitMs ?? 3_600_000 },
      ),
    async close() {
      await closePools();
      await server?.close();
    },
  };
}

/** Connects to Redis/Valkey (CACHE_URL); throws E_CACHE_UNREACHABLE, naming the fix, when it does not answer. */
export async function realBackend(url = cacheUrl(process.env, { blank: 'trim' }).value): Promise<Exercise2Backend> {
  const id = randomUUID().slice(0, 8);
  const server = await createRealCacheServer(url, { keyPrefix: `cachelab:ex2:${id}:` });
  const { pool, closePools } = withPools(() => server);
  return {
    kind: 'real',
    channel: `cachelab:ex2:${id}:invalidate`,
    client: (name) => server.createClient(name),
    pool,
    network: () => server.network(),
    resetNetwork: () => server.resetNetwork(),
    run: (work) => work(realClock),
    async close() {
      await closePools();
      await server.close();
      await server.flush();
    },
  };
}

/** A backend of `kind`. */
export function backendOf(kind: BackendKind, options: EmbeddedBackendOptions = {}): Promise<Exercise2Backend> {
  return kind === 'embedded' ? Promise.resolve(embeddedBackend(options)) : realBackend();
}
