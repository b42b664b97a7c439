/**
 * Test helpers for exercise 2 (given code; use them in your own tests too). `simulate` runs a test
 * body on a fresh embedded cache whose network follows the kit's cost model on a virtual clock:
 * a round trip costs 1 ms, opening a connection 3 ms, each KiB moved 0.018 ms (docs/cost-model.md),
 * and your codec methods are charged by the price list in meter.ts. Nothing takes real time, and
 * the same test gives the same numbers on every run.
 */
import type { NetworkCounters } from '../../backends/cache/traffic.js';
import type { Clock } from '../../sim/clock.js';
import { embeddedBackend, type Exercise2Backend } from './backends.js';
import { createInstances, type AppInstance, type InstanceOptions } from './instances.js';
import { CodecMeter } from './meter.js';
import type { Exercise2Module } from './types.js';

/** How long one piece of work took on the virtual clock. */
interface Timing<T> {
  value: T;
  /** Virtual ms the work waited (network, pool) plus its codec ms. */
  ms: number;
  /** The codec part of `ms`. */
  codecMs: number;
}

/** What a simulated test body receives. */
export interface Simulation {
  readonly backend: Exercise2Backend;
  readonly clock: Clock;
  readonly meter: CodecMeter;
  /** Virtual ms since the simulation started. */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** `count` app instances, each with its own `cache` connection, pool and LatencyOptimizer (codec methods metered). */
  instances<V>(count: number, options?: Omit<InstanceOptions, 'count'>): AppInstance<V>[];
  /** Network counters over every connection since the start (or the last reset). */
  network(): NetworkCounters;
  resetNetwork(): void;
  /** Runs `work` as one request and says how long it took. */
  timed<T>(work: () => Promise<T>): Promise<Timing<T>>;
}

/** Runs `body` on a fresh embedded cache with the cost model and a virtual clock; see the module comment. */
export async function simulate<T>(module: Exercise2Module, body: (sim: Simulation) => Promise<T>, options: { seed?: number | string } = {}): Promise<T> {
  const backend = embeddedBackend({ seed: options.seed ?? 'exercise-2', limitMs: 600_000 });
  const meter = new CodecMeter();
  try {
    return await backend.run((clock) => {
      const start = clock.now();
      return body({
        backend,
        clock,
        meter,
        now: () => clock.now() - start,
        sleep: (ms) => clock.sleep(ms),
        instances: (count, o = {}) => {
          const made = createInstances(module, backend, { ...o, count });
          for (const app of made) meter.instrument(app.optimizer);
          return made as AppInstance<never>[];
        },
        network: () => backend.network(),
        resetNetwork: () => backend.resetNetwork(),
        timed: async (work) => {
          const started = clock.now();
          const { value, codecMs } = await meter.measure(work);
          return { value, ms: clock.now() - started + codecMs, codecMs };
        },
      });
    });
  } finally {
    await backend.close();
  }
}
