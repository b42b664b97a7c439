/**
 * What a load-test run hands to the report, the log file and the comparison, whichever backend
 * ran it; and the airport traces every worker draws from.
 */
import { createAirportTrace, type AirportTrace } from '../lib/workload/airport.js';
import type { LabConfig } from './config.js';
import type { Recorder } from './recorder.js';

/** One finished run. */
export interface RunOutcome {
  config: LabConfig;
  /** Wall-clock time the run started. */
  startedAt: Date;
  /** From the start signal to the last worker's last operation, ms (virtual on the embedded backend). */
  durationMs: number;
  /** `virtual`: embedded backend, priced by lab/cost-model.ts; `wall`: measured on real servers. */
  timeBase: 'virtual' | 'wall';
  /** Every worker's figures, merged. */
  recorder: Recorder;
  /** Worker threads the sessions ran on (real backend); 0 on the embedded one (async workers, one thread). */
  workerThreads: number;
  /** Passenger and flight ids are 1..passengers and 1..flights. */
  passengers: number;
  flights: number;
  /** Human descriptions of the two servers (URLs with passwords masked). */
  cacheServer: string;
  database: string;
  /** Entries the warm-up added; keys deleted by --flush. */
  warmedEntries: number;
  flushedKeys: number;
  /** Set when a signal stopped the run early: its name (`SIGINT`, `SIGTERM`); the figures cover what ran. */
  stoppedBy?: string;
  /** What else the reader of a stopped or partial run should know (e.g. a worker that had to be ended). */
  notes?: string[];
}

/** Callbacks a run reports through while it runs. */
export interface RunHooks {
  /** Operations done so far, of `total`. */
  onProgress?(done: number, total: number): void;
  /** A phase starts (connecting, warming up, running). */
  onPhase?(text: string): void;
  /**
   * While the run measures: `take` returns the run so far (figures up to now). Called at the
   * start and then often; the caller decides how often to take it (the live log: once a second).
   */
  onSnapshot?(take: () => RunOutcome): void;
  /** Aborting it stops the run: no new operation starts, the ones in flight finish, the figures so far are returned. Its reason names the signal. */
  signal?: AbortSignal;
}

/** The name a stop request gives (the abort reason when it is a string, else `SIGINT`). */
export function stopReason(signal: AbortSignal): string {
  return typeof signal.reason === 'string' ? signal.reason : 'SIGINT';
}

/** Worker `index`'s operations: its own stream over the run's shared passenger pool. */
export function workerTrace(config: LabConfig, index: number, passengers: number, flights: number): AirportTrace {
  return createAirportTrace({
    seed: config.seed,
    ops: config.queries,
    readRatio: config.readRatio / 100,
    mode: config.mode,
    poolSize: Math.min(config.poolSize, passengers),
    passengers,
    flights,
    worker: index,
  });
}

/** The passengers worker `index` warms: its share of `config.warmup` draws, from the same pool. */
export function warmupPassengers(config: LabConfig, index: number, passengers: number, flights: number): number[] {
  const share = Math.floor(config.warmup / config.threads) + (index < config.warmup % config.threads ? 1 : 0);
  const trace = createAirportTrace({
    seed: config.seed,
    ops: share,
    readRatio: 1,
    mode: config.mode,
    poolSize: Math.min(config.poolSize, passengers),
    passengers,
    flights,
    worker: 100_000 + index,
  });
  return Array.from(trace, (op) => op.passengerId);
}
