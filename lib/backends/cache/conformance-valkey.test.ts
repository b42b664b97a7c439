/**
 * The conformance suite against real Valkey 8 (what docker-compose.yml runs): both scopes on
 * valkey-server processes this file starts on private ports 6450 (shared-scope cases) and 6451
 * (CONFIG SET, eviction, INFO), never on 6379. The cases expect Redis 7's answers except where
 * Valkey answers otherwise (`flavour: 'valkey'`, listed in docs/backends.md). Fails, saying how to
 * install it, when valkey-server is not installed (`.ci/run` installs it).
 */
import { afterAll } from 'vitest';
import { registerCacheConformanceSuite } from './conformance.js';
import { createRealCacheServer } from './real.js';
import { startRedisServer, type RedisProcess } from './redis-process.js';

const PORTS = { shared: 6450, isolated: 6451 } as const;
const processes: RedisProcess[] = [];

registerCacheConformanceSuite(
  'real Valkey',
  async (scope) => {
    const valkey = await startRedisServer({ port: PORTS[scope], server: 'valkey' });
    processes.push(valkey);
    return createRealCacheServer(valkey.url);
  },
  { flavour: 'valkey' },
);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
});
