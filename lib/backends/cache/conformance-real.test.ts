/**
 * The conformance suite against real Redis: shared-scope cases on 127.0.0.1:6379 (CACHE_URL),
 * under a unique key prefix and never flushing; isolated cases (CONFIG SET, eviction, INFO) on a
 * redis-server this file starts on private port 6391. Fails with the backend's message when a
 * server is down or redis-server is not installed.
 */
import { afterAll } from 'vitest';
import { cacheUrl } from '../../config.js';
import { registerCacheConformanceSuite } from './conformance.js';
import { createRealCacheServer } from './real.js';
import { startRedisServer, type RedisProcess } from './redis-process.js';

const ISOLATED_PORT = 6391;
let isolated: RedisProcess | undefined;

registerCacheConformanceSuite('real Redis', async (scope) => {
  if (scope === 'shared') return createRealCacheServer(cacheUrl().value);
  isolated = await startRedisServer({ port: ISOLATED_PORT });
  return createRealCacheServer(isolated.url);
});

afterAll(async () => {
  await isolated?.stop();
});
