/**
 * The sizes and timings of exercise 3's load check, derived from the check's parameters. `scale`
 * multiplies the key space and the request rate (a bigger platform: more keys, more traffic). The embedded run uses the platform's
 * magnitudes (10,000 keys, 50,000 requests/s) on a virtual clock; the real run uses fewer keys
 * and a gentler rate so it stays short on the wall clock. Every option the implementation
 * depends on is passed to it explicitly, so its own defaults never change its score.
 */
import type { HotKeyOptions } from '../types.js';
import type { LoadCheckParams } from '../../../load/types.js';

/** What one run of the check does. */
export interface Exercise3Params {
  /** Distinct keys of the social trace. */
  keys: number;
  /** Cache nodes (hash-slot cluster). */
  nodes: number;
  /** App instances, each with its own HotKeyMitigator and connection; operations go round-robin. */
  instances: number;
  /** Arrivals per second (flat: the check has no quiet hours). */
  ratePerSec: number;
  /** The detection window given to the implementation and used to score it. */
  windowMs: number;
  /** Windows per hot-set epoch: the hot set moves to other keys after this many windows. */
  windowsPerEpoch: number;
  epochs: number;
  /** Options passed to every HotKeyMitigator. */
  options: Required<Pick<HotKeyOptions, 'threshold' | 'windowMs' | 'maxTrackedKeys' | 'replicas' | 'maxStalenessMs' | 'coolDownRatio'>>;
  /** Extra staleness forgiven on the wall clock (0 on virtual time, where timings are exact). */
  stalenessSlackMs: number;
}

/** The parameters for `params`. */
export function exercise3Params(params: LoadCheckParams): Exercise3Params {
  const scale = params.scale;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`exercise 3 load check: scale must be a positive number, got ${scale}.`);
  const n = (x: number) => Math.max(1, Math.round(x * scale));
  const options = { maxTrackedKeys: 1_000, replicas: 3, coolDownRatio: 0.5 };
  if (params.backend === 'embedded') {
    const windowMs = 500;
    return {
      keys: n(10_000),
      nodes: 6,
      instances: 3,
      ratePerSec: n(50_000),
      windowMs,
      windowsPerEpoch: 3,
      epochs: 3,
      options: { ...options, threshold: 25, windowMs, maxStalenessMs: 100 },
      stalenessSlackMs: 0,
    };
  }
  const windowMs = 1_000;
  return {
    keys: n(2_000),
    nodes: 6,
    instances: 3,
    ratePerSec: n(4_000),
    windowMs,
    windowsPerEpoch: 3,
    epochs: 2,
    options: { ...options, threshold: 15, windowMs, maxStalenessMs: 200 },
    stalenessSlackMs: 25,
  };
}
