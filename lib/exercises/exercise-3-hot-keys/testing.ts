/**
 * Test helpers for exercise 3 (given code; use them in your own tests too). `simulate` runs a test
 * body on a fresh embedded cluster and a virtual clock: windows of seconds take no real time,
 * Math.random is seeded, and every command that reaches a node is counted, so the same test gives
 * the same result on every run.
 */
import { runDeterministic } from '../../sim/deterministic.js';
import type { Clock } from '../../sim/clock.js';
import { createHotKeyCluster, type HotKeyCluster } from './cluster.js';
import type { DetectorOptions, Exercise3Module, HotKeyDetectorApi, HotKeyMitigatorApi, HotKeyOptions } from './types.js';

/** What a simulated test body receives. */
export interface Simulation {
  readonly cluster: HotKeyCluster;
  readonly clock: Clock;
  /** Virtual ms since the simulation started. */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** A HotKeyMitigator on a connection of its own: one app instance. */
  mitigator(options?: HotKeyOptions): HotKeyMitigatorApi;
  /** A HotKeyDetector. */
  detector(options?: DetectorOptions): HotKeyDetectorApi;
}

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** Cluster nodes (default 6). */
  nodes?: number;
  /** Seed of Math.random (default 'exercise-3'). */
  seed?: number | string;
  /** Virtual time after which the body is abandoned as stuck (default 10 minutes). */
  limitMs?: number;
}

/** Runs `body` on a fresh embedded cluster and virtual clock; see the module comment. */
export function simulate<T>(module: Exercise3Module, body: (sim: Simulation) => Promise<T>, options: SimulateOptions = {}): Promise<T> {
  return runDeterministic(
    options.seed ?? 'exercise-3',
    async (clock) => {
      const cluster = await createHotKeyCluster({ backend: 'embedded', nodes: options.nodes ?? 6 });
      const start = clock.now();
      try {
        return await body({
          cluster,
          clock,
          now: () => clock.now() - start,
          sleep: (ms) => clock.sleep(ms),
          mitigator: (o) => new module.HotKeyMitigator(cluster.client(), o),
          detector: (o) => new module.HotKeyDetector(o),
        });
      } finally {
        await cluster.close();
      }
    },
    { limitMs: options.limitMs ?? 600_000 },
  );
}
