/**
 * The replay engine every load check uses: N async workers pull operations from one shared
 * iterator, each operation is timed on the given Clock (virtual or real) and fed to a latency
 * histogram, counters and the per-second series. A failing operation is counted and sampled,
 * never allowed to stop the run: a student's half-finished implementation still gets figures.
 */
import type { Clock } from '../sim/clock.js';
import { Counters } from '../metrics/counters.js';
import { LatencyHistogram, type LatencySummary } from '../metrics/histogram.js';
import { TimeSeries, type SeriesKind, type TimeSeriesJSON } from '../metrics/time-series.js';

/** What a handler reports about one operation: a read (through the cache when `hit` is set) or a write. */
export interface OpOutcome {
  kind: 'read' | 'write';
  /** For reads through a cache: whether the cache answered. Leave unset for uncached reads. */
  hit?: boolean;
}

/** Options of {@link replay}. */
export interface ReplayOptions<Op> {
  /** The trace; pulled lazily by every worker from one shared iterator. */
  ops: Iterable<Op> | AsyncIterable<Op>;
  /** Number of workers (operations in flight at most). */
  concurrency: number;
  /** Runs one operation; `worker` is 0 … concurrency-1. */
  handle(op: Op, worker: number): Promise<OpOutcome>;
  /** The clock operations are timed on. */
  clock: Clock;
  /** Unix epoch ms now, to key the per-second series (default Date.now, which the virtual clock fakes). */
  epochMs?: () => number;
  /** How many error messages to keep (default 5). */
  keepErrors?: number;
  /** Called after every operation with the number done so far (for progress lines). */
  onProgress?(done: number): void;
}

/** The figures of one replay. */
export interface ReplayResult {
  /** Operations attempted (including failed ones). */
  ops: number;
  /** Operations whose handler threw or returned a bad outcome. */
  errors: number;
  /** The first few error messages, in the order they happened. */
  errorMessages: string[];
  /** The first error as thrown (so a check can recognise a stub's `TODO`). */
  firstError?: unknown;
  /** Clock time from start to the last operation's end, ms. */
  durationMs: number;
  /** Successful operations per second of clock time (NaN when no time passed). */
  throughput: number;
  /** Latency of successful operations. */
  latency: LatencySummary;
  /** The histogram itself, to merge across runs or workers. */
  histogram: LatencyHistogram;
  reads: number;
  writes: number;
  hits: number;
  misses: number;
  /** hits / (hits + misses): the share of cached reads the cache answered (NaN when none). */
  hitRatio: number;
  /** Highest number of operations in flight at once. */
  peakInFlight: number;
  /** Per-second figures in the seed's shape (successful operations, by start second). */
  series: TimeSeriesJSON;
}

/** Thrown when replay options are unusable (the run never starts). */
export class ReplayOptionsError extends Error {
  readonly code = 'E_BAD_REPLAY_OPTIONS';
  constructor(message: string) {
    super(message);
    this.name = 'ReplayOptionsError';
  }
}

