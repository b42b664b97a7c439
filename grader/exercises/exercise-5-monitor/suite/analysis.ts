/**
 * Hidden tests of analyzePerformance and generateRecommendations: count-weighted windows, rates
 * from real intervals, the hot key over a window, no projection while the cache refills after a
 * flush, and the recommendation rules with their conditions and evidence.
 */
import { expect } from 'vitest';
import { RECOMMENDATIONS } from '../../../../lib/exercises/exercise-5-monitor/recommendations.js';
import { rig } from '../../../../lib/exercises/exercise-5-monitor/testing.js';
import { minutes, type SuiteContext } from './kit.js';

/** Registers the analysis and recommendation tests. */
export function registerAnalysisTests(ctx: SuiteContext): void {
  ctx.sim('the window hit ratio weighs each interval by its reads', async (impl) => {
    const r = rig(impl);
    await r.steps(minutes(5), { readsPerSec: 1_000, hitRatio: 95 });
    await r.step({ readsPerSec: 1, hitRatio: 0 }); // 10 reads, all misses
    const a = r.monitor.analyzePerformance();
    const expected = (100 * (5 * 9_500)) / (5 * 10_000 + 10);
    expect(a.current.hitRatio).toBeCloseTo(expected, 6);
    expect(a.findings).toEqual([]);
  });

  ctx.sim('rates are per second of real interval, whatever the sampling period', async (impl) => {
    const r = rig(impl);
    await r.step();
    await r.steps(4, { evictionsPerSec: 50, expiredPerSec: 20 }, 15_000);
    const a = r.monitor.analyzePerformance();
    expect(a.current.evictionsPerSec).toBeCloseTo(50, 6);
    expect(a.current.expiredPerSec).toBeCloseTo(20, 6);
  });

  ctx.sim('the hot key is counted over the window, not one sample', async (impl) => {
    const r = rig(impl);
    await r.steps(minutes(2), {
      ops: [
        { ms: 1, count: 30, key: 'feed:home' },
        { ms: 1, count: 70 },
      ],
    });
    const a = r.monitor.analyzePerformance();
    expect(a.current.hotKey?.key).toBe('feed:home');
    expect(a.current.hotKey?.sharePct).toBeCloseTo(30, 6);
    expect(a.findings.map((f) => [f.rule, f.severity])).toEqual([['hot-key', 'warning']]);
  });

  ctx.sim('after a flush the cache refills: that memory growth is not a leak', async (impl) => {
    const r = rig(impl, { thresholds: { memory: { warning: 80, critical: 95, forMs: 30_000, hysteresis: 3, clearForMs: 60_000 } } });
    await r.steps(minutes(20), { memoryPct: 60, keys: 100_000 });
    await r.step({ memoryPct: 2, keys: 500, hitRatio: 20 });
    for (let i = 1; i <= minutes(25); i++) {
      const refill = 1 - Math.exp(-i / 24);
      await r.step({ memoryPct: 2 + 58 * refill, keys: Math.round(500 + 99_500 * refill), hitRatio: 20 + 70 * refill });
    }
    expect(r.events.filter((e) => e.rule === 'memory')).toEqual([]);
    expect(r.monitor.analyzePerformance().trend.keysLostPct).toBeGreaterThanOrEqual(50);
  });

  ctx.sim('memory: compress values; and with noeviction, set an eviction policy', async (impl) => {
    for (const [policy, expected] of [
      ['noeviction', ['compress-values', 'eviction-policy']],
      ['allkeys-lru', ['compress-values']],
    ] as const) {
      const r = rig(impl, { policy });
      await r.steps(minutes(3), { memoryPct: 90 });
      const ids = r.monitor
        .generateRecommendations()
        .filter((x) => x.because === 'memory')
        .map((x) => x.id)
        .sort();
      expect(ids, policy).toEqual([...expected].sort());
    }
  });

  ctx.sim('latency: connection churn means pooling, otherwise pipelining', async (impl) => {
    for (const [churn, expected] of [
      [40, 'connection-pooling'],
      [1, 'pipelining'],
    ] as const) {
      const r = rig(impl);
      await r.steps(minutes(3), { newConnectionsPerSec: churn, ops: [{ ms: 90, count: 100 }] });
      expect(
        r.monitor
          .generateRecommendations()
          .filter((x) => x.because === 'latency')
          .map((x) => x.id),
        `${churn} new connections/s`,
      ).toEqual([expected]);
    }
  });

  ctx.sim('hot key, eviction storm, connection exhaustion: their recommendations', async (impl) => {
    const r = rig(impl, { maxClients: 1_000 });
    await r.steps(minutes(3), {
      evictionsPerSec: 500,
      clients: 920,
      ops: [
        { ms: 1, count: 60, key: 'hot' },
        { ms: 1, count: 40 },
      ],
    });
    const recs = r.monitor.generateRecommendations();
    const by = (rule: string) =>
      recs
        .filter((x) => x.because === rule)
        .map((x) => x.id)
        .sort();
    expect(by('hot-key')).toEqual(['local-cache', 'shard-hot-key']);
    expect(by('evictions')).toEqual(['increase-memory']);
    expect(by('connections')).toEqual(['connection-pooling']);
    for (const x of recs) {
      expect(x.title, x.id).toBe(RECOMMENDATIONS[x.id].title);
      expect(x.evidence.trim().length, `${x.id} evidence`).toBeGreaterThan(0);
    }
  });

  ctx.sim('nothing wrong: no findings, no recommendations', async (impl) => {
    const r = rig(impl);
    await r.steps(minutes(20), { hitRatio: 97, memoryPct: 40, clients: 100, evictionsPerSec: 1 });
    expect(r.monitor.analyzePerformance().findings).toEqual([]);
    expect(r.monitor.generateRecommendations()).toEqual([]);
  });
}
