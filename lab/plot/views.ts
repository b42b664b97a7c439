/**
 * The five views of the published results, computed from a log: database-operation latency, cache-hit
 * latency, DB vs cache average, throughput per second and hit rate per second; plus failures per
 * second and the outages they form. Seconds run from the first to the last second of the run
 * (of operations or failures), gaps included, as offsets from the start (+0 s …). Both renderers
 * (terminal and HTML) and the explanation draw these numbers and nothing else.
 */
import type { SecondBucket, TimeSeriesJSON } from '../../lib/metrics/time-series.js';
import type { ErrorBucket, ErrorSeriesJSON } from '../error-series.js';
import type { LoadedLog } from '../log-read.js';

/** Min/avg/max latency of one second, µs; null for a second without such operations. */
export interface LatencyPoint {
  min: number;
  avg: number;
  max: number;
  count: number;
}

/** One second of the hit-rate view. */
interface HitRatePoint {
  /** hits ÷ (hits + misses) × 100; null without cached reads. */
  pct: number | null;
  hits: number;
  reads: number;
}

/** Failures of one second (zeros where none). */
interface ErrorPoint {
  /** Operations that failed (not in the seed's series): cache + database. */
  errors: number;
  cache: number;
  database: number;
  /** Writes made whose cache refresh failed (in the seed's series as writes). */
  writeRefresh: number;
}

/**
 * A run of consecutive seconds in which at least {@link OUTAGE_SHARE} of the operations started
 * failed (or, for writes, failed to refresh the cache): a server was down or refusing work.
 */
export interface Outage {
  /** First and last offset, inclusive. */
  from: number;
  to: number;
  /** Whether it lasted until the last second of the series. */
  untilEnd: boolean;
  errors: number;
  cache: number;
  database: number;
  writeRefresh: number;
  /** The server most failures came from. */
  server: 'cache' | 'database';
}

/** Share of a second's operations that must fail for the second to count as part of an outage. */
const OUTAGE_SHARE = 0.05;

/** Everything the plots draw. Arrays are indexed by second offset. */
export interface Views {
  /** Unix second of offset 0. */
  firstSecond: number;
  /** Offsets 0..n-1. */
  offsets: number[];
  /** View 1: operations that reached the database (misses, writes, uncached reads); null for a bare series. */
  database: (LatencyPoint | null)[] | null;
  /** View 2: cache hits; null for a bare series. */
  cacheHit: (LatencyPoint | null)[] | null;
  /** Every operation (what a bare series can show). */
  all: (LatencyPoint | null)[];
  /** View 4: operations per second. */
  throughput: number[];
  /** View 5. */
  hitRate: HitRatePoint[];
  /** Failures per second; null when the log has no error series (older logs, a bare series). */
  errors: ErrorPoint[] | null;
  /** Outages found in {@link Views.errors}, first first. */
  outages: Outage[];
}

function findOutages(errors: readonly ErrorPoint[], throughput: readonly number[]): Outage[] {
  const outages: Outage[] = [];
  let open: Outage | undefined;
  errors.forEach((e, i) => {
    const failed = e.errors + e.writeRefresh;
    const faulty = failed > 0 && failed >= OUTAGE_SHARE * (throughput[i]! + e.errors);
    if (!faulty) {
      open = undefined;
      return;
    }
    if (!open) outages.push((open = { from: i, to: i, untilEnd: false, errors: 0, cache: 0, database: 0, writeRefresh: 0, server: 'cache' }));
    open.to = i;
    open.errors += e.errors;
    open.cache += e.cache;
    open.database += e.database;
    open.writeRefresh += e.writeRefresh;
  });
  for (const o of outages) {
    o.untilEnd = o.to === errors.length - 1;
    o.server = o.database > o.cache + o.writeRefresh ? 'database' : 'cache';
  }
  return outages;
}

function latencyPoint(b: SecondBucket | undefined): LatencyPoint | null {
  return b && b.count > 0 ? { min: b.min_time_us, avg: b.total_time_us / b.count, max: b.max_time_us, count: b.count } : null;
}

/** Computes the views of a loaded log. */
export function computeViews(loaded: LoadedLog): Views {
  const main: TimeSeriesJSON = loaded.kind === 'full' ? loaded.log.time_series : loaded.series;
  const split = loaded.kind === 'full' ? loaded.log.time_series_by_operation : undefined;
  const failures: ErrorSeriesJSON | undefined = loaded.kind === 'full' ? loaded.log.time_series_errors : undefined;
  const seconds = [...Object.keys(main), ...Object.keys(failures ?? {})].map(Number);
  const first = seconds.length > 0 ? Math.min(...seconds) : 0;
  const n = seconds.length > 0 ? Math.max(...seconds) - first + 1 : 0;
  const offsets = Array.from({ length: n }, (_, i) => i);
  const at = (series: TimeSeriesJSON, i: number) => series[String(first + i)];
  const throughput = offsets.map((i) => at(main, i)?.count ?? 0);
  const errors = failures
    ? offsets.map((i): ErrorPoint => {
        const e: ErrorBucket | undefined = failures[String(first + i)];
        return { errors: e?.errors ?? 0, cache: e?.cache ?? 0, database: e?.database ?? 0, writeRefresh: e?.write_refresh ?? 0 };
      })
    : null;
  return {
    firstSecond: first,
    offsets,
    database: split ? offsets.map((i) => latencyPoint(at(split.database, i))) : null,
    cacheHit: split ? offsets.map((i) => latencyPoint(at(split.cache_hit, i))) : null,
    all: offsets.map((i) => latencyPoint(at(main, i))),
    throughput,
    hitRate: offsets.map((i) => {
      const b = at(main, i);
      const hits = b?.cache_hits ?? 0;
      const reads = hits + (b?.cache_misses ?? 0);
      return { pct: reads > 0 ? (hits / reads) * 100 : null, hits, reads };
    }),
    errors,
    outages: errors ? findOutages(errors, throughput) : [],
  };
}

/** Averages over the whole run, weighted by operations: the headline of view 3. */
export function overallAverages(views: Views): { databaseUs: number | null; cacheHitUs: number | null } {
  const avg = (points: (LatencyPoint | null)[] | null): number | null => {
    let sum = 0;
    let count = 0;
    for (const p of points ?? []) {
      if (!p) continue;
      sum += p.avg * p.count;
      count += p.count;
    }
    return count > 0 ? sum / count : null;
  };
  return { databaseUs: avg(views.database), cacheHitUs: avg(views.cacheHit) };
}
