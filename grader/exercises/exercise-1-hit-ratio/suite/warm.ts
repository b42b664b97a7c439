/** Hidden tests of warmCache: empty lists, batching, bounded concurrency, failing and slow sources. */
import { expect } from 'vitest';
import { type SuiteContext } from './kit.js';

const sorted = (keys: string[]) => [...keys].sort();

/** Registers the warm-up tests. */
export function registerWarmTests({ scenario }: SuiteContext): void {
  scenario('empty key lists: warmCache([]) does nothing (no load, no command), optimizeCacheKeys([]) finds nothing', async (w) => {
    const { optimizer, client } = w.optimizer();
    const trips = w.cache.roundTripsOf(client);
    const report = await optimizer.warmCache([]);
    expect(report).toEqual({ warmed: [], skipped: [], failed: [], invalid: [] });
    const plan = optimizer.optimizeCacheKeys([]);
    expect({
      size: plan.normalized.size,
      invalid: plan.invalid,
      distinct: plan.distinct,
      duplication: plan.duplication,
      volatileParams: plan.volatileParams,
    }).toEqual({ size: 0, invalid: [], distinct: 0, duplication: 1, volatileParams: [] });
    expect(w.source.stats.calls, 'source loads').toBe(0);
    expect(w.cache.roundTripsOf(client) - trips, 'round trips to the cache').toBe(0);
  });

  scenario('warmCache: asks the cache about 200 keys in a few round trips, not 200', async (w) => {
    const { optimizer, client } = w.optimizer();
    const keys = Array.from({ length: 200 }, (_, i) => `user:${i % 100}:${i < 100 ? 'profile' : 'timeline'}`);
    const first = await optimizer.warmCache(keys);
    expect(first.warmed.length, 'first warm-up').toBe(200);
    const trips = w.cache.roundTripsOf(client);
    const second = await optimizer.warmCache(keys.map((k) => `${k}?lang=en-US`));
    expect(sorted(second.skipped), 'second warm-up: everything is cached').toEqual(sorted(keys));
    expect(w.cache.roundTripsOf(client) - trips, 'round trips to find 200 cached keys').toBeLessThanOrEqual(10);
  });

  scenario('warmCache: loads concurrently, never more than warmConcurrency at a time', async (w) => {
    const source = w.newSource({ latencyMs: 50 });
    const { optimizer } = w.optimizer({ warmConcurrency: 4 }, source);
    const report = await optimizer.warmCache(Array.from({ length: 40 }, (_, i) => `user:${i}:notifications`));
    expect(report.warmed.length).toBe(40);
    expect(source.stats.peakInFlight, 'most loads at the same time (warmConcurrency 4)').toBe(4);
  });

  scenario('warmCache: a failing source fails only its own keys; the others are warmed and cached', async (w) => {
    const source = w.newSource({ fault: (key) => (key.includes(':post:') ? { kind: 'fail' } : { kind: 'ok' }) });
    const { optimizer } = w.optimizer({}, source);
    const keys = ['user:1:profile', 'user:1:post:0', 'User:2:Post:1?v=7.1', '/users/3/timeline?_=1', 'user:4:notifications'];
    const report = await optimizer.warmCache(keys);
    expect(sorted(report.failed.map((f) => f.key)), 'failed').toEqual(['user:1:post:0', 'user:2:post:1']);
    for (const f of report.failed) expect(f.error, `the error of ${f.key}`).toBeInstanceOf(Error);
    expect(sorted(report.warmed), 'warmed').toEqual(['user:1:profile', 'user:3:timeline', 'user:4:notifications']);
    const loads = source.stats.calls;
    for (const k of report.warmed) await optimizer.read(k);
    expect(source.stats.calls, 'reads of the warmed keys').toBe(loads);
  });

  scenario('warmCache: a load slower than warmTimeoutMs is reported (E_WARM_TIMEOUT) and still cached when it arrives', async (w) => {
    const source = w.newSource({ latencyMs: (key) => (key === 'user:7:timeline' ? 1_500 : 5) });
    const { optimizer } = w.optimizer({ warmTimeoutMs: 300 }, source);
    const started = w.now();
    const report = await optimizer.warmCache(['user:7:timeline', 'user:7:profile', 'user:8:profile']);
    expect(w.now() - started, 'warmCache should not wait for the slow load').toBeLessThan(1_200);
    expect(report.failed.map((f) => [f.key, (f.error as { code?: string }).code])).toEqual([['user:7:timeline', 'E_WARM_TIMEOUT']]);
    expect(sorted(report.warmed)).toEqual(['user:7:profile', 'user:8:profile']);
    await w.sleep(1_800);
    const loads = source.stats.calls;
    await optimizer.read('User:7:Timeline?v=7.2');
    expect(source.stats.calls, 'the slow value should be in the cache once it arrived').toBe(loads);
  });

  scenario('warmCache: keys that name no item are reported, the others warmed', async (w) => {
    const { optimizer } = w.optimizer();
    const report = await optimizer.warmCache(['user:1:profile', 'avatar:1', '', 'user:1:profile?lang=en-US']);
    expect(report.warmed).toEqual(['user:1:profile']);
    expect(sorted(report.invalid)).toEqual(['', 'avatar:1']);
  });
}
