/**
 * The simulated deployment exercise 4's load check drives: N app instances of the implementation
 * under test, each with its own cache connection, all loading from one data source that logs
 * every call (key, instance, start, end). Per-instance source wrappers let a scenario freeze or
 * kill the instance that is loading (a GC pause, a crash) at the moment its load starts.
 */
import { countingSource, type CountingSource, type Fault } from '../../../backends/source/counting.js';
import type { DataSource } from '../../../backends/types.js';
import type { Clock } from '../../../sim/clock.js';
import type { Exercise4Backend } from '../backends.js';
import { createInstances, type AppInstance } from '../instances.js';
import type { CircuitBreakerOptions, Exercise4Module, LockManagerOptions, StampedeOptions } from '../types.js';

/** The value the source returns: which key, and the start order of the call for that key. */
export interface SourceValue {
  key: string;
  version: number;
}

/** One logged data-source call. */
export interface SourceCall {
  key: string;
  instance: number;
  version: number;
  start: number;
  end?: number;
  ok?: boolean;
}

/** Options of {@link createWorld}. */
export interface WorldOptions {
  module: Exercise4Module;
  backend: Exercise4Backend;
  clock: Clock;
  instances: number;
  /** Latency of one source call in ms; a function may read the source's live stats. */
  latencyMs: number | ((key: string, source: CountingSource<SourceValue>) => number);
  stampede: Omit<StampedeOptions, 'circuitBreaker' | 'random'>;
  locks: Omit<LockManagerOptions, 'random'>;
  breaker: CircuitBreakerOptions;
}

/** A running deployment. */
export interface World {
  readonly apps: AppInstance<SourceValue>[];
  readonly source: CountingSource<SourceValue>;
  readonly calls: SourceCall[];
  /** Called when a source call starts (before its latency), e.g. to freeze its instance. */
  onCallStart: (call: SourceCall, app: AppInstance<SourceValue>) => void;
  /** Sets the source's fault plan (failure windows, slow answers). */
  setFault(fault: ((key: string, callNumber: number) => Fault) | undefined): void;
  /** Waits for every live instance's background refreshes; a failing `drain` is noted, not thrown. */
  drain(): Promise<void>;
  /** The first `drain` failure, if any (the scenario's counts may then be incomplete). */
  drainError?: string;
  /** Kills instance `index`: its connection and source calls hang forever, like a crashed process. */
  kill(index: number): void;
  isDead(index: number): boolean;
  /** Resolves when instance `index` is killed (callers on it are then abandoned, not awaited). */
  death(index: number): Promise<void>;
}

/** Builds the deployment; see the module comment. */
export function createWorld(options: WorldOptions): World {
  const { clock } = options;
  const versions = new Map<string, number>();
  const latency = options.latencyMs;
  const source: CountingSource<SourceValue> = countingSource<SourceValue>((key) => ({ key, version: versions.get(key) ?? 0 }), {
    clock,
    latencyMs: typeof latency === 'number' ? latency : (key) => latency(key, source),
  });
  const calls: SourceCall[] = [];
  const apps: AppInstance<SourceValue>[] = [];

  const deaths = Array.from({ length: options.instances }, () => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  });
  const dead = new Set<number>();
  const world: World = {
    apps,
    source,
    calls,
    onCallStart: () => undefined,
    setFault: (fault) => source.setFault(fault),
    async drain() {
      try {
        await Promise.all(apps.filter((a) => !dead.has(a.index)).map((a) => a.stampede.drain()));
      } catch (error) {
        world.drainError ??= `drain() failed: ${error instanceof Error ? error.message : String(error)}`;
      }
    },
    kill(index) {
      dead.add(index);
      apps[index]!.connection.kill();
      deaths[index]!.resolve();
    },
    isDead: (index) => dead.has(index),
    death: (index) => deaths[index]!.promise,
  };

  const perInstance = (index: number): DataSource<SourceValue> => ({
    get stats() {
      return source.stats;
    },
    resetStats: () => source.resetStats(),
    async load(key) {
      const version = (versions.get(key) ?? 0) + 1;
      versions.set(key, version);
      const call: SourceCall = { key, instance: index, version, start: clock.now() };
      calls.push(call);
      const app = apps[index]!;
      world.onCallStart(call, app);
      try {
        await source.load(key);
        call.ok = true;
        return { key, version };
      } catch (error) {
        call.ok = false;
        throw error;
      } finally {
        call.end = clock.now();
        await app.connection.whenRunning(); // a paused instance gets its answer when it wakes
      }
    },
  });

  apps.push(
    ...createInstances<SourceValue>(options.module, options.backend, {
      count: options.instances,
      source: perInstance,
      stampede: options.stampede,
      locks: options.locks,
      breaker: options.breaker,
    }),
  );
  return world;
}
