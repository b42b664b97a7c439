/**
 * Scenario 2, the peak hour: every key the trace will read is warmed in one burst (a deploy or a
 * cold start at 6 PM), so without jitter their TTLs run out together. Closed-loop callers then
 * read a seeded Zipf trace (5% of keys draw 80% of reads, as on the platform) across the moment they expire.
 * Figures: source calls per distinct expiry, and the peak of concurrent source calls.
 */
import { createSocialKeySpace } from '../../../workload/social-keys.js';
import { zipfExponentFor } from '../../../workload/hot-set.js';
import { createRng } from '../../../workload/rng.js';
import { zipfSampler } from '../../../workload/zipf.js';
import type { Exercise4Backend } from '../backends.js';
import type { Exercise4Module } from '../types.js';
import { closedLoop, newTally, read } from './callers.js';
import type { PeakHourParams } from './params.js';
import { createWorld, type SourceCall } from './world.js';

/** What scenario 2 measured. */
export interface PeakHourResult {
  /** Source calls after the warm-up. */
  calls: number;
  /** Of those, calls that were the first load of a key's value in half a TTL (see distinctExpiries). */
  distinctExpiries: number;
  /** Highest number of source calls in flight at once after the warm-up. */
  peakConcurrent: number;
  callers: number;
  keysWarmed: number;
  requests: number;
  errors: number;
  firstError?: string;
  /** Set when the implementation's drain() failed: the counts may be incomplete. */
  drainError?: string;
}

/** Scenario 2 on `backend` (in one process; instances are separate connections). */
export function peakHour(module: Exercise4Module, backend: Exercise4Backend, p: PeakHourParams, seed: number | string): Promise<PeakHourResult> {
  return backend.run(async (clock) => {
    let warming = true;
    // A database slows down when overloaded: past `capacity` concurrent calls, latency grows with the queue.
    const latencyMs = (_key: string, source: { stats: { inFlight: number } }) =>
      warming ? p.latencyMs : p.latencyMs * Math.max(1, source.stats.inFlight / p.capacity);
    const world = createWorld({
      module,
      backend,
      clock,
      instances: p.instances,
      latencyMs,
      stampede: { ttlMs: p.ttlMs, jitter: p.jitter, staleMs: p.ttlMs, beta: 1, waitMs: 10 * p.lockTtlMs },
      locks: { ttlMs: p.lockTtlMs },
      breaker: {},
    });
    const rng = createRng(`${seed}:peak-hour`);
    const space = createSocialKeySpace({ keys: p.keys });
    const zipf = zipfSampler(p.keys, zipfExponentFor(p.keys, 0.05, 0.8), rng.fork('keys'));
    const plans = Array.from({ length: p.callers }, () => Array.from({ length: p.requestsPerCaller }, () => space.keyAt(zipf.sample())));
    const think = Array.from({ length: p.callers }, (_, c) => rng.fork(`think:${c}`));

    // Warm-up: every key the trace reads, loaded at the same moment (at the source's nominal speed).
    const keys = [...new Set(plans.flat())];
    const warm = newTally();
    const warmedAt = clock.now();
    await Promise.all(keys.map((key, i) => read(world, i % p.instances, key, warm)));
    await world.drain();
    const warmCalls = world.calls.length;
    warming = false;
    const result = { callers: p.callers, keysWarmed: keys.length, firstError: warm.firstError, drainError: world.drainError };
    if (warm.errors > 0) return { ...result, calls: 0, distinctExpiries: 0, peakConcurrent: 0, requests: warm.requests, errors: warm.errors };

    // Jump to shortly before the earliest possible expiry, then read across it.
    await clock.sleep(Math.max(0, p.ttlMs * (1 - p.jitter - 0.02) - (clock.now() - warmedAt)));
    world.source.resetStats();
    const tally = newTally();
    const next = new Array<number>(p.callers).fill(0);
    await closedLoop(world, {
      clock,
      callers: p.callers,
      until: Infinity,
      nextKey: (c) => plans[c]![next[c]!++],
      thinkMs: (c) => -p.thinkMs * Math.log(1 - think[c]!.next()),
      tally,
    });
    await world.drain();
    const peakConcurrent = world.source.stats.peakInFlight;
    const window = world.calls.slice(warmCalls);
    return {
      ...result,
      calls: window.length,
      distinctExpiries: distinctExpiries(world.calls, warmCalls, p.ttlMs / 2),
      peakConcurrent,
      requests: warm.requests + tally.requests,
      errors: tally.errors,
      firstError: tally.firstError,
      drainError: world.drainError,
    };
  });
}

/**
 * Calls from index `from` on that started at least `gapMs` after the previous call of the same
 * key: each is the first load of a new expiry. A second call within the gap reloaded a value that
 * was just loaded (or still loading): a stampede. With jitter below 50% a key's legitimate
 * reloads are always more than half a TTL apart.
 */
export function distinctExpiries(calls: readonly SourceCall[], from: number, gapMs: number): number {
  const last = new Map<string, number>();
  let distinct = 0;
  calls.forEach((call, i) => {
    const previous = last.get(call.key);
    if (i >= from && (previous === undefined || call.start - previous >= gapMs)) distinct += 1;
    last.set(call.key, call.start);
  });
  return distinct;
}
