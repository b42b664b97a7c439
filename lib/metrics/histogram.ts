/**
 * A latency histogram on hdr-histogram-js. Values arrive as fractional milliseconds (from the
 * virtual or the real clock) and are stored as whole microseconds with 3 significant digits, so
 * percentiles are within 0.1% of the true value at any magnitude. Count, sum, min and max are
 * kept exactly beside the HDR counts, so mean/min/max are always exact.
 *
 * HDR reports the top of a bucket (a 50 ms latency reads back as 50.015 ms), which would make a
 * graded "p95 <= 50 ms" miss on the virtual clock. Virtual-clock runs produce few distinct
 * latencies, so while there are at most EXACT_LIMIT distinct values we also keep an exact
 * value → count table and answer percentiles from it; past that (real-clock runs) HDR answers.
 */
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';
import { MetricsInputError } from './errors.js';
import { round } from './round.js';

/** What a latency histogram reports, all in milliseconds (NaN when nothing was recorded). */
export interface LatencySummary {
  count: number;
  meanMs: number;
  minMs: number;
  maxMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

/** A histogram in a form that survives JSON and `postMessage` (worker threads). */
export interface SerializedHistogram {
  version: 1;
  count: number;
  sumUs: number;
  minUs: number;
  maxUs: number;
  /** HDR counts, compressed base64 (`encodeIntoCompressedBase64`); '' when empty. */
  hdr: string;
  /** Exact [µs, count] pairs while there are few distinct values; null once past the limit. */
  exact: [number, number][] | null;
}

const SIGNIFICANT_DIGITS = 3;

/** Distinct values kept exactly before falling back to HDR alone (a few tens of KB at most). */
export const EXACT_LIMIT = 4096;

/** Nearest rank (1-based) of `percentile` among `count` values, as HDR computes it. */
function rankOf(percentile: number, count: number): number {
  const fp = (Math.min(Math.max(percentile, 0), 100) / 100) * count;
  return Math.max(1, Math.ceil(fp - 1e-9 * Math.max(1, fp)));
}

function newHdr(): Histogram {
  return build({ numberOfSignificantValueDigits: SIGNIFICANT_DIGITS, lowestDiscernibleValue: 1, autoResize: true });
}

/** Latencies of one run (or one worker); mergeable across workers. */
export class LatencyHistogram {
  #hdr: Histogram = newHdr();
  #count = 0;
  #sumUs = 0;
  #minUs = Infinity;
  #maxUs = -Infinity;
  #exact: Map<number, number> | null = new Map();

  /** Records one latency in milliseconds (fractional allowed). */
  recordMs(ms: number): void {
    this.recordUs(ms * 1000);
  }

  /** Records one latency in microseconds (fractional allowed; HDR keeps whole µs). */
  recordUs(us: number): void {
    if (!Number.isFinite(us) || us < 0) {
      throw new MetricsInputError('E_BAD_LATENCY', `A latency must be a finite number >= 0, got ${us} µs. Measure durations as end - start on one clock.`);
    }
    this.#hdr.recordValue(Math.round(us));
    this.#count += 1;
    this.#sumUs += us;
    this.#minUs = Math.min(this.#minUs, us);
    this.#maxUs = Math.max(this.#maxUs, us);
    this.#addExact(us, 1);
  }

  /** Number of recorded latencies. */
  get count(): number {
    return this.#count;
  }

