/**
 * The sizes and timings of exercise 4's three scenarios, derived from the check's parameters:
 * `scale` multiplies callers and keys; the real backend compresses time (TTLs of seconds, not
 * minutes) so a run on Redis stays short, while the embedded one uses the seed's magnitudes on a
 * virtual clock for free. Every timing option the implementation depends on is passed to it
 * explicitly, so its own defaults never change its score.
 */
import type { LoadCheckParams } from '../../../load/types.js';

/** Scenario 1: one hot key expires under many simultaneous callers. */
export interface HotKeyParams {
  callers: number;
  instances: number;
  latencyMs: number;
  ttlMs: number;
  jitter: number;
  staleMs: number;
  lockTtlMs: number;
}

/** Scenario 2: the peak hour, every key warmed at once so their TTLs would expire together. */
export interface PeakHourParams {
  keys: number;
  callers: number;
  instances: number;
  requestsPerCaller: number;
  /** Mean think time between a caller's reads (exponential). */
  thinkMs: number;
  /** Source latency when it is not overloaded. */
  latencyMs: number;
  /** Concurrent calls the source serves at `latencyMs`; beyond that latency grows in proportion (queueing). */
  capacity: number;
  ttlMs: number;
  jitter: number;
  lockTtlMs: number;
}

/** Scenario 3: the source fails, answers slowly, or its caller pauses or dies mid-refresh. */
export interface FaultParams {
  instances: number;
  callers: number;
  latencyMs: number;
  ttlMs: number;
  lockTtlMs: number;
  outageMs: number;
  outageKeys: number;
  thinkMs: number;
  failureThreshold: number;
  cooldownMs: number;
}

/** All three. */
export interface ScenarioParams {
  hotKey: HotKeyParams;
  peakHour: PeakHourParams;
  faults: FaultParams;
}

/** The scenario sizes for `params`. */
export function scenarioParams(params: LoadCheckParams): ScenarioParams {
  const scale = params.scale;
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new RangeError(`exercise 4 load check: scale must be a positive number, got ${scale}.`);
  }
  const n = (x: number) => Math.max(1, Math.round(x * scale));
  if (params.backend === 'embedded') {
    return {
      hotKey: { callers: n(1_000), instances: 4, latencyMs: 50, ttlMs: 60_000, jitter: 0.1, staleMs: 60_000, lockTtlMs: 2_000 },
      peakHour: {
        keys: n(10_000),
        callers: n(1_000),
        instances: 4,
        requestsPerCaller: 72,
        thinkMs: 1_000,
        latencyMs: 50,
        capacity: n(10),
        ttlMs: 300_000,
        jitter: 0.1,
        lockTtlMs: 2_000,
      },
      faults: {
        instances: 4,
        callers: n(200),
        latencyMs: 50,
        ttlMs: 60_000,
        lockTtlMs: 2_000,
        outageMs: 20_000,
        outageKeys: 20,
        thinkMs: 250,
        failureThreshold: 5,
        cooldownMs: 5_000,
      },
    };
  }
  // Real Redis, wall clock: the same shapes with time compressed and fewer callers per process.
  return {
    hotKey: { callers: n(1_000), instances: 4, latencyMs: 50, ttlMs: 500, jitter: 0.1, staleMs: 500, lockTtlMs: 1_000 },
    peakHour: {
      keys: n(150),
      callers: n(1_000),
      instances: 4,
      requestsPerCaller: 8,
      thinkMs: 300,
      latencyMs: 10,
      capacity: n(5),
      ttlMs: 4_000,
      jitter: 0.25,
      lockTtlMs: 1_000,
    },
    faults: {
      instances: 4,
      callers: n(100),
      latencyMs: 10,
      ttlMs: 500,
      lockTtlMs: 200,
      outageMs: 1_000,
      outageKeys: 10,
      thinkMs: 50,
      failureThreshold: 5,
      cooldownMs: 300,
    },
  };
}
