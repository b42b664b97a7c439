/**
 * A data source around any async loader that counts calls and concurrent calls, adds a latency on
 * the kit's clock and can be told to fail or slow down: the instrument exercise 4 is graded with.
 */
import type { DataSource, LoaderStats } from '../types.js';
import { realClock, type Clock } from '../../sim/clock.js';

/** What a source does on one call, decided just before the call runs. */
export type Fault = { kind: 'ok' } | { kind: 'fail'; error?: Error } | { kind: 'slow'; extraMs: number };

/** Options of {@link countingSource}. */
export interface CountingSourceOptions {
  /** Clock the latency is spent on (the virtual clock in simulations). Default: wall clock. */
  clock?: Clock;
  /** Latency of one call in ms, or a function of the key. Default 0. */
  latencyMs?: number | ((key: string) => number);
  /** Decides a fault per call (failure windows, slow answers). Default: never. */
  fault?: (key: string, callNumber: number) => Fault;
}

/** Thrown by a source whose fault plan says this call fails. */
export class SourceUnavailableError extends Error {
  readonly code = 'E_SOURCE_UNAVAILABLE';
  constructor(readonly key: string) {
    super(`data source unavailable while loading "${key}"`);
  }
}

/** A {@link DataSource} with counters, latency and fault injection; see the module comment. */
export interface CountingSource<V> extends DataSource<V> {
  /** Replaces the fault plan (e.g. to open and close a failure window mid-run). */
  setFault(fault: CountingSourceOptions['fault']): void;
}

/** Wraps `load` into a counted {@link DataSource}. */
export function countingSource<V>(load: (key: string) => V | Promise<V>, options: CountingSourceOptions = {}): CountingSource<V> {
  const clock = options.clock ?? realClock;
  const latency = options.latencyMs ?? 0;
  let fault = options.fault;
  const stats: LoaderStats = { calls: 0, failures: 0, inFlight: 0, peakInFlight: 0 };
  return {
    stats,
    resetStats() {
      Object.assign(stats, { calls: 0, failures: 0, peakInFlight: stats.inFlight });
    },
    setFault(next) {
      fault = next;
    },
    async load(key: string): Promise<V> {
      stats.calls += 1;
      stats.inFlight += 1;
      stats.peakInFlight = Math.max(stats.peakInFlight, stats.inFlight);
      try {
        const decided = fault?.(key, stats.calls) ?? { kind: 'ok' };
        let ms = typeof latency === 'function' ? latency(key) : latency;
        if (decided.kind === 'slow') ms += decided.extraMs;
        if (ms > 0) await clock.sleep(ms);
        if (decided.kind === 'fail') throw decided.error ?? new SourceUnavailableError(key);
        return await load(key);
      } catch (error) {
        stats.failures += 1;
        throw error;
      } finally {
        stats.inFlight -= 1;
      }
    },
  };
}