  /** The latency (ms) at `percentile` (0–100), nearest-rank as HDR defines it; NaN when empty. */
  percentileMs(percentile: number): number {
    if (this.#count === 0) return Number.NaN;
    if (this.#exact) {
      const rank = rankOf(percentile, this.#count);
      let seen = 0;
      for (const us of [...this.#exact.keys()].sort((a, b) => a - b)) {
        seen += this.#exact.get(us)!;
        if (seen >= rank) return us / 1000;
      }
    }
    // The true percentile lies within [min, max]; clamping keeps HDR's bucket top inside it.
    const us = this.#hdr.getValueAtPercentile(percentile);
    return Math.min(this.#maxUs, Math.max(this.#minUs, us)) / 1000;
  }

  /** count, mean, min, max, p50, p95, p99 in ms. */
  summary(): LatencySummary {
    const empty = this.#count === 0;
    return {
      count: this.#count,
      meanMs: empty ? Number.NaN : this.#sumUs / this.#count / 1000,
      minMs: empty ? Number.NaN : this.#minUs / 1000,
      maxMs: empty ? Number.NaN : this.#maxUs / 1000,
      p50Ms: this.percentileMs(50),
      p95Ms: this.percentileMs(95),
      p99Ms: this.percentileMs(99),
    };
  }

  /** Adds another histogram (or its serialized form from a worker) into this one. */
  merge(other: LatencyHistogram | SerializedHistogram): void {
    const from = other instanceof LatencyHistogram ? other : LatencyHistogram.fromJSON(other);
    if (from.#count === 0) return;
    this.#hdr.add(from.#hdr);
    this.#count += from.#count;
    this.#sumUs += from.#sumUs;
    this.#minUs = Math.min(this.#minUs, from.#minUs);
    this.#maxUs = Math.max(this.#maxUs, from.#maxUs);
    if (from === this) throw new MetricsInputError('E_BAD_SERIALIZED_METRIC', 'A histogram cannot be merged into itself.');
    if (!from.#exact) this.#exact = null;
    else for (const [us, n] of from.#exact) this.#addExact(us, n);
  }

  /** Forgets every recorded value. */
  reset(): void {
    this.#hdr.reset();
    this.#count = 0;
    this.#sumUs = 0;
    this.#minUs = Infinity;
    this.#maxUs = -Infinity;
    this.#exact = new Map();
  }

  /** The serialized form (see {@link SerializedHistogram}). */
  toJSON(): SerializedHistogram {
    const empty = this.#count === 0;
    return {
      version: 1,
      count: this.#count,
      sumUs: this.#sumUs,
      minUs: empty ? 0 : this.#minUs,
      maxUs: empty ? 0 : this.#maxUs,
      hdr: empty ? '' : encodeIntoCompressedBase64(this.#hdr),
      exact: this.#exact ? [...this.#exact] : null,
    };
  }

  /** Rebuilds a histogram from {@link LatencyHistogram.toJSON}; throws a clear error on a bad shape. */
  static fromJSON(data: SerializedHistogram): LatencyHistogram {
    const fields = ['count', 'sumUs', 'minUs', 'maxUs'] as const;
    const bad =
      typeof data !== 'object' ||
      data === null ||
      data.version !== 1 ||
      typeof data.hdr !== 'string' ||
      !(data.exact === null || (Array.isArray(data.exact) && data.exact.every(isPair))) ||
      fields.some((f) => typeof data[f] !== 'number' || !Number.isFinite(data[f]));
    if (bad) {
      throw new MetricsInputError(
        'E_BAD_SERIALIZED_METRIC',
        'Not a serialized latency histogram: expected {version: 1, count, sumUs, minUs, maxUs, hdr, exact} as written by LatencyHistogram.toJSON().',
      );
    }
    const histogram = new LatencyHistogram();
    if (data.count === 0) return histogram;
    try {
      histogram.#hdr = decodeFromCompressedBase64(data.hdr);
      histogram.#hdr.autoResize = true;
    } catch (cause) {
      throw new MetricsInputError('E_BAD_SERIALIZED_METRIC', 'The histogram\'s "hdr" field is not a valid compressed HDR histogram.', { cause });
    }
    if (histogram.#hdr.totalCount !== data.count) {
      throw new MetricsInputError(
        'E_BAD_SERIALIZED_METRIC',
        `The serialized histogram says count ${data.count} but its HDR data holds ${histogram.#hdr.totalCount} values.`,
      );
    }
    histogram.#count = data.count;
    histogram.#sumUs = data.sumUs;
    histogram.#minUs = data.minUs;
    histogram.#maxUs = data.maxUs;
    histogram.#exact = data.exact && new Map(data.exact);
    return histogram;
  }

  #addExact(us: number, n: number): void {
    if (!this.#exact) return;
    // Keyed at 1 ns so 0.7 ms reads back as 0.7, not 0.7000000000000001.
    const key = round(us, 3);
    this.#exact.set(key, (this.#exact.get(key) ?? 0) + n);
    if (this.#exact.size > EXACT_LIMIT) this.#exact = null;
  }
}

function isPair(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && Number.isFinite(v));
}
