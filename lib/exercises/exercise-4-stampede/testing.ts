/**
 * Test helpers for exercise 4 (given code; use them in your own tests too). `simulate` runs a test
 * body on a fresh embedded cache and a virtual clock: a 60-second TTL takes no real time, and
 * Math.random is seeded, so the same test gives the same result on every run.
 */
import { countingSource, type CountingSource, type CountingSourceOptions } from '../../backends/source/counting.js';
import type { Clock } from '../../sim/clock.js';
import { embeddedBackend, type Exercise4Backend } from './backends.js';
import { createInstances, type AppInstance, type InstanceOptions } from './instances.js';
import type { Exercise4Module } from './types.js';

/** What a simulated test body receives. */
export interface Simulation {
  readonly backend: Exercise4Backend;
  readonly clock: Clock;
  /** Virtual ms since the simulation started. */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** A counting source whose value for `key` is `${key}#${n}`, n = the call's start order for that key. */
  source(options?: Omit<CountingSourceOptions, 'clock'>): CountingSource<string>;
  /** `count` app instances, each with its own connection, LockManager, CircuitBreaker and CacheStampedePrevention. */
  instances<V>(count: number, options: Omit<InstanceOptions<V>, 'count'>): AppInstance<V>[];
}

/** Runs `body` on a fresh embedded cache and virtual clock; see the module comment. */
export async function simulate<T>(module: Exercise4Module, body: (sim: Simulation) => Promise<T>, options: { seed?: number | string } = {}): Promise<T> {
  const backend = embeddedBackend({ seed: options.seed ?? 'exercise-4', limitMs: 600_000 });
  try {
    return await backend.run((clock) => {
      const start = clock.now();
      return body({
        backend,
        clock,
        now: () => clock.now() - start,
        sleep: (ms) => clock.sleep(ms),
        source: (o = {}) => versionedSource({ ...o, clock }),
        instances: (count, o) => createInstances(module, backend, { ...o, count }),
      });
    });
  } finally {
    await backend.close();
  }
}

/** A counting source whose values carry the start order of the call that produced them. */
export function versionedSource(options: CountingSourceOptions = {}): CountingSource<string> {
  const started = new Map<string, number>();
  const inner = countingSource<string>((key) => key, options);
  return {
    get stats() {
      return inner.stats;
    },
    resetStats: () => inner.resetStats(),
    setFault: (fault) => inner.setFault(fault),
    async load(key) {
      const n = (started.get(key) ?? 0) + 1;
      started.set(key, n);
      await inner.load(key);
      return `${key}#${n}`;
    },
  };
}
