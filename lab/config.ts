/**
 * The load test's configuration and its defaults, which are the published load
 * test's: 4 threads, 10,000 queries per thread, 80% reads, a TTL of
 * 300,000 ms and a pool of 10,000 passengers unless `--random`.
 */
import type { BackendKind } from '../lib/backends/types.js';

/** Where passenger ids come from: a fixed pool (hot data) or every passenger (long tail). */
type PassengerMode = 'pool' | 'random';

/** One load-test run, fully resolved. */
export interface LabConfig {
  /** The seed's threads: concurrent sessions, each with its own connections and one operation in flight. */
  threads: number;
  /**
   * Real backend: worker threads the sessions are spread over; 0 = one per core left after one
   * for the servers, at most one per session (see lab/threads.ts).
   */
  workers: number;
  /** Operations per worker. */
  queries: number;
  /** Percentage of reads, 0–100. */
  readRatio: number;
  /** TTL of every cache entry, ms. */
  ttlMs: number;
  mode: PassengerMode;
  /** Passengers in the pool (pool mode). */
  poolSize: number;
  /** Cache-aside on (default) or every read straight from the database (`--no-cache`). */
  cache: boolean;
  /** Reads that fill the cache before measuring (cache warming); not counted. */
  warmup: number;
  /** Empty the lab's keys before running. */
  flush: boolean;
  backend: BackendKind;
  /** Seed of the passenger pool and the operation streams. */
  seed: string;
  /** Put before every cache key (`<prefix>bookings:42`), so runs can share a Redis safely. */
  keyPrefix: string;
  verbose: boolean;
  interactive: boolean;
  /** Folder the perf_test logs go to. */
  logDir: string;
  /** Show progress while running. */
  progress: boolean;
}

/** The seeds' defaults and the kit's choices for the rest. */
export const LAB_DEFAULTS: Readonly<LabConfig> = Object.freeze({
  threads: 4,
  workers: 0,
  queries: 10_000,
  readRatio: 80,
  ttlMs: 300_000,
  mode: 'pool',
  poolSize: 10_000,
  cache: true,
  warmup: 0,
  flush: false,
  backend: 'embedded',
  seed: 'cachelab-lab',
  keyPrefix: '',
  verbose: false,
  interactive: false,
  logDir: 'logs',
  progress: true,
});

/** The seeds' published figures, which the benchmark prints beside this machine's. */
export const SEED_FIGURES = Object.freeze({
  /** 4 threads × 10,000, 80% reads, pool mode, TTL 300,000 ms, cold cache. */
  qps80Pool: 4_791.29,
  /** The same, 99% reads, run right after without a flush. */
  qps99Pool: 22_817.57,
  /** Hit rates of the same runs, %. */
  hitRate80Pool: 75.6,
  hitRate99Pool: 99.5,
  /** 60% reads, random mode, flushed. */
  hitRate60Random: 40.5,
  qps60Random: 3_477.35,
  /** 90% reads, random mode, TTL 100 ms, flushed. */
  hitRate90RandomTtl100: 1.2,
  qps90RandomTtl100: 4_543.72,
});

/** Every run's result: totals, latencies and the per-second series, before it is written to disk. */
export interface LabTotals {
  /** Operations attempted (including failed ones). */
  queries: number;
  reads: number;
  writes: number;
  cacheHits: number;
  cacheMisses: number;
  /** Operations that failed (not made, counted under no kind above): cacheErrors + databaseErrors. */
  errors: number;
  /** Of those, the ones that failed at a cache command and at a database query. */
  cacheErrors: number;
  databaseErrors: number;
  /** Writes the database accepted (counted in `writes`) whose cache refresh then failed. */
  writeRefreshErrors: number;
  /** Failed writes (in `databaseErrors`) whose INSERT was in flight when the connection was lost: the database may have made them. */
  writesUnknown: number;
  /** Up to five different error messages, first first. */
  errorMessages: string[];
  /** Operations that reached the database (misses, writes, uncached reads). */
  databaseOps: number;
}
