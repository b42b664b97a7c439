/**
 * The cache servers exercise 1 runs on, behind one small interface. The memory budget is a
 * server-wide setting (CONFIG SET maxmemory), so a real run never uses a shared server: it starts
 * a redis-server of its own on a loopback port (lib/backends/cache/redis-process.ts) and stops it
 * afterwards. The embedded server is created where it is first used, i.e. inside a virtual-clock
 * run, so its LRU clock and TTLs follow virtual time.
 */
import { createServer } from 'node:net';
import { createEmbeddedCacheServer } from '../../backends/cache/embedded.js';
import { RedisProcessError } from '../../backends/cache/errors.js';
import { startRedisServer, type RedisProcess } from '../../backends/cache/redis-process.js';
import { createRealCacheServer } from '../../backends/cache/real.js';
import type { InstrumentedCacheServer } from '../../backends/cache/traffic.js';
import type { BackendKind, CacheClient } from '../../backends/types.js';

/** A cache server plus an admin connection for INFO and CONFIG. */
export interface Exercise1Cache {
  readonly kind: BackendKind;
  /** Where a real server listens (undefined for embedded). */
  readonly url?: string;
  /** A new connection, as an app instance opens it. */
  client(): CacheClient;
  /** The kit's own connection (INFO, CONFIG); created on first use. */
  admin(): CacheClient;
  /** `used_memory` from INFO memory (Redis evicts before answering, so this is what monitoring sees). */
  usedMemory(): Promise<number>;
  /** A numeric INFO field (e.g. `evicted_keys` of section `stats`). */
  infoNumber(section: string, field: string): Promise<number>;
  /** CONFIG SET maxmemory and maxmemory-policy. */
  setBudget(maxmemory: number, policy: string): Promise<void>;
  /** Round trips `client` (from this cache) has made so far. */
  roundTripsOf(client: CacheClient): number;
  /** Back to an empty server: no keys, no limit, noeviction, INFO stats reset. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

// `close` closes the server's clients (and stops a real server's process).
function wrap(kind: BackendKind, server: () => InstrumentedCacheServer, close: () => Promise<void>, url?: string): Exercise1Cache {
  let admin: CacheClient | undefined;
  const adminClient = () => (admin ??= server().createClient('cachelab-admin'));
  const infoNumber = async (section: string, field: string) => {
    const text = await adminClient().info(section);
    const match = new RegExp(`^${field}:(\\d+)`, 'm').exec(text);
    if (!match) throw new Error(`INFO ${section} has no ${field} field`);
    return Number(match[1]);
  };
  return {
    kind,
    url,
    client: () => server().createClient(),
    admin: adminClient,
    usedMemory: () => infoNumber('memory', 'used_memory'),
    infoNumber,
    async setBudget(maxmemory, policy) {
      await adminClient().config('SET', 'maxmemory', String(maxmemory));
      await adminClient().config('SET', 'maxmemory-policy', policy);
    },
    roundTripsOf: (client) => server().networkOf(client)?.roundTrips ?? 0,
    async reset() {
      await adminClient().flushall();
      await adminClient().config('SET', 'maxmemory', '0');
      await adminClient().config('SET', 'maxmemory-policy', 'noeviction');
      await adminClient().config('RESETSTAT');
    },
    close,
  };
}

/** An embedded server (no limit until setBudget); create it inside the virtual-clock run. */
export function embeddedCache(seed: number | string = 'exercise-1'): Exercise1Cache {
  let server: InstrumentedCacheServer | undefined;
  return wrap(
    'embedded',
    () => (server ??= createEmbeddedCacheServer({ seed })),
    async () => server?.close(),
  );
}

/** Asks the OS for a free loopback port. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts a redis-server of its own and connects to it. Tries `ports` in order (another test may
 * hold one), else a free port the OS picks. Throws a RedisProcessError (E_REDIS_PROCESS) naming
 * the cause when no server can be started, e.g. redis-server is not installed.
 */
export async function ownRedis(ports: readonly number[] = []): Promise<Exercise1Cache> {
  let started: RedisProcess | undefined;
  const tried = ports.length > 0 ? ports : [await freePort()];
  const errors: string[] = [];
  for (const port of tried) {
    try {
      started = await startRedisServer({ port, config: { maxmemory: '0', 'maxmemory-policy': 'noeviction' } });
      break;
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (!started) {
    const why = [...new Set(errors)].join(' / ');
    throw new RedisProcessError(tried.length === 1 ? why : `no redis-server could be started on ports ${tried.join(', ')}: ${why}`);
  }
  const proc = started;
  const server = await createRealCacheServer(proc.url).catch(async (error: unknown) => {
    await proc.stop();
    throw error;
  });
  const close = async () => {
    try {
      await server.close();
    } finally {
      await proc.stop();
    }
  };
  return wrap('real', () => server, close, proc.url);
}
