/**
 * The size and shape of exercise 2's load check, derived from the check's parameters: `scale`
 * multiplies callers, requests and keys. The embedded run uses the seed's magnitudes (timelines up
 * to 10 MiB) on a virtual clock; the real run is smaller so it stays quick on the wall clock.
 * Every option the figures depend on (local-tier bounds, pool size, channel) is passed to the
 * implementation explicitly; the ones left to it (connections kept, compression threshold) are
 * its own tuning.
 */
import type { LatencyOptions } from '../types.js';
import type { LoadCheckParams } from '../../../load/types.js';

/** One scenario: a peak-hour request mix of the social platform. */
export interface Exercise2Scenario {
  /** App instances (each its own optimizer, pool and `cache` connection). */
  instances: number;
  /** Concurrent callers over all instances; each sends requests one after the other. */
  callers: number;
  /** Requests in the measured phase (one per trace operation). */
  requests: number;
  /** Mean think time between a caller's requests, in ms (exponential). */
  thinkMs: number;
  /** Distinct keys of the social key space (6 per user). */
  keys: number;
  /** Sizes of profiles, posts and notifications, in bytes. */
  smallBytes: { min: number; max: number };
  /** Sizes of timeline documents (the feed with its media metadata): bounded Pareto. */
  timelineBytes: { min: number; max: number; alpha: number };
  /** Posts a timeline lists. */
  postsPerTimeline: { min: number; max: number };
  /** Pool of each instance. */
  pool: { max: number; acquireTimeoutMs: number };
  /** Local-tier limits every instance is given. */
  local: Required<Pick<LatencyOptions, 'localMaxBytes' | 'localMaxEntries' | 'localTtlMs'>>;
  /** A read may return the previous version this long after a write completed (pub/sub delivery). */
  stalenessBoundMs: number;
  /** Writes in flight at once while the cache is filled before the measured phase. */
  warmConcurrency: number;
}

const MiB = 1024 * 1024;

/** The scenario for `params`. */
export function scenarioFor(params: LoadCheckParams): Exercise2Scenario {
  const scale = params.scale;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`exercise 2 load check: scale must be a positive number, got ${scale}.`);
  const n = (x: number, step = 1) => Math.max(step, Math.round((x * scale) / step) * step);
  if (params.backend === 'embedded') {
    const instances = n(4);
    return {
      instances,
      callers: 30 * instances, // 30 per instance, with a pool of 8 each: the pool is the bottleneck of naive code
      requests: n(640),
      thinkMs: 50,
      keys: n(300, 6),
      smallBytes: { min: 1024, max: 8192 },
      timelineBytes: { min: 512 * 1024, max: 10 * MiB, alpha: 1.5 },
      postsPerTimeline: { min: 20, max: 50 },
      pool: { max: 8, acquireTimeoutMs: 60_000 },
      local: { localMaxBytes: 24 * MiB, localMaxEntries: 10_000, localTtlMs: 5_000 },
      stalenessBoundMs: 1,
      warmConcurrency: 8,
    };
  }
  const instances = n(2);
  return {
    instances,
    callers: 8 * instances,
    requests: n(200),
    thinkMs: 5,
    keys: n(300, 6),
    smallBytes: { min: 1024, max: 8192 },
    timelineBytes: { min: 128 * 1024, max: 2 * MiB, alpha: 1.5 },
    postsPerTimeline: { min: 20, max: 50 },
    pool: { max: 4, acquireTimeoutMs: 30_000 },
    local: { localMaxBytes: 8 * MiB, localMaxEntries: 10_000, localTtlMs: 5_000 },
    stalenessBoundMs: 20,
    warmConcurrency: 8,
  };
}
