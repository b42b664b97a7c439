/**
 * Scenario 3, faults. Five short runs, each on a fresh deployment:
 * - outage: the source fails for a window while every key is stale;
 * - slow: the source answers a missing key three lock TTLs late;
 * - long pause: the instance loading a stale key freezes past its lock TTL and wakes after the
 *   new holder wrote (Kleppmann's scenario: its write must be fenced out);
 * - short pause: it wakes while the new holder is still loading, and its own load failed (its
 *   connection to the source timed out while it was frozen), so it writes nothing and only
 *   releases: a release that is not compare-and-delete frees the new holder's lock, the next
 *   stale read takes it and loads again while the new holder still loads (a duplicate load);
 * - death: the instance loading a missing key dies (a new holder must take over).
 */
import type { Exercise4Backend } from '../backends.js';
import type { Exercise4Module } from '../types.js';
import type { Clock } from '../../../sim/clock.js';
import { burst, closedLoop, newTally, read, type Tally } from './callers.js';
import type { FaultParams } from './params.js';
import { createWorld, type SourceCall, type World } from './world.js';

/** What scenario 3 measured. */
export interface FaultResult {
  /** Errors seen by callers (every run has a value to serve: stale, or loadable by a live instance). */
  errors: number;
  requests: number;
  firstError?: string;
  /** Source calls while the source was down. */
  outageCalls: number;
  /** See {@link outageCallBound}. */
  outageCallBound: number;
  /** Time from a frozen or dead holder's load to the next load of its key, in lock TTLs (worst run). */
  takeoverLockTtls: number;
  /** Runs that ended with an older value written over a newer one. */
  staleOverwrites: number;
  /** Loads started while another live, running instance was loading the same key. */
  duplicateLoads: number;
  /** Set when the implementation's drain() failed: the counts may be incomplete. */
  drainError?: string;
}

type Run = (world: World, clock: Clock, tally: Tally) => Promise<Partial<FaultResult>>;

