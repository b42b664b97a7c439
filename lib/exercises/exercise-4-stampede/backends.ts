/**
 * The two backends exercise 4's suites and load check run on, behind one small interface:
 * - embedded: ioredis-mock clients sharing one keyspace, on a virtual clock with a seeded
 *   Math.random, so a 5-minute TTL costs no real time and every run is exact;
 * - real: ioredis connections to Redis/Valkey (CACHE_URL, default redis://127.0.0.1:6379) on the
 *   wall clock, every key under a unique prefix that `close()` deletes (never FLUSHALL: the server
 *   is shared).
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createEmbeddedCacheServer } from '../../backends/cache/embedded.js';
import { CacheUnreachableError } from '../../backends/errors.js';
import type { BackendKind, CacheClient, CacheServer } from '../../backends/types.js';
import { runDeterministic } from '../../sim/deterministic.js';
import { realClock, type Clock } from '../../sim/clock.js';
import { cacheUrl } from '../../config.js';

/** A cache backend plus the clock work on it runs on. */
export interface Exercise4Backend {
  readonly kind: BackendKind;
  /** A new connection, as a separate app instance would open it. */
  client(): CacheClient;
  /** Runs timed work: on a fresh virtual clock (embedded) or on the wall clock (real). */
  run<T>(work: (clock: Clock) => Promise<T>): Promise<T>;
  /** Closes every client and deletes what this backend wrote. */
  close(): Promise<void>;
  /** Real backends: where other processes connect to share this backend's keys. */
  readonly connection?: { readonly url: string; readonly keyPrefix: string };
}

/** Options of {@link embeddedBackend}. */
export interface EmbeddedBackendOptions {
  /** Seed of Math.random during `run`. Default 'exercise-4'. */
  seed?: number | string;
  /** Virtual time after which a run is abandoned as stuck. Default 1 hour. */
  limitMs?: number;
}

/** An embedded backend: a fresh keyspace, virtual time, seeded randomness. */
export function embeddedBackend(options: EmbeddedBackendOptions = {}): Exercise4Backend {
  // Created on first use, i.e. inside `run`, so the server reads the virtual clock from the start.
  let server: CacheServer | undefined;
  const seed = options.seed ?? 'exercise-4';
  const limitMs = options.limitMs ?? 3_600_000;
  return {
    kind: 'embedded',
    client: () => (server ??= createEmbeddedCacheServer()).createClient(),
    run: (work) => runDeterministic(seed, (clock) => work(clock), { limitMs }),
    close: async () => server?.close(),
  };
}

/** Connects to Redis/Valkey and checks it answers; throws a {@link CacheUnreachableError} (E_CACHE_UNREACHABLE) if not. */
export async function realBackend(url = cacheUrl(process.env, { blank: 'trim' }).value): Promise<Exercise4Backend> {
  const prefix = `cachelab:ex4:${randomUUID().slice(0, 8)}:`;
  const connect = (keyPrefix?: string) => new Redis(url, { keyPrefix, connectTimeout: 2_000, maxRetriesPerRequest: 1, lazyConnect: true });
  const admin = connect();
  try {
    await admin.connect();
    await admin.ping();
  } catch (error) {
    admin.disconnect();
    throw new CacheUnreachableError(url, error instanceof Error ? error.message : String(error), {
      cause: error,
      fix: 'Start it with `npm run services` (or `docker compose up -d`), or point CACHE_URL at a running Redis/Valkey.',
    });
  }
  const clients: Redis[] = [];
  return {
    kind: 'real',
    connection: { url, keyPrefix: prefix },
    client() {
      const client = connect(prefix);
      client.connect().catch(() => undefined); // errors surface on the first command
      clients.push(client);
      return client;
    },
    run: (work) => work(realClock),
    async close() {
      await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
      let cursor = '0';
      do {
        const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        if (keys.length > 0) await admin.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      await admin.quit();
    },
  };
}
