/**
 * Per-second figures in the shape the cache-aside load test's published results use for their
 * time series: an object keyed by unix second, each bucket holding the count, total,
 * average, min and max latency in µs and the operation mix. The lab's plot tool reads this shape.
 *
 * As in the seed, an operation is bucketed by the second it STARTED in, and each operation counts
 * under exactly one kind: `read` (a read that did not go through the cache), `write`, `cache_hit`
 * or `cache_miss` (so `reads` is 0 in a cache-aside run and the hit rate is hits / (hits + misses)).
 */
import { MetricsInputError } from './errors.js';
import { round } from './round.js';

/** The kind an operation is counted under in a bucket. */
export type SeriesKind = 'read' | 'write' | 'cache_hit' | 'cache_miss';

const SERIES_KINDS: readonly SeriesKind[] = ['read', 'write', 'cache_hit', 'cache_miss'];

/** One second of figures, exactly as written to JSON. */
export interface SecondBucket {
  count: number;
  total_time_us: number;
  avg_time_us: number;
  min_time_us: number;
  max_time_us: number;
  reads: number;
  writes: number;
  cache_hits: number;
  cache_misses: number;
}

/** A whole series as written to JSON: bucket by unix second (as a string key). */
export type TimeSeriesJSON = Record<string, SecondBucket>;

const BUCKET_FIELDS: readonly (keyof SecondBucket)[] = [
  'count',
  'total_time_us',
  'avg_time_us',
  'min_time_us',
  'max_time_us',
  'reads',
  'writes',
  'cache_hits',
  'cache_misses',
];

const FIELD_OF_KIND = { read: 'reads', write: 'writes', cache_hit: 'cache_hits', cache_miss: 'cache_misses' } as const;

/** Rounds away float noise (0.1 + 0.2) without hiding sub-µs values: 3 decimals = 1 ns. */
const toNs = (us: number): number => round(us, 3);

/** Per-second latency and operation-mix buckets. */
export class TimeSeries {
  readonly #buckets = new Map<number, SecondBucket>();

  /** Records one operation that started at `timestampMs` (unix epoch ms) and took `durationUs`. */
  record(timestampMs: number, durationUs: number, kind: SeriesKind): void {
    if (!Number.isFinite(timestampMs)) {
      throw new MetricsInputError('E_BAD_LATENCY', `timestampMs must be unix epoch milliseconds, got ${timestampMs}.`);
    }
    if (!Number.isFinite(durationUs) || durationUs < 0) {
      throw new MetricsInputError('E_BAD_LATENCY', `durationUs must be a finite number >= 0, got ${durationUs}.`);
    }
    if (!SERIES_KINDS.includes(kind)) {
      throw new MetricsInputError('E_BAD_SERIES_KIND', `Unknown operation kind "${String(kind)}". Use one of: ${SERIES_KINDS.join(', ')}.`);
    }
    const second = Math.floor(timestampMs / 1000);
    const bucket = this.#bucket(second);
    bucket.count += 1;
    bucket.total_time_us += durationUs;
    bucket.min_time_us = Math.min(bucket.min_time_us, durationUs);
    bucket.max_time_us = Math.max(bucket.max_time_us, durationUs);
    bucket[FIELD_OF_KIND[kind]] += 1;
    bucket.avg_time_us = bucket.total_time_us / bucket.count;
  }

  /** Unix seconds that hold at least one operation, ascending. */
  seconds(): number[] {
    return [...this.#buckets.keys()].sort((a, b) => a - b);
  }

  /** A copy of one second's bucket (unrounded), or undefined. */
  get(second: number): SecondBucket | undefined {
    const bucket = this.#buckets.get(second);
    return bucket && { ...bucket };
  }

  /** Adds another series (or its JSON) into this one, second by second. */
  merge(other: TimeSeries | TimeSeriesJSON): void {
    const source = other instanceof TimeSeries ? other : TimeSeries.fromJSON(other);
    for (const [second, from] of source.#buckets) {
      const into = this.#bucket(second);
      into.count += from.count;
      into.total_time_us += from.total_time_us;
      into.min_time_us = Math.min(into.min_time_us, from.min_time_us);
      into.max_time_us = Math.max(into.max_time_us, from.max_time_us);
      into.reads += from.reads;
      into.writes += from.writes;
      into.cache_hits += from.cache_hits;
      into.cache_misses += from.cache_misses;
      into.avg_time_us = into.total_time_us / into.count;
    }
  }

  /** The seed's JSON shape, ascending by second; avg rounded to 2 decimals as in the seed. */
  toJSON(): TimeSeriesJSON {
    const out: TimeSeriesJSON = {};
    for (const second of this.seconds()) {
      const b = this.#buckets.get(second)!;
      out[String(second)] = {
        count: b.count,
        total_time_us: toNs(b.total_time_us),
        avg_time_us: Math.round((b.total_time_us / b.count) * 100) / 100,
        min_time_us: toNs(b.min_time_us),
        max_time_us: toNs(b.max_time_us),
        reads: b.reads,
        writes: b.writes,
        cache_hits: b.cache_hits,
        cache_misses: b.cache_misses,
      };
    }
    return out;
  }

  /** Rebuilds a series from its JSON (e.g. a worker's or a log file's); names the first bad field. */
  static fromJSON(data: TimeSeriesJSON): TimeSeries {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new MetricsInputError('E_BAD_SERIALIZED_METRIC', 'A time series must be an object keyed by unix second.');
    }
    const series = new TimeSeries();
    for (const [key, bucket] of Object.entries(data)) {
      if (!/^\d+$/.test(key)) {
        throw new MetricsInputError('E_BAD_SERIALIZED_METRIC', `Time-series key "${key}" is not a unix second.`);
      }
      for (const field of BUCKET_FIELDS) {
        const value = (bucket as unknown as Record<string, unknown> | null)?.[field];
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
          throw new MetricsInputError('E_BAD_SERIALIZED_METRIC', `Time-series second ${key}: field "${field}" must be a number >= 0.`);
        }
      }
      if (!Number.isInteger(bucket.count) || bucket.count < 1) {
        throw new MetricsInputError('E_BAD_SERIALIZED_METRIC', `Time-series second ${key}: "count" must be a whole number >= 1.`);
      }
      series.#buckets.set(Number(key), { ...bucket });
    }
    return series;
  }

  #bucket(second: number): SecondBucket {
    let bucket = this.#buckets.get(second);
    if (!bucket) {
      bucket = {
        count: 0,
        total_time_us: 0,
        avg_time_us: 0,
        min_time_us: Infinity,
        max_time_us: 0,
        reads: 0,
        writes: 0,
        cache_hits: 0,
        cache_misses: 0,
      };
      this.#buckets.set(second, bucket);
    }
    return bucket;
  }
}
