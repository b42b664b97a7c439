import { describe, expect, it } from 'vitest';
import { LAB_DEFAULTS, SEED_FIGURES, type LabConfig } from './config.js';
import { LAB_COST_MODEL as C } from './cost-model.js';
import { runEmbedded } from './embedded.js';
import { buildLog } from './log-file.js';
import { runFigures } from './run.js';

const EPOCH = 1_764_081_507_000; // a whole second, so bucket keys are known
const base: LabConfig = { ...LAB_DEFAULTS, progress: false };
const run = (over: Partial<LabConfig>) => runEmbedded({ ...base, ...over }, { epochMs: EPOCH });

// Prices of one operation with no queueing, from lab/cost-model.ts.
const HIT = C.cacheRoundTripUs + C.cacheCommandUs;
const DB_READ = C.databaseRoundTripUs + C.databaseReadUs;
const DB_WRITE = C.databaseRoundTripUs + C.databaseWriteUs;
const MISS = HIT + DB_READ + HIT;

const SEED_BUCKET_FIELDS = ['count', 'total_time_us', 'avg_time_us', 'min_time_us', 'max_time_us', 'reads', 'writes', 'cache_hits', 'cache_misses'];

describe('embedded backend: exact figures on virtual time', () => {
  it('one thread reading one passenger: a miss (GET, query, SET), then hits at one round trip each', async () => {
    const outcome = await run({ threads: 1, queries: 4, readRatio: 100, poolSize: 1 });
    const f = runFigures(outcome);
    expect([f.cacheHits, f.cacheMisses, f.writes, f.errors]).toEqual([3, 1, 0, 0]);
    expect(outcome.durationMs).toBe((MISS + 3 * HIT) / 1000);
    expect(f.latency.meanMs).toBe((MISS + 3 * HIT) / 4 / 1000);
    expect(f.latency.p50Ms).toBe(HIT / 1000);
    expect(f.latency.p99Ms).toBe(MISS / 1000);
    expect(f.queriesPerSecond).toBeCloseTo(4 / ((MISS + 3 * HIT) / 1e6), 9);
    expect(outcome.recorder.series.toJSON()).toEqual({
      '1764081507': {
        count: 4,
        total_time_us: MISS + 3 * HIT,
        avg_time_us: (MISS + 3 * HIT) / 4,
        min_time_us: HIT,
        max_time_us: MISS,
        reads: 0,
        writes: 0,
        cache_hits: 3,
        cache_misses: 1,
      },
    });
  });

  it('a write inserts, reads again and refreshes the entry; without a cache it only inserts', async () => {
    const cached = runFigures(await run({ threads: 1, queries: 1, readRatio: 0 }));
    expect(cached.latency.meanMs).toBe((DB_WRITE + DB_READ + HIT) / 1000);
    const uncached = runFigures(await run({ threads: 1, queries: 2, readRatio: 0, cache: false }));
    expect(uncached.latency.maxMs).toBe(DB_WRITE / 1000);
    const read = runFigures(await run({ threads: 1, queries: 1, readRatio: 100, cache: false }));
    expect([read.latency.meanMs, read.reads, read.cacheMisses]).toEqual([DB_READ / 1000, 1, 0]);
  });

  it('two threads missing the same key at once both query the database, and Redis serves them one after the other', async () => {
    const outcome = await run({ threads: 2, queries: 1, readRatio: 100, poolSize: 1 });
    const f = runFigures(outcome);
    expect([f.cacheMisses, f.databaseOps]).toEqual([2, 2]);
    // The second GET and SET each wait one command behind the first in the single-threaded server.
    expect(f.latency.minMs).toBe(MISS / 1000);
    expect(f.latency.maxMs).toBe((MISS + C.cacheCommandUs) / 1000);
  });

  it('a run longer than the virtual clock can model is a clear error, not a wrong figure', async () => {
    const slow = { ...C, databaseReadUs: 1e9 };
    await expect(runEmbedded({ ...base, threads: 1, queries: 5, readRatio: 100, cache: false }, { cost: slow })).rejects.toMatchObject({
      code: 'E_LAB_USAGE',
      message: expect.stringMatching(/models at most 35 minutes of virtual time per run.*--backend real/),
    });
  });

  it('is deterministic: the same seed gives the same figures, another seed other ones', async () => {
    const a = await run({ queries: 2_000, seed: 'same' });
    const b = await run({ queries: 2_000, seed: 'same' });
    const c = await run({ queries: 2_000, seed: 'other' });
    expect(b.recorder.toJSON()).toEqual(a.recorder.toJSON());
    expect(b.durationMs).toBe(a.durationMs);
    expect(c.recorder.totals()).not.toEqual(a.recorder.totals());
  });
});

