/**
 * logs/perf_test_<timestamp>.json: what every load-test run leaves behind, and what
 * `npm run plot` reads back. The per-second series are in the published results' exact shape; the same shape
 * split by operation (cache hits vs operations that reached the database) feeds the latency views;
 * failures have a per-second series of their own (lab/error-series.ts).
 *
 * The log is written as the run goes ({@link LiveLog}): created when measuring starts and
 * replaced about once a second (a temporary file, then a rename, so a reader never sees half a
 * file), then a last time with the final figures. So Ctrl-C, SIGTERM, a crash or a kill keeps
 * everything up to then, and `status` says how the run ended. Reading it back is lab/log-read.ts.
 */
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { LatencySummary } from '../lib/metrics/histogram.js';
import type { TimeSeriesJSON } from '../lib/metrics/time-series.js';
import type { ErrorSeriesJSON } from './error-series.js';
import { LabOutputError } from './errors.js';
import type { RunOutcome } from './outcome.js';
import { runFigures } from './run.js';

/** Identifies the kit's load-test logs. */
export const LOG_FORMAT = 'cachelab-perf-test';

/** Latency figures in ms; null where nothing was recorded. */
type LatencyJSON = Record<'count' | 'mean' | 'min' | 'max' | 'p50' | 'p95' | 'p99', number | null>;

/**
 * How the run behind a log ended: `complete`; `interrupted` (SIGINT/SIGTERM stopped it, the figures
 * cover what ran); `failed` (an error ended it, see `note`); `running` (still being written, or the
 * process died without finishing it: the figures are those of the last second saved).
 */
export type LogStatus = 'complete' | 'interrupted' | 'failed' | 'running';

/** One log file. snake_case, as the seed's JSON. */
export interface PerfLog {
  format: typeof LOG_FORMAT;
  version: 1;
  /** Missing in logs written before the live log: read as `complete`. */
  status?: LogStatus;
  /** Why a run is not complete, and what else the reader should know. */
  notes?: string[];
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
    /** Operations that failed (not made, in no count above): errors_by_kind.cache + errors_by_kind.database. */
    errors: number;
    /** Where they failed. Missing in older logs. */
    errors_by_kind?: { cache: number; database: number };
    /** Writes the database accepted (counted in `writes`) whose cache refresh then failed. Missing in older logs. */
    write_refresh_errors?: number;
    /**
     * Of the failed operations, writes whose INSERT was in flight when the database connection was
     * lost: made or not, nobody can tell, so the database gained between `writes` and
     * `writes + writes_unknown` bookings. Missing in older logs.
     */
    writes_unknown?: number;
    error_messages: string[];
  };
  /** Seed 001's shape: every operation, by the second it started in. */
  time_series: TimeSeriesJSON;
  /** The same shape for cache hits alone and for operations that reached the database. */
  time_series_by_operation: { cache_hit: TimeSeriesJSON; database: TimeSeriesJSON };
  /** Failures by the second the operation started, and by kind (lab/error-series.ts). Missing in older logs. */
  time_series_errors?: ErrorSeriesJSON;
}

const finite = (n: number): number | null => (Number.isFinite(n) ? Math.round(n * 1e6) / 1e6 : null);

function latencyJson(s: LatencySummary): LatencyJSON {
  return {
    count: s.count,
    mean: finite(s.meanMs),
    min: finite(s.minMs),
    max: finite(s.maxMs),
    p50: finite(s.p50Ms),
    p95: finite(s.p95Ms),
    p99: finite(s.p99Ms),
  };
}

/** YYYYMMDD_HHMMSS in local time (the seed's file names). */
function timestampOf(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}_${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}

/** How a run that returned ended: `interrupted` when a signal stopped it, else `complete`. */
function statusOf(outcome: RunOutcome): LogStatus {
  return outcome.stoppedBy ? 'interrupted' : 'complete';
}

/** The log of one run; `status` defaults to {@link statusOf}. */
export function buildLog(outcome: RunOutcome, status: LogStatus = statusOf(outcome), extraNotes: readonly string[] = []): PerfLog {
  const c = outcome.config;
  const f = runFigures(outcome);
  const done = f.totalQueries + f.errors;
  const total = c.threads * c.queries;
  const notes = [
    ...(status === 'interrupted'
      ? [`Interrupted by ${outcome.stoppedBy ?? 'a signal'} after ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} operations.`]
      : []),
    ...(status === 'running'
      ? [`Still running when this was saved: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} operations so far.`]
      : []),
    ...extraNotes,
    ...(outcome.notes ?? []),
  ];
  return {
    format: LOG_FORMAT,
    version: 1,
    status,
    ...(notes.length > 0 ? { notes } : {}),
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
      errors_by_kind: { cache: f.cacheErrors, database: f.databaseErrors },
      write_refresh_errors: f.writeRefreshErrors,
      writes_unknown: f.writesUnknown,
      error_messages: f.errorMessages,
    },
    time_series: outcome.recorder.series.toJSON(),
    time_series_by_operation: {
      cache_hit: outcome.recorder.hitSeries.toJSON(),
      database: outcome.recorder.databaseSeries.toJSON(),
    },
    time_series_errors: outcome.recorder.errorSeries.toJSON(),
  };
}

const text = (log: PerfLog): string => `${JSON.stringify(log, null, 2)}\n`;

/** Creates `<dir>/perf_test_<timestamp>[_<label>].json` with `log` (never over an existing file); returns the path. */
function create(log: PerfLog, dir: string, label?: string): string {
  const base = `perf_test_${log.timestamp}${label ? `_${label}` : ''}`;
  try {
    mkdirSync(dir, { recursive: true });
    for (let n = 1; ; n++) {
      const file = path.join(dir, n === 1 ? `${base}.json` : `${base}_${n}.json`);
      if (existsSync(file)) continue;
      let fd: number;
      try {
        fd = openSync(file, 'wx'); // claims the name even against another run starting in the same second
      } catch (error) {
        if ((error as { code?: string }).code === 'EEXIST') continue;
        throw error;
      }
      try {
        writeSync(fd, text(log));
      } finally {
        closeSync(fd);
      }
      return file;
    }
  } catch (error) {
    throw new LabOutputError(path.join(dir, `${base}.json`), (error as Error).message, { cause: error });
  }
}

/** Writes `log` as `<dir>/perf_test_<timestamp>[_<label>].json` (never over an existing file); returns the path. */
export function writeLog(log: PerfLog, dir: string, label?: string): string {
  return create(log, dir, label);
}

/** A log written as the run goes: created once, then replaced whole and atomically. */
export class LiveLog {
  readonly file: string;
  #last = process.hrtime.bigint(); // real time, even under the embedded backend's virtual clock

  private constructor(file: string) {
    this.file = file;
  }

  /** Creates the file with `log` (see {@link writeLog} for the name). */
  static create(log: PerfLog, dir: string, label?: string): LiveLog {
    return new LiveLog(create(log, dir, label));
  }

  /** Whether `everyMs` have passed since the last write. */
  due(everyMs = 1000): boolean {
    return process.hrtime.bigint() - this.#last >= BigInt(everyMs) * 1_000_000n;
  }

  /** Replaces the file with `log`: a temporary file beside it, then a rename. */
  write(log: PerfLog): void {
    const tmp = path.join(path.dirname(this.file), `.${path.basename(this.file)}.tmp`);
    try {
      writeFileSync(tmp, text(log));
      renameSync(tmp, this.file);
    } catch (error) {
      rmSync(tmp, { force: true });
      throw new LabOutputError(this.file, (error as Error).message, { cause: error });
    }
    this.#last = process.hrtime.bigint();
  }
}