function seriesKind(outcome: unknown): SeriesKind {
  const o = outcome as Partial<OpOutcome> | null | undefined;
  if (o?.kind === 'write') return 'write';
  if (o?.kind === 'read') return o.hit === undefined ? 'read' : o.hit ? 'cache_hit' : 'cache_miss';
  throw new TypeError(
    `handle() must resolve to { kind: 'read' | 'write', hit?: boolean }, got ${JSON.stringify(outcome) ?? String(outcome)}.`,
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Replays `ops` with `concurrency` workers; see the module comment. */
export async function replay<Op>(options: ReplayOptions<Op>): Promise<ReplayResult> {
  const { concurrency, handle, clock } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ReplayOptionsError(`replay(): concurrency must be a whole number >= 1, got ${concurrency}.`);
  }
  const keepErrors = options.keepErrors ?? 5;
  const source = options.ops as Partial<Iterable<Op> & AsyncIterable<Op>> | null | undefined;
  const maybe = source?.[Symbol.asyncIterator]?.() ?? source?.[Symbol.iterator]?.();
  if (!maybe) throw new ReplayOptionsError('replay(): ops must be an Iterable or an AsyncIterable (an array or a generator).');
  const iterator: Iterator<Op> | AsyncIterator<Op> = maybe;

  const histogram = new LatencyHistogram();
  const series = new TimeSeries();
  const counts = new Counters(['ops', 'errors', 'read', 'write', 'cache_hit', 'cache_miss'] as const);
  const errorMessages: string[] = [];
  let firstError: unknown;
  let inFlight = 0;
  let peakInFlight = 0;
  let exhausted = false;

  const start = clock.now();
  // Epoch at clock time 0 of this run: the real clock's origin is arbitrary, the series needs unix time.
  const epochOffset = (options.epochMs ?? Date.now)() - start;

  async function worker(id: number): Promise<void> {
    while (!exhausted) {
      const next = await iterator.next();
      if (next.done) {
        exhausted = true;
        return;
      }
      counts.inc('ops');
      inFlight += 1;
      peakInFlight = Math.max(peakInFlight, inFlight);
      const began = clock.now();
      try {
        const outcome = await handle(next.value, id);
        const kind = seriesKind(outcome);
        const us = (clock.now() - began) * 1000;
        histogram.recordUs(us);
        series.record(epochOffset + began, us, kind);
        counts.inc(kind);
      } catch (error) {
        counts.inc('errors');
        if (counts.get('errors') === 1) firstError = error;
        if (errorMessages.length < keepErrors) errorMessages.push(messageOf(error));
      } finally {
        inFlight -= 1;
      }
      options.onProgress?.(counts.get('ops'));
    }
  }

  await Promise.all(Array.from({ length: concurrency }, (_, id) => worker(id)));
  const durationMs = clock.now() - start;
  const c = counts.snapshot();
  const cached = c.cache_hit + c.cache_miss;
  return {
    ops: c.ops,
    errors: c.errors,
    errorMessages,
    ...(c.errors > 0 ? { firstError } : {}),
    durationMs,
    throughput: durationMs > 0 ? (histogram.count / durationMs) * 1000 : Number.NaN,
    latency: histogram.summary(),
    histogram,
    reads: c.read + cached,
    writes: c.write,
    hits: c.cache_hit,
    misses: c.cache_miss,
    hitRatio: cached > 0 ? c.cache_hit / cached : Number.NaN,
    peakInFlight,
    series: series.toJSON(),
  };
}

/** A one-shot gate: `wait()` resolves for everyone once `parties` callers are waiting. */
export class Barrier {
  readonly #parties: number;
  #arrived = 0;
  #open!: () => void;
  readonly #opened = new Promise<void>((resolve) => {
    this.#open = resolve;
  });

  /** @param parties how many callers must arrive before any proceeds. */
  constructor(parties: number) {
    if (!Number.isInteger(parties) || parties < 1) {
      throw new ReplayOptionsError(`Barrier: parties must be a whole number >= 1, got ${parties}.`);
    }
    this.#parties = parties;
  }

  /** Waits until every party has arrived; later callers pass straight through. */
  wait(): Promise<void> {
    this.#arrived += 1;
    if (this.#arrived >= this.#parties) this.#open();
    return this.#opened;
  }
}

/**
 * Runs `fn(0)` … `fn(n-1)` released together by a {@link Barrier}, so every caller reaches the
 * cache in the same tick (a stampede). Resolves with every caller's settled result, so one
 * caller's error never hides the others'.
 */
export async function runTogether<T>(n: number, fn: (caller: number) => Promise<T>): Promise<PromiseSettledResult<T>[]> {
  const barrier = new Barrier(n);
  return Promise.allSettled(
    Array.from({ length: n }, async (_, caller) => {
      await barrier.wait();
      return fn(caller);
    }),
  );
}
