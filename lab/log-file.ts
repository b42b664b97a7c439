/**
 * logs/perf_test_<timestamp>.json: what every load-test run leaves behind, and what
 * `npm run plot` reads back. The per-second series are in seed 001's exact shape; the same shape
 * split by operation (cache hits vs operations that reached the database) feeds the latency views.
 * Reading it back is lab/log-read.ts.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LatencySummary } from '../lib/metrics/histogram.js';
import type { TimeSeriesJSON } from '../lib/metrics/time-series.js';
import { LabOutputError } from './errors.js';
import type { RunOutcome } from './outcome.js';
import { runFigures } from './run.js';

/** Identifies the kit's load-test logs. */
export const LOG_FORMAT = 'cachelab-perf-test';

/** Latency figures in ms; null where nothing was recorded. */
export type LatencyJSON = Record<'count' | 'mean' | 'min' | 'max' | 'p50' | 'p95' | 'p99', number | null>;

/** One log file. snake_case, as the seed's JSON. */
export interface PerfLog {
  format: typeof LOG_FORMAT;
  version: 1;
  /** YYYYMMDD_HHMMSS local time, as in the file name. */
  timestamp: string;
  started_at: string;
  configuration: {
    threads: number;
    /** Worker threads the threads (sessions) ran on; 0 on the embedded backend. */
    worker_threads: number;
    queries_per_thread: number;
    total_queries: number;
    read_ratio: number;
    cache_ttl_ms: number;
    passenger_mode: 'pool' | 'random';
    pool_size: number | null;
    cache: boolean;
    warmup: number;
    flush: boolean;
    backend: 'embedded' | 'real';
    /** `virtual`: the embedded cost model's time; `wall`: measured. */
    time_base: 'virtual' | 'wall';
    seed: string;
    key_prefix: string;
    passengers: number;
    flights: number;
    cache_server: string;
    database: string;
  };
  results: {
    duration_s: number;
    total_queries: number;
    queries_per_second: number | null;
    avg_latency_per_query_ms: number | null;
    latency_ms: LatencyJSON;
    cache_hit_latency_ms: LatencyJSON;
    database_latency_ms: LatencyJSON;
    reads: number;
    writes: number;
    cache_hits: number;
    cache_misses: number;
    cache_hit_rate_pct: number | null;
    database_ops: number;
    warmed_entries: number;
    flushed_keys: number;
    errors: number;
    error_messages: string[];
  };
  /** Seed 001's shape: every operation, by the second it started in. */
  time_series: TimeSeriesJSON;
  /** The same shape for cache hits alone and for operations that reached the database. */
  time_series_by_operation: { cache_hit: TimeSeriesJSON; database: TimeSeriesJSON };
}

const finite = (n: number): number | null => (Number.isFinite(n) ? Math.round(n * 1e6) / 1e6 : null);

function latencyJson(s: LatencySummary): LatencyJSON {
  return { count: s.count, mean: finite(s.meanMs), min: finite(s.minMs), max: finite(s.maxMs), p50: finite(s.p50Ms), p95: finite(s.p95Ms), p99: finite(s.p99Ms) };
}

/** YYYYMMDD_HHMMSS in local time (the seed's file names). */
export function timestampOf(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}_${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}

/** The log of one run. */
export function buildLog(outcome: RunOutcome): PerfLog {
  const c = outcome.config;
  const f = runFigures(outcome);
  return {
    format: LOG_FORMAT,
    version: 1,
    timestamp: timestampOf(outcome.startedAt),
    started_at: outcome.startedAt.toISOString(),
    configuration: {
      threads: c.threads,
      worker_threads: outcome.workerThreads,
      queries_per_thread: c.queries,
      total_queries: c.threads * c.queries,
      read_ratio: c.readRatio,
      cache_ttl_ms: c.ttlMs,
      passenger_mode: c.mode,
      pool_size: c.mode === 'pool' ? Math.min(c.poolSize, outcome.passengers) : null,
      cache: c.cache,
      warmup: c.warmup,
      flush: c.flush,
      backend: c.backend,
      time_base: outcome.timeBase,
      seed: c.seed,
      key_prefix: c.keyPrefix,
      passengers: outcome.passengers,
      flights: outcome.flights,
      cache_server: outcome.cacheServer,
      database: outcome.database,
    },
    results: {
      duration_s: finite(f.durationS) ?? 0,
      total_queries: f.totalQueries,
      queries_per_second: finite(f.queriesPerSecond),
      avg_latency_per_query_ms: finite(f.avgLatencyPerQueryMs),
      latency_ms: latencyJson(f.latency),
      cache_hit_latency_ms: latencyJson(f.cacheHitLatency),
      database_latency_ms: latencyJson(f.databaseLatency),
      reads: f.reads,
      writes: f.writes,
      cache_hits: f.cacheHits,
      cache_misses: f.cacheMisses,
      cache_hit_rate_pct: finite(f.hitRatePct),
      database_ops: f.databaseOps,
      warmed_entries: outcome.warmedEntries,
      flushed_keys: outcome.flushedKeys,
      errors: f.errors,
      error_messages: f.errorMessages,
    },
    time_series: outcome.recorder.series.toJSON(),
    time_series_by_operation: {
      cache_hit: outcome.recorder.hitSeries.toJSON(),
      database: outcome.recorder.databaseSeries.toJSON(),
    },
  };
}

/** Writes `log` as `<dir>/perf_test_<timestamp>[_<label>].json` (never over an existing file); returns the path. */
export function writeLog(log: PerfLog, dir: string, label?: string): string {
  const base = `perf_test_${log.timestamp}${label ? `_${label}` : ''}`;
  try {
    mkdirSync(dir, { recursive: true });
    let file = path.join(dir, `${base}.json`);
    for (let n = 2; existsSync(file); n++) file = path.join(dir, `${base}_${n}.json`);
    writeFileSync(file, `${JSON.stringify(log, null, 2)}\n`);
    return file;
  } catch (error) {
    throw new LabOutputError(path.join(dir, `${base}.json`), (error as Error).message, { cause: error });
  }
}
