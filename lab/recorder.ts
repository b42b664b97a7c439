/**
 * What one worker measures, in a form that survives `postMessage`: latency histograms and
 * per-second series (lib/metrics) for all operations, for cache hits and for the operations that
 * reached the database (misses, writes, uncached reads: the seed's "Database Operations"), plus
 * the counters of the seed's results. Workers record alone and the main thread merges, so no lock
 * is needed where threads sharing one recorder would need one.
 */
import { LatencyHistogram, type LatencySummary, type SerializedHistogram } from '../lib/metrics/histogram.js';
import { TimeSeries, type SeriesKind, type TimeSeriesJSON } from '../lib/metrics/time-series.js';
import type { LabTotals } from './config.js';
import { ErrorSeries, type ErrorSeriesJSON } from './error-series.js';

/** How one operation ended: the load test's operation types. */
export type OpKind = SeriesKind;

/** The serialized form of a {@link Recorder}. */
export interface RecorderJSON {
  version: 1;
  latency: SerializedHistogram;
  hitLatency: SerializedHistogram;
  databaseLatency: SerializedHistogram;
  series: TimeSeriesJSON;
  hitSeries: TimeSeriesJSON;
  databaseSeries: TimeSeriesJSON;
  errorSeries: ErrorSeriesJSON;
  counts: Omit<LabTotals, 'errorMessages' | 'databaseOps'>;
  errorMessages: string[];
}

const KEEP_ERRORS = 5;

/** Latencies and counters of one worker (or, merged, of a whole run). */
export class Recorder {
  readonly latency = new LatencyHistogram();
  readonly hitLatency = new LatencyHistogram();
  readonly databaseLatency = new LatencyHistogram();
  readonly series = new TimeSeries();
  readonly hitSeries = new TimeSeries();
  readonly databaseSeries = new TimeSeries();
  /** Failures per second and kind (lab/error-series.ts). */
  readonly errorSeries = new ErrorSeries();
  #counts = {
    queries: 0,
    reads: 0,
    writes: 0,
    cacheHits: 0,
    cacheMisses: 0,
    errors: 0,
    cacheErrors: 0,
    databaseErrors: 0,
    writeRefreshErrors: 0,
    writesUnknown: 0,
  };
  #errorMessages: string[] = [];

  /** Records one finished operation that started at unix `startMs` and took `durationUs`. */
  record(startMs: number, durationUs: number, kind: OpKind): void {
    const c = this.#counts;
    c.queries += 1;
    this.latency.recordUs(durationUs);
    this.series.record(startMs, durationUs, kind);
    if (kind === 'cache_hit') {
      c.reads += 1;
      c.cacheHits += 1;
      this.hitLatency.recordUs(durationUs);
      this.hitSeries.record(startMs, durationUs, kind);
      return;
    }
    if (kind === 'write') c.writes += 1;
    else c.reads += 1;
    if (kind === 'cache_miss') c.cacheMisses += 1;
    this.databaseLatency.recordUs(durationUs);
    this.databaseSeries.record(startMs, durationUs, kind);
  }

  /**
   * Counts one failed operation (not made) that started at unix `startMs`, under the stage its
   * error names (a LabStepError of lab/errors.ts; anything else counts as the database's), and keeps its
   * message if it is one of the first few different ones.
   */
  fail(error: unknown, startMs?: number): void {
    const stage = (error as { stage?: unknown } | null)?.stage === 'cache' ? 'cache' : 'database';
    this.#counts.queries += 1;
    this.#counts.errors += 1;
    this.#counts[stage === 'cache' ? 'cacheErrors' : 'databaseErrors'] += 1;
    if ((error as { unknownOutcome?: unknown } | null)?.unknownOutcome === true) this.#counts.writesUnknown += 1;
    if (startMs !== undefined) this.errorSeries.record(startMs, stage);
    this.#keep(error);
  }

  /** Counts a write that the database accepted (already recorded as a write) whose cache refresh failed. */
  refreshFailed(error: unknown, startMs: number): void {
    this.#counts.writeRefreshErrors += 1;
    this.errorSeries.record(startMs, 'write_refresh');
    this.#keep(error);
  }

  #keep(error: unknown): void {
    if (this.#errorMessages.length >= KEEP_ERRORS) return;
    const e = error as { message?: unknown } | null;
    const message = typeof e?.message === 'string' ? e.message : String(error);
    if (!this.#errorMessages.includes(message)) this.#errorMessages.push(message);
  }

  /** The seed's result counters. */
  totals(): LabTotals {
    const c = this.#counts;
    return { ...c, errorMessages: [...this.#errorMessages], databaseOps: c.reads - c.cacheHits + c.writes };
  }

  /** Latency of every successful operation, in ms. */
  summary(): LatencySummary {
    return this.latency.summary();
  }

  /** Adds another worker's figures into this one. */
  merge(other: Recorder | RecorderJSON): void {
    const from = other instanceof Recorder ? other.toJSON() : other;
    this.latency.merge(from.latency);
    this.hitLatency.merge(from.hitLatency);
    this.databaseLatency.merge(from.databaseLatency);
    this.series.merge(from.series);
    this.hitSeries.merge(from.hitSeries);
    this.databaseSeries.merge(from.databaseSeries);
    this.errorSeries.merge(from.errorSeries ?? {});
    for (const key of Object.keys(this.#counts) as (keyof RecorderJSON['counts'])[]) {
      this.#counts[key] += from.counts[key] ?? 0;
    }
    for (const message of from.errorMessages) this.#keep(new Error(message));
  }

  /** A plain object for `postMessage` or JSON. */
  toJSON(): RecorderJSON {
    return {
      version: 1,
      latency: this.latency.toJSON(),
      hitLatency: this.hitLatency.toJSON(),
      databaseLatency: this.databaseLatency.toJSON(),
      series: this.series.toJSON(),
      hitSeries: this.hitSeries.toJSON(),
      databaseSeries: this.databaseSeries.toJSON(),
      errorSeries: this.errorSeries.toJSON(),
      counts: { ...this.#counts },
      errorMessages: [...this.#errorMessages],
    };
  }

  /** Rebuilds a recorder from {@link Recorder.toJSON}. */
  static fromJSON(data: RecorderJSON): Recorder {
    const recorder = new Recorder();
    recorder.merge(data);
    return recorder;
  }
}
