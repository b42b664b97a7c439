import { describe, expect, it } from 'vitest';
import { LAB_DEFAULTS } from './config.js';
import { LabStepError } from './errors.js';
import { Recorder } from './recorder.js';
import { runFigures } from './run.js';
import type { RunOutcome } from './outcome.js';

const T0 = 1_764_081_507_000; // the seed's sample second, in ms

function outcome(recorder: Recorder, durationMs: number): RunOutcome {
  return {
    config: { ...LAB_DEFAULTS },
    startedAt: new Date(T0),
    durationMs,
    timeBase: 'virtual',
    workerThreads: 0,
    recorder,
    passengers: 10,
    flights: 10,
    cacheServer: 'c',
    database: 'd',
    warmedEntries: 0,
    flushedKeys: 0,
  };
}

describe('Recorder: the figures of one worker', () => {
  it('counts each operation once, by kind, and splits database from cache-hit latency', () => {
    const r = new Recorder();
    r.record(T0 + 10, 100, 'cache_hit');
    r.record(T0 + 20, 300, 'cache_hit');
    r.record(T0 + 30, 2_000, 'cache_miss');
    r.record(T0 + 1_500, 3_000, 'write');
    r.record(T0 + 1_600, 900, 'read');
    r.fail(new Error('connection reset'));
    expect(r.totals()).toEqual({
      queries: 6,
      reads: 4,
      writes: 1,
      cacheHits: 2,
      cacheMisses: 1,
      errors: 1,
      cacheErrors: 0,
      databaseErrors: 1,
      writeRefreshErrors: 0,
      writesUnknown: 0,
      errorMessages: ['connection reset'],
      databaseOps: 3,
    });
    // Hand-computed: hits 100 and 300 µs; database 2000, 3000, 900 µs.
    expect(r.hitLatency.summary()).toMatchObject({ count: 2, meanMs: 0.2, minMs: 0.1, maxMs: 0.3 });
    expect(r.databaseLatency.summary()).toMatchObject({ count: 3, minMs: 0.9, maxMs: 3 });
    expect(r.databaseLatency.summary().meanMs).toBeCloseTo(5.9 / 3, 12);
    expect(r.summary()).toMatchObject({ count: 5, p50Ms: 0.9, p95Ms: 3, p99Ms: 3 });
    expect(r.summary().meanMs).toBeCloseTo(6.3 / 5, 12);
  });

  it("writes the seed's per-second buckets: every operation, cache hits alone, database operations alone", () => {
    const r = new Recorder();
    r.record(T0 + 10, 100, 'cache_hit');
    r.record(T0 + 20, 300, 'cache_hit');
    r.record(T0 + 30, 2_000, 'cache_miss');
    r.record(T0 + 1_500, 3_000, 'write');
    const json = r.toJSON();
    expect(json.series).toEqual({
      '1764081507': {
        count: 3,
        total_time_us: 2_400,
        avg_time_us: 800,
        min_time_us: 100,
        max_time_us: 2_000,
        reads: 0,
        writes: 0,
        cache_hits: 2,
        cache_misses: 1,
      },
      '1764081508': {
        count: 1,
        total_time_us: 3_000,
        avg_time_us: 3_000,
        min_time_us: 3_000,
        max_time_us: 3_000,
        reads: 0,
        writes: 1,
        cache_hits: 0,
        cache_misses: 0,
      },
    });
    expect(json.hitSeries).toEqual({
      '1764081507': { count: 2, total_time_us: 400, avg_time_us: 200, min_time_us: 100, max_time_us: 300, reads: 0, writes: 0, cache_hits: 2, cache_misses: 0 },
    });
    expect(Object.keys(json.databaseSeries)).toEqual(['1764081507', '1764081508']);
    expect(json.databaseSeries['1764081507']).toMatchObject({ count: 1, avg_time_us: 2_000, cache_misses: 1 });
  });

  it('merges workers sent over postMessage into exactly what one recorder would hold', () => {
    const ops: [number, number, 'cache_hit' | 'cache_miss' | 'write'][] = [];
    for (let i = 0; i < 300; i++) ops.push([T0 + i * 7, 50 + ((i * 37) % 900), i % 5 === 0 ? 'write' : i % 3 === 0 ? 'cache_miss' : 'cache_hit']);
    const one = new Recorder();
    const a = new Recorder();
    const b = new Recorder();
    ops.forEach(([t, us, kind], i) => {
      one.record(t, us, kind);
      (i % 2 ? a : b).record(t, us, kind);
    });
    const merged = new Recorder();
    merged.merge(structuredClone(a.toJSON()));
    merged.merge(structuredClone(b.toJSON()));
    expect(merged.totals()).toEqual(one.totals());
    expect(merged.series.toJSON()).toEqual(one.series.toJSON());
    expect(merged.hitSeries.toJSON()).toEqual(one.hitSeries.toJSON());
    expect(merged.summary()).toEqual(one.summary());
  });

  it('counts failures per second and kind: failed operations apart from writes the database accepted whose refresh failed', () => {
    const a = new Recorder();
    const b = new Recorder();
    a.record(T0 + 10, 900, 'write');
    a.refreshFailed(new LabStepError('cache', 'Redis/Valkey at CACHE_URL=redis://127.0.0.1:6390: Connection is closed.'), T0 + 10);
    a.fail(new LabStepError('cache', 'Redis/Valkey at CACHE_URL=redis://127.0.0.1:6390: Connection is closed.'), T0 + 20);
    b.fail(new LabStepError('database', 'MySQL/MariaDB at DATABASE_URL=mysql://root@127.0.0.1:3306/x: Too many connections'), T0 + 1_200);
    const r = Recorder.fromJSON(structuredClone(a.toJSON()));
    r.merge(structuredClone(b.toJSON()));
    expect(r.totals()).toMatchObject({ queries: 3, writes: 1, errors: 2, cacheErrors: 1, databaseErrors: 1, writeRefreshErrors: 1 });
    expect(r.totals().errorMessages).toEqual([
      'Redis/Valkey at CACHE_URL=redis://127.0.0.1:6390: Connection is closed.',
      'MySQL/MariaDB at DATABASE_URL=mysql://root@127.0.0.1:3306/x: Too many connections',
    ]);
    expect(r.errorSeries.toJSON()).toEqual({
      '1764081507': { errors: 1, cache: 1, database: 0, write_refresh: 1 },
      '1764081508': { errors: 1, cache: 0, database: 1, write_refresh: 0 },
    });
    expect(r.series.toJSON()['1764081507']).toMatchObject({ count: 1, writes: 1 }); // the write is in the seed's series
    expect(runFigures(outcome(r, 1_000))).toMatchObject({ totalQueries: 1, writes: 1, errors: 2, cacheErrors: 1, databaseErrors: 1, writeRefreshErrors: 1 });
  });

  it('keeps only the first five different error messages but counts every failure', () => {
    const r = new Recorder();
    for (let i = 0; i < 8; i++) r.fail(new Error(`e${i % 2 ? 'x' : i}`));
    r.fail('plain string');
    r.fail('plain string');
    r.fail('e8');
    expect(r.totals().errors).toBe(11);
    expect(r.totals().errorMessages).toEqual(['e0', 'ex', 'e2', 'e4', 'e6']);
  });
});

