/**
 * The real backend's errors and counters: a malformed CACHE_URL names the variable, the value and
 * the expected form; an unreachable server fails fast with what to do; a server lost mid-run is
 * reported the same way; keyPrefix flushes only its own keys. Needs Redis on 127.0.0.1:6379 and
 * redis-server installed (private port 6393).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CacheConfigError, CacheUnreachableError } from './errors.js';
import { createRealCacheServer, parseCacheUrl } from './real.js';
import { startRedisServer, type RedisProcess } from './redis-process.js';

const UNUSED_PORT = 6399;

describe('real cache: bad CACHE_URL', () => {
  it.each(['127.0.0.1:6379', 'http://127.0.0.1:6379', 'redis://', 'redis://127.0.0.1:port', 'redis://127.0.0.1:6379/db'])(
    'rejects %s, naming CACHE_URL, the value and the expected form',
    async (url) => {
      const error = await createRealCacheServer(url).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CacheConfigError);
      expect((error as CacheConfigError).code).toBe('E_CACHE_CONFIG');
      expect((error as Error).message).toContain(
        `CACHE_URL="${url}" is not a Redis URL. Expected redis://[user:password@]host:port[/db], e.g. redis://127.0.0.1:6379`,
      );
    },
  );

  it('accepts redis:// and rediss:// URLs with credentials and a db number', () => {
    expect(parseCacheUrl('redis://user:secret@127.0.0.1:6380/2').port).toBe('6380');
    expect(parseCacheUrl('rediss://cache.internal').hostname).toBe('cache.internal');
  });
});

describe('real cache: unreachable server', () => {
  it('fails within seconds with the fix in the message', async () => {
    const url = `redis://127.0.0.1:${UNUSED_PORT}`;
    const started = Date.now();
    const error = await createRealCacheServer(url).catch((e: unknown) => e);
    const tookMs = Date.now() - started;
    expect(error).toBeInstanceOf(CacheUnreachableError);
    expect((error as Error).message).toBe(
      `Cannot reach Redis/Valkey at CACHE_URL=${url} (ECONNREFUSED). Start it with \`npm run services\` or \`docker compose up -d\`, or unset CACHE_URL to use the embedded cache.`,
    );
    expect((error as CacheUnreachableError).cause).toBeInstanceOf(Error);
    expect(tookMs).toBeLessThan(10_000);
  });

  describe('server lost while in use', () => {
    let redis: RedisProcess | undefined;
    afterAll(async () => {
      await redis?.stop();
    });

    it('reports the lost server on the next command, within seconds', async () => {
      redis = await startRedisServer({ port: 6393 });
      const server = await createRealCacheServer(redis.url);
      const client = server.createClient();
      expect(await client.set('k', 'v')).toBe('OK');
      await redis.stop();
      const started = Date.now();
      const error = await client.get('k').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CacheUnreachableError);
      expect((error as Error).message).toMatch(/^Cannot reach Redis\/Valkey at CACHE_URL=redis:\/\/127\.0\.0\.1:6393 \(/);
      expect(Date.now() - started).toBeLessThan(10_000);
      client.disconnect();
    });
  });
});

describe('real cache: shared server safety', () => {
  it('flushes only its own keys when given a keyPrefix, and reports keys without it', async () => {
    const prefix = `realtest:${process.pid}:${Date.now()}:`;
    const mine = await createRealCacheServer(undefined, { keyPrefix: prefix });
    const other = await createRealCacheServer();
    const a = mine.createClient();
    const b = other.createClient();
    try {
      await a.set('k1', 'v');
      await b.set(`${prefix}outside`, 'kept-out');
      await b.set(`other:${prefix}`, 'v');
      expect(mine.traffic().keys.get('k1')).toBe(1);
      await mine.flush();
      expect(await b.exists(`${prefix}k1`, `${prefix}outside`)).toBe(0);
      expect(await b.exists(`other:${prefix}`)).toBe(1);
      expect(mine.traffic().total).toBe(0);
    } finally {
      await b.del(`other:${prefix}`);
      await mine.close();
      await other.close();
    }
  });
});
