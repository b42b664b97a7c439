/**
 * The five views of seed 001, computed from a log: database-operation latency, cache-hit
 * latency, DB vs cache average, throughput per second and hit rate per second. Seconds run from
 * the first to the last second of the run, gaps included, as offsets from the start (+0 s …).
 * Both renderers (terminal and HTML) draw these numbers and nothing else.
 */
import type { SecondBucket, TimeSeriesJSON } from '../../lib/metrics/time-series.js';
import type { LoadedLog } from '../log-read.js';

/** Min/avg/max latency of one second, µs; null for a second without such operations. */
export interface LatencyPoint {
  min: number;
  avg: number;
  max: number;
  count: number;
}

/** One second of the hit-rate view. */
export interface HitRatePoint {
  /** hits ÷ (hits + misses) × 100; null without cached reads. */
  pct: number | null;
  hits: number;
  reads: number;
}

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
}

function latencyPoint(b: SecondBucket | undefined): LatencyPoint | null {
  return b && b.count > 0 ? { min: b.min_time_us, avg: b.total_time_us / b.count, max: b.max_time_us, count: b.count } : null;
}

/** Computes the views of a loaded log. */
export function computeViews(loaded: LoadedLog): Views {
  const main: TimeSeriesJSON = loaded.kind === 'full' ? loaded.log.time_series : loaded.series;
  const split = loaded.kind === 'full' ? loaded.log.time_series_by_operation : undefined;
  const seconds = Object.keys(main).map(Number);
  const first = seconds.length > 0 ? Math.min(...seconds) : 0;
  const n = seconds.length > 0 ? Math.max(...seconds) - first + 1 : 0;
  const offsets = Array.from({ length: n }, (_, i) => i);
  const at = (series: TimeSeriesJSON, i: number) => series[String(first + i)];
  return {
    firstSecond: first,
    offsets,
    database: split ? offsets.map((i) => latencyPoint(at(split.database, i))) : null,
    cacheHit: split ? offsets.map((i) => latencyPoint(at(split.cache_hit, i))) : null,
    all: offsets.map((i) => latencyPoint(at(main, i))),
    throughput: offsets.map((i) => at(main, i)?.count ?? 0),
    hitRate: offsets.map((i) => {
      const b = at(main, i);
      const hits = b?.cache_hits ?? 0;
      const reads = hits + (b?.cache_misses ?? 0);
      return { pct: reads > 0 ? (hits / reads) * 100 : null, hits, reads };
    }),
  };
}

/** Averages over the whole run, weighted by operations: the headline of view 3. */
export function overallAverages(views: Views): { databaseUs: number | null; cacheHitUs: number | null } {
  const avg = (points: (LatencyPoint | null)[] | null): number | null => {
    let sum = 0;
    let count = 0;
    for (const p of points ?? []) if (p) (sum += p.avg * p.count), (count += p.count);
    return count > 0 ? sum / count : null;
  };
  return { databaseUs: avg(views.database), cacheHitUs: avg(views.cacheHit) };
}