/** Scenario 3; `fresh()` gives a new backend for each run. */
export async function faults(module: Exercise4Module, fresh: () => Promise<Exercise4Backend>, p: FaultParams): Promise<FaultResult> {
  const result: FaultResult = {
    errors: 0,
    requests: 0,
    outageCalls: 0,
    takeoverLockTtls: 0,
    staleOverwrites: 0,
    duplicateLoads: 0,
    outageCallBound: outageCallBound(p),
  };
  for (const run of [outage, slow, pause(6), pause(2.5, { holderFails: true }), death]) {
    const backend = await fresh();
    try {
      const part = await backend.run(async (clock) => {
        const world = createWorld({
          module,
          backend,
          clock,
          instances: p.instances,
          latencyMs: p.latencyMs,
          stampede: { ttlMs: p.ttlMs, jitter: 0.1, staleMs: 10 * p.ttlMs, beta: 1, waitMs: 20 * p.lockTtlMs },
          locks: { ttlMs: p.lockTtlMs },
          breaker: { failureThreshold: p.failureThreshold, cooldownMs: p.cooldownMs },
        });
        const tally = newTally();
        const measured = await run(world, clock, tally);
        const paused = pauses.get(world) ?? [];
        return {
          ...measured,
          errors: tally.errors,
          requests: tally.requests,
          firstError: tally.firstError,
          drainError: world.drainError,
          duplicateLoads: duplicates(world.calls, paused),
        };
      });
      result.errors += part.errors ?? 0;
      result.requests += part.requests ?? 0;
      result.firstError ??= part.firstError;
      result.drainError ??= part.drainError;
      result.outageCalls += part.outageCalls ?? 0;
      result.takeoverLockTtls = Math.max(result.takeoverLockTtls, part.takeoverLockTtls ?? 0);
      result.staleOverwrites += part.staleOverwrites ?? 0;
      result.duplicateLoads += part.duplicateLoads ?? 0;
    } finally {
      await backend.close();
    }
  }
  return result;

  async function outage(world: World, clock: Clock, tally: Tally): Promise<Partial<FaultResult>> {
    const keys = Array.from({ length: p.outageKeys }, (_, i) => `user:${i}:profile`);
    await burst(world, keys.length, (i) => keys[i]!, newTally());
    await clock.sleep(p.ttlMs * 1.2); // every key expired, stale copies kept
    const from = clock.now();
    const until = from + p.outageMs;
    world.setFault(() => (clock.now() < until ? { kind: 'fail' } : { kind: 'ok' }));
    let turn = 0;
    await closedLoop(world, {
      clock,
      callers: p.callers,
      until: until + p.outageMs / 2,
      nextKey: () => keys[turn++ % keys.length],
      thinkMs: () => p.thinkMs,
      tally,
    });
    await world.drain();
    return { outageCalls: world.calls.filter((c) => c.start >= from && c.start < until).length };
  }

  async function slow(world: World, _clock: Clock, tally: Tally): Promise<Partial<FaultResult>> {
    world.setFault(() => ({ kind: 'slow', extraMs: 3 * p.lockTtlMs }));
    await burst(world, p.callers, () => 'post:slow', tally);
    await world.drain();
    return {};
  }

  // A woken holder whose load succeeded writes the key fresh, so nobody would try the lock again
  // and a release that frees the new holder's lock would go unseen: the short pause fails it.
  function pause(lockTtls: number, { holderFails = false } = {}): Run {
    return async (world, clock, tally) => {
      const key = 'timeline:paused';
      await read(world, 0, key, newTally());
      await clock.sleep(p.ttlMs * 1.2); // stale: the next read starts a refresh
      let holder: SourceCall | undefined;
      world.onCallStart = (call, app) => {
        if (call.key !== key) return;
        if (!holder) {
          holder = call;
          if (holderFails) world.setFault((k) => (k === key ? { kind: 'fail' } : { kind: 'ok' }));
          app.connection.pause();
          notePause(world, app.index, call.start, call.start + lockTtls * p.lockTtlMs);
          setTimeout(() => app.connection.resume(), lockTtls * p.lockTtlMs);
        } else if (call.version === holder.version + 1) {
          world.setFault((k) => (k === key ? { kind: 'slow', extraMs: 3 * p.lockTtlMs } : { kind: 'ok' }));
        } else {
          world.setFault(undefined);
        }
      };
      await closedLoop(world, {
        clock,
        callers: p.callers,
        until: clock.now() + (lockTtls + 3) * p.lockTtlMs,
        nextKey: () => key,
        thinkMs: () => p.thinkMs,
        tally,
      });
      await world.drain();
      const last = [...world.calls]
        .filter((c) => c.key === key && c.ok)
        .sort((a, b) => a.start - b.start)
        .at(-1);
      const final = newTally(true);
      await read(world, (holder?.instance ?? 0) === 0 ? 1 : 0, key, final);
      await world.drain();
      const next = world.calls.find((c) => c.key === key && holder && c !== holder && c.start >= holder.start);
      return {
        staleOverwrites: last && final.values?.[0] && final.values[0].version < last.version ? 1 : 0,
        takeoverLockTtls: holder && next ? (next.start - holder.start) / p.lockTtlMs : 0,
      };
    };
  }

  async function death(world: World, _clock: Clock, tally: Tally): Promise<Partial<FaultResult>> {
    const key = 'post:orphan';
    let holder: SourceCall | undefined;
    world.onCallStart = (call, app) => {
      if (holder || call.key !== key) return;
      holder = call;
      notePause(world, app.index, call.start, Infinity);
      world.kill(app.index);
    };
    await burst(world, p.callers, () => key, tally);
    await world.drain();
    const next = world.calls.find((c) => c.key === key && holder && c !== holder && c.start >= holder.start);
    return { takeoverLockTtls: holder && next ? (next.start - holder.start) / p.lockTtlMs : Infinity };
  }
}

/**
 * The most a working breaker lets through during the outage, per instance: the failures before it
 * opens (threshold − 1, plus one call per key that may already be in flight when it does) and one
 * probe per cool-down.
 */
export function outageCallBound(p: FaultParams): number {
  return p.instances * (p.failureThreshold - 1 + p.outageKeys + Math.ceil(p.outageMs / p.cooldownMs) + 1);
}

const pauses = new WeakMap<World, { instance: number; from: number; to: number }[]>();

function notePause(world: World, instance: number, from: number, to: number): void {
  const list = pauses.get(world) ?? [];
  list.push({ instance, from, to });
  pauses.set(world, list);
}

/** Calls that started while another call of the same key was in flight on a live, running instance. */
export function duplicates(calls: readonly SourceCall[], paused: readonly { instance: number; from: number; to: number }[]): number {
  const frozen = (instance: number, at: number) => paused.some((x) => x.instance === instance && x.from <= at && at < x.to);
  return calls.filter((x) =>
    calls.some((y) => y !== x && y.key === x.key && y.start <= x.start && x.start < (y.end ?? Infinity) && !frozen(y.instance, x.start)),
  ).length;
}