describe("runFigures: the seed's result arithmetic", () => {
  it('QPS = queries ÷ duration and "avg latency per query" = duration ÷ queries, as the published results compute them', () => {
    const r = new Recorder();
    for (let i = 0; i < 30; i++) r.record(T0 + i, 100, 'cache_hit');
    for (let i = 0; i < 10; i++) r.record(T0 + i, 1_000, 'cache_miss');
    r.fail(new Error('x'));
    const f = runFigures(outcome(r, 8_350));
    expect(f.totalQueries).toBe(40); // successful operations only
    expect(f.durationS).toBe(8.35);
    expect(f.queriesPerSecond).toBeCloseTo(40 / 8.35, 12);
    expect(f.avgLatencyPerQueryMs).toBeCloseTo(8_350 / 40, 12);
    expect(f.hitRatePct).toBe(75);
    expect(f.databaseOps).toBe(10);
    expect(f.errors).toBe(1);
  });

  it("reproduces the seed's own totals: 40,000 queries in 8.35 s is 4,790.42 QPS at 0.209 ms per query", () => {
    const r = new Recorder();
    for (let i = 0; i < 24_129; i++) r.record(T0, 100, 'cache_hit');
    for (let i = 0; i < 7_804; i++) r.record(T0, 1_000, 'cache_miss');
    for (let i = 0; i < 8_067; i++) r.record(T0, 2_000, 'write');
    const f = runFigures(outcome(r, 8_350));
    expect(f.queriesPerSecond.toFixed(2)).toBe('4790.42');
    expect(f.avgLatencyPerQueryMs.toFixed(3)).toBe('0.209');
    expect(f.hitRatePct.toFixed(1)).toBe('75.6');
    expect([f.reads, f.writes]).toEqual([31_933, 8_067]);
  });

  it('reports no hit rate without cached reads, and no QPS without time', () => {
    const r = new Recorder();
    r.record(T0, 100, 'read');
    expect(Number.isNaN(runFigures(outcome(r, 1)).hitRatePct)).toBe(true);
    expect(Number.isNaN(runFigures(outcome(new Recorder(), 0)).queriesPerSecond)).toBe(true);
  });
});
