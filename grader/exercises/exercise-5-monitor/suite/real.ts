/**
 * Hidden tests on a real server: a redis-server of the suite's own (ports CACHELAB_EX5_PORTS,
 * default 6440-6449), because they flush it, reset its statistics and change its maxmemory.
 * INFO comes from Redis itself, so the parser and the deltas meet the real format and timing.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { MetricsCollector } from '../../../../lib/exercises/exercise-5-monitor/collector.js';
import { startPrivateRedis, type PrivateRedis } from '../../../../lib/exercises/exercise-5-monitor/private-redis.js';
import { asUp, type SuiteContext } from './kit.js';

/**
 * Registers the real-server tests (one private server for the file): on redis-server, or on
 * valkey-server with `server: 'valkey'` (the kit's calibration runs them there too).
 */
export function registerRealTests(ctx: SuiteContext, options: { server?: 'redis' | 'valkey' } = {}): void {
  const server = options.server ?? 'redis';
  const kind = server === 'valkey' ? 'valkey' : 'any';
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await startPrivateRedis({ maxmemory: '8mb', 'maxmemory-policy': 'allkeys-lru' }, { server: kind });
  });
  afterAll(async () => redis?.close());

  ctx.plain('real INFO: hits and misses of this interval, memory against maxmemory, maxclients', async (impl) => {
    const admin = redis.client('admin');
    await admin.flushall();
    const collector = new MetricsCollector();
    const app = collector.instrument(redis.client('app'));
    const monitor = new impl.CachePerformanceMonitor(redis.client('monitor'), collector);
    await monitor.collectMetrics();
    await app.set('a', '1');
    for (let i = 0; i < 30; i++) await app.get(i % 3 === 0 ? 'missing' : 'a');
    const s = asUp(await monitor.collectMetrics());
    expect([s.hits, s.misses]).toEqual([20, 10]);
    expect(s.hitRatio).toBeCloseTo(200 / 3, 6);
    expect(s.maxMemory).toBe(8 * 1024 * 1024);
    expect(s.memoryPct! > 0 && s.memoryPct! < 100).toBe(true);
    expect(s.maxClients).toBe(10_000);
    expect(s.ops).toBe(31);
    expect(s.topKeys[0]).toEqual({ key: 'a', count: 21 });
    expect(s.server.name).toBe(server);
  });

  ctx.plain('CONFIG RESETSTAT on a real server is seen as a reset; FLUSHALL as keys lost', async (impl) => {
    const admin = redis.client('admin');
    await admin.flushall();
    for (let i = 0; i < 100; i++) await admin.set(`k${i}`, 'v');
    for (let i = 0; i < 50; i++) await admin.get(`k${i}`);
    const monitor = new impl.CachePerformanceMonitor(redis.client('monitor'), new MetricsCollector());
    await monitor.collectMetrics();
    await admin.config('RESETSTAT');
    await admin.get('k1');
    await admin.flushall();
    const s = asUp(await monitor.collectMetrics());
    expect([s.reset, s.hits, s.keys]).toEqual([true, 1, 0]);
    expect(monitor.analyzePerformance().trend.keysLostPct).toBe(100);
  });

  ctx.plain(
    'a server that stops answering: a down sample within infoTimeoutMs',
    async (impl) => {
      const own = await startPrivateRedis({}, { server: kind });
      try {
        const monitor = new impl.CachePerformanceMonitor(own.client('monitor'), new MetricsCollector(), { infoTimeoutMs: 500 });
        asUp(await monitor.collectMetrics());
        await own.process.stop();
        const before = performance.now();
        const s = await monitor.collectMetrics();
        expect(s.up).toBe(false);
        expect(performance.now() - before, 'gave up in about infoTimeoutMs').toBeLessThan(3_000);
      } finally {
        await own.close();
      }
    },
    20_000,
  );
}