describe('embedded backend: hit ratios behave as the published results describe (their settings, 40,000 queries)', () => {
  it("pool mode, 80% reads, cold cache: a high hit rate, near the seed's 75.6%", async () => {
    const f = runFigures(await run({ flush: true }));
    expect(f.hitRatePct).toBeGreaterThan(70); // the published results' target
    expect(Math.abs(f.hitRatePct - SEED_FIGURES.hitRate80Pool)).toBeLessThan(5);
    expect(f.reads + f.writes).toBe(40_000);
  });

  it("pool mode, 99% reads on a warm cache: above 95%, as the seed's second run", async () => {
    const f = runFigures(await run({ readRatio: 99, warmup: 30_000 }));
    expect(f.hitRatePct).toBeGreaterThan(95);
  });

  it("random mode over all passengers, 60% reads: lower than pool mode, within the seed's 20-50%", async () => {
    const pool = runFigures(await run({ readRatio: 60, flush: true }));
    const random = runFigures(await run({ readRatio: 60, mode: 'random', flush: true }));
    expect(random.hitRatePct).toBeLessThan(pool.hitRatePct - 20);
    expect(random.hitRatePct).toBeGreaterThan(20);
    expect(random.hitRatePct).toBeLessThan(50);
  });

  it('a 100 ms TTL with random passengers, 90% reads: the hit rate is near zero (seed: 1.2%)', async () => {
    const f = runFigures(await run({ readRatio: 90, ttlMs: 100, mode: 'random', flush: true }));
    expect(f.hitRatePct).toBeLessThan(5);
    expect(f.cacheMisses).toBeGreaterThan(30_000);
  });
});

describe("the log of a run: the published results' time-series shape", () => {
  it("every bucket has exactly the seed's fields, in its order, and adds up to the totals", async () => {
    const log = buildLog(await run({ queries: 3_000 }));
    const seconds = Object.keys(log.time_series);
    expect(seconds.length).toBeGreaterThan(1);
    for (const second of seconds) {
      expect(second).toMatch(/^\d{10}$/);
      const b = log.time_series[second]!;
      expect(Object.keys(b)).toEqual(SEED_BUCKET_FIELDS);
      for (const field of SEED_BUCKET_FIELDS) expect(typeof b[field as keyof typeof b]).toBe('number');
      expect(b.count).toBe(b.reads + b.writes + b.cache_hits + b.cache_misses);
      expect(b.avg_time_us).toBe(Math.round((b.total_time_us / b.count) * 100) / 100);
      expect(b.reads).toBe(0); // reads through the cache count as hits or misses, as in the seed's sample
    }
    for (const split of [log.time_series_by_operation.cache_hit, log.time_series_by_operation.database]) {
      for (const b of Object.values(split)) expect(Object.keys(b)).toEqual(SEED_BUCKET_FIELDS);
    }
    const sum = (k: 'count' | 'writes' | 'cache_hits' | 'cache_misses') => Object.values(log.time_series).reduce((a, b) => a + b[k], 0);
    expect(sum('count')).toBe(log.results.total_queries);
    expect([sum('writes'), sum('cache_hits'), sum('cache_misses')]).toEqual([log.results.writes, log.results.cache_hits, log.results.cache_misses]);
    expect(log.configuration).toMatchObject({
      threads: 4,
      queries_per_thread: 3_000,
      total_queries: 12_000,
      read_ratio: 80,
      cache_ttl_ms: 300_000,
      passenger_mode: 'pool',
      time_base: 'virtual',
    });
  });
});
