/**
 * The sizes and settings of exercise 5's load check, derived from its parameters: `scale`
 * multiplies the number of labelled series (4 at scale 1); the live run has one fixed shape,
 * on virtual time (embedded) or compressed 50× on a real redis-server of its own. Every threshold
 * and window the monitor depends on is passed to it explicitly, so its own defaults never change
 * its score.
 */
import { DEFAULT_THRESHOLDS, scaleThresholds } from '../options.js';
import type { AlertThresholds, MonitorOptions } from '../types.js';
import type { LoadCheckParams } from '../../../load/types.js';
import type { LiveParams } from './live.js';

/** Everything one run of the check needs. */
export interface CheckSetup {
  seriesCount: number;
  thresholds: AlertThresholds;
  options: MonitorOptions;
  /** Samples between two requests for recommendations. */
  recommendEvery: number;
  live: LiveParams;
}

/** The monitor's windows on the labelled series and the embedded live run (virtual time). */
const MONITOR_OPTIONS: Required<MonitorOptions> = {
  windowMs: 60_000,
  trendMs: 900_000,
  baselineMs: 1_800_000,
  horizonMs: 1_800_000,
  historyLimit: 1_000,
  infoTimeoutMs: 1_000,
};

/** Real Redis runs compress time by this factor (10 s of the scenario take 200 ms). */
const REAL_TIME_FACTOR = 1 / 50;

/** The setup for `params`. */
export function checkSetup(params: LoadCheckParams): CheckSetup {
  const scale = params.scale;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`exercise 5 load check: scale must be a positive number, got ${scale}.`);
  const seriesCount = Math.max(1, Math.round(4 * scale));
  const thresholds = structuredClone(DEFAULT_THRESHOLDS) as AlertThresholds;
  const common = { keys: 2_000, readsPerTick: 200, valueBytes: 200, fillValueBytes: 4_096, fillWritesPerTick: 2_000, deadlineTicks: 18, graceTicks: 60 };
  if (params.backend === 'embedded') {
    return {
      seriesCount,
      thresholds,
      options: MONITOR_OPTIONS,
      recommendEvery: 6,
      live: {
        ...common,
        unitMs: 10_000,
        coldScanAt: 20,
        burstAt: 30,
        flushAt: 45,
        hotAt: 120,
        hotTicks: 24,
        fillAt: 200,
        fillTicks: 24,
        totalTicks: 260,
        thresholds,
        options: MONITOR_OPTIONS,
      },
    };
  }
  const f = REAL_TIME_FACTOR;
  const scaled = scaleThresholds(DEFAULT_THRESHOLDS, f) as Required<AlertThresholds>;
  // Rates are per real second: compressed time multiplies them by 1/f.
  scaled.evictions = {
    ...scaled.evictions,
    warning: DEFAULT_THRESHOLDS.evictions.warning / f,
    critical: DEFAULT_THRESHOLDS.evictions.critical / f,
    hysteresis: DEFAULT_THRESHOLDS.evictions.hysteresis / f,
  };
  const options: MonitorOptions = {
    windowMs: MONITOR_OPTIONS.windowMs * f,
    trendMs: MONITOR_OPTIONS.trendMs * f,
    baselineMs: MONITOR_OPTIONS.baselineMs * f,
    horizonMs: MONITOR_OPTIONS.horizonMs * f,
    historyLimit: 1_000,
    infoTimeoutMs: 1_000,
  };
  return {
    seriesCount,
    thresholds,
    options: MONITOR_OPTIONS,
    recommendEvery: 6,
    live: {
      ...common,
      unitMs: 10_000 * f,
      coldScanAt: 8,
      burstAt: 14,
      flushAt: 20,
      hotAt: 50,
      hotTicks: 15,
      fillAt: 80,
      fillTicks: 15,
      totalTicks: 105,
      thresholds: scaled,
      options,
    },
  };
}
