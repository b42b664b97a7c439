/**
 * Scenario 1, hot-key expiry: all callers (over 4 app instances) read one key at the same moment,
 * three times: never cached, expired but still stored (stale), expired and gone. The figure is the
 * worst round's data-source calls; naive cache-aside makes one call per caller.
 */
import { countingSource } from '../../../backends/source/counting.js';
import { realClock } from '../../../sim/clock.js';
import type { Exercise4Backend } from '../backends.js';
import type { Exercise4Module } from '../types.js';
import { burst, newTally } from './callers.js';
import type { HotKeyParams } from './params.js';
import { spawnApps } from './process-pool.js';
import { createWorld } from './world.js';

/** What scenario 1 measured. */
export interface HotKeyResult {
  /** Source calls in each round: cold, stale, gone. */
  callsPerRound: number[];
  requests: number;
  errors: number;
  firstError?: string;
  /** Set when the implementation's drain() failed: the counts may be incomplete. */
  drainError?: string;
}

const KEY = 'post:hot';

const options = (p: HotKeyParams) => ({
  stampede: { ttlMs: p.ttlMs, jitter: p.jitter, staleMs: p.staleMs, beta: 1, waitMs: 10 * p.lockTtlMs },
  locks: { ttlMs: p.lockTtlMs },
  breaker: {},
});

// Pauses before each round: none (never cached), past the TTL (stale), past TTL and stale window (gone).
const pauses = (p: HotKeyParams) => [0, p.ttlMs * (1 + p.jitter) + p.latencyMs * 4, p.ttlMs * (1 + p.jitter) + p.staleMs + p.latencyMs * 4];

/** Scenario 1 in one process (embedded backend: instances are separate clients on virtual time). */
export function hotKeyInProcess(module: Exercise4Module, backend: Exercise4Backend, p: HotKeyParams): Promise<HotKeyResult> {
  return backend.run(async (clock) => {
    const world = createWorld({ module, backend, clock, instances: p.instances, latencyMs: p.latencyMs, ...options(p) });
    const tally = newTally();
    const callsPerRound: number[] = [];
    for (const pause of pauses(p)) {
      await clock.sleep(pause);
      const before = world.source.stats.calls;
      await burst(world, p.callers, () => KEY, tally);
      await world.drain();
      callsPerRound.push(world.source.stats.calls - before);
    }
    return { callsPerRound, requests: tally.requests, errors: tally.errors, firstError: tally.firstError, drainError: world.drainError };
  });
}

/** Scenario 1 with each app instance in its own process (real backend, wall clock). */
export async function hotKeyInProcesses(dir: string, backend: Exercise4Backend, p: HotKeyParams): Promise<HotKeyResult> {
  if (!backend.connection) throw new Error('hot-key scenario: separate processes need a real backend');
  const source = countingSource((key) => ({ key }), { clock: realClock, latencyMs: p.latencyMs });
  const apps = await spawnApps({ dir, count: p.instances, ...backend.connection, ...options(p), load: (key) => source.load(key) });
  try {
    const callsPerRound: number[] = [];
    let errors = 0;
    let firstError: string | undefined;
    const perApp = Math.ceil(p.callers / p.instances);
    for (const pause of pauses(p)) {
      await realClock.sleep(pause);
      const before = source.stats.calls;
      const seen = await apps.burst(KEY, perApp);
      await apps.drain();
      errors += seen.errors;
      firstError ??= seen.firstError;
      callsPerRound.push(source.stats.calls - before);
    }
    return { callsPerRound, requests: perApp * p.instances * 3, errors, firstError };
  } finally {
    await apps.close();
  }
}
