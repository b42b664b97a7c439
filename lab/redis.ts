/**
 * The real cache of the load test: an ioredis connection to CACHE_URL (Redis or Valkey) that
 * fails within seconds with a clear error instead of retrying forever, and a flush that deletes
 * only the lab's keys (SCAN + UNLINK), so `--flush` never wipes a server other programs share.
 */
import { Redis } from 'ioredis';
import { CacheUnreachableError } from '../lib/backends/errors.js';
import { CacheAccessError, CacheUrlError } from './errors.js';
import type { LabCache } from './cache-aside.js';

/** The kit's one default CACHE_URL (tests/kit/docker-compose.test.ts reads it from here). */
export { DEFAULT_CACHE_URL } from '../lib/config.js';

/** The URL with any password replaced by `****`. */
export function maskCacheUrl(value: string): string {
  return value.replace(/^([a-z]+:\/\/[^:@/]*):[^@/]*@/i, '$1:****@');
}

/** Checks a Redis URL; throws {@link CacheUrlError} naming `variable` when it is unusable. */
export function parseCacheUrl(value: string, variable = 'CACHE_URL'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CacheUrlError(variable, maskCacheUrl(value), 'it does not parse as a URL');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:' && url.protocol !== 'valkey:') {
    throw new CacheUrlError(variable, maskCacheUrl(value), `the scheme is "${url.protocol.replace(/:$/, '')}", not "redis"`);
  }
  if (!url.hostname) throw new CacheUrlError(variable, maskCacheUrl(value), 'the host is missing');
  return url.protocol === 'valkey:' ? value.replace(/^valkey:/, 'redis:') : value;
}

/** Options of {@link connectRedis}. */
export interface ConnectRedisOptions {
  /** Give up connecting after this long. Default 3000 ms. */
  connectTimeoutMs?: number;
}

/** Opens a connection and proves the server answers; throws {@link CacheUnreachableError} otherwise. */
export async function connectRedis(url: string, options: ConnectRedisOptions = {}): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs ?? 3000,
    // A load test must not hang on a dead server: no reconnect loop, no queue of waiting commands.
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  // Reported through the rejected command instead; but a refused login only shows here (the
  // command then fails with "Connection is closed."), so the last one is kept.
  let emitted: Error | undefined;
  client.on('error', (error: Error) => (emitted = error));
  try {
    await client.connect();
    await client.ping();
    return client;
  } catch (error) {
    client.disconnect();
    for (const e of [error as Error, emitted]) {
      if (e && /\b(WRONGPASS|NOAUTH)\b|invalid (username-)?password|AUTH.*(without|not enabled|called without)/i.test(e.message ?? '')) {
        throw new CacheAccessError(maskCacheUrl(url), e.message, { cause: e });
      }
    }
    throw new CacheUnreachableError(maskCacheUrl(url), (error as Error)?.message ?? String(error), {
      cause: error,
      fix: 'Start it with `npm run services` or `docker compose up -d`, or run on the embedded backend with --backend embedded.',
    });
  }
}

/** The load test's view of an ioredis client. */
export function redisLabCache(client: Redis): LabCache {
  return {
    get: (key) => client.get(key),
    async set(key, value, ttlMs) {
      await client.set(key, value, 'PX', ttlMs);
    },
    exists: async (key) => (await client.exists(key)) === 1,
  };
}

/** Deletes every `<prefix>bookings:*` key (and nothing else); returns how many. */
export async function flushLabKeys(client: Redis, keyPrefix: string): Promise<number> {
  const pattern = `${keyPrefix.replace(/[*?[\]\\]/g, '\\$&')}bookings:*`;
  let deleted = 0;
  for await (const keys of client.scanStream({ match: pattern, count: 1000 }) as AsyncIterable<string[]>) {
    if (keys.length > 0) deleted += await client.unlink(...keys);
  }
  return deleted;
}
