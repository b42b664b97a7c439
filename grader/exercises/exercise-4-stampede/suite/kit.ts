/**
 * What every test of exercise 4's hidden suite gets: a fresh backend (its own keyspace or key
 * prefix), the clock the test runs on, a time unit, and builders for sources and app instances.
 * Times are written in units `u` so the same test runs on virtual time (embedded: exact, free)
 * and on the wall clock (real Redis: u = 100 ms keeps a test around a second).
 */
import { test } from 'vitest';
import type { BackendKind, CacheClient } from '../../../../lib/backends/types.js';
import type { CountingSource, CountingSourceOptions } from '../../../../lib/backends/source/counting.js';
import type { Clock } from '../../../../lib/sim/clock.js';
import { embeddedBackend, realBackend, type Exercise4Backend } from '../../../../lib/exercises/exercise-4-stampede/backends.js';
import { createInstances, type AppInstance, type InstanceOptions } from '../../../../lib/exercises/exercise-4-stampede/instances.js';
import { versionedSource } from '../../../../lib/exercises/exercise-4-stampede/testing.js';
import type { Exercise4Module } from '../../../../lib/exercises/exercise-4-stampede/types.js';

/** How a suite obtains the implementation under test. */
export type CreateImpl = () => Exercise4Module | Promise<Exercise4Module>;

/** What one test body receives. */
export interface Scenario {
  impl: Exercise4Module;
  backend: Exercise4Backend;
  clock: Clock;
  /** The time unit in ms (virtual on embedded). */
  u: number;
  sleep(units: number): Promise<void>;
  /** ms since the test started. */
  elapsed(): number;
  /** A counting source whose value for `key` is `${key}#${n}`, n = the call's start order for that key. */
  source(options?: Omit<CountingSourceOptions, 'clock'>): CountingSource<string>;
  instances<V>(count: number, options: Omit<InstanceOptions<V>, 'count'>): AppInstance<V>[];
}

/** The suite's settings for one backend. */
export interface SuiteContext {
  kind: BackendKind;
  /** Registers one test that runs `body` on a fresh backend. */
  scenario(name: string, body: (s: Scenario) => Promise<void>): void;
}

/** Builds the context for `kind`. */
export function suiteContext(createImpl: CreateImpl, kind: BackendKind): SuiteContext {
  const u = 100; // ms; on embedded it is virtual, so the choice only has to match real runs
  return {
    kind,
    scenario(name, body) {
      test(name, async () => {
        const impl = await createImpl();
        const backend = kind === 'embedded' ? embeddedBackend({ seed: name, limitMs: 600_000 }) : await realBackend();
        try {
          await backend.run(async (clock) => {
            const start = clock.now();
            await body({
              impl,
              backend,
              clock,
              u,
              sleep: (units) => clock.sleep(units * u),
              elapsed: () => clock.now() - start,
              source: (options = {}) => versionedSource({ ...options, clock }),
              instances: (count, options) => createInstances(impl, backend, { ...options, count }),
            });
          });
        } finally {
          await backend.close();
        }
      });
    },
  };
}

/** Records the names of the commands a client is asked to run (for atomicity checks). */
export function spyClient(client: CacheClient): ClientSpy {
  const calls: string[] = [];
  const spy: ClientSpy = { client, calls, onCall: () => undefined };
  spy.client = new Proxy(client, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]) => {
        calls.push(prop.toLowerCase());
        spy.onCall(prop);
        const out = value.apply(target, args);
        // Commands queued on a MULTI/pipeline are recorded under their own names.
        if (out && typeof out === 'object' && (prop === 'multi' || prop === 'pipeline')) return spyBatch(out, calls);
        return out;
      };
    },
  });
  return spy;
}

/** A client that records the commands it is asked to run. */
export interface ClientSpy {
  client: CacheClient;
  /** Command names in lower case, in order (MULTI's queued commands included). */
  calls: string[];
  /** Called on every command (tests set it to note the time). */
  onCall: (name: string) => void;
}

function spyBatch(batch: object, calls: string[]): object {
  return new Proxy(batch, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]) => {
        calls.push(prop.toLowerCase());
        const out = value.apply(target, args);
        return out === target ? receiver : out;
      };
    },
  });
}

/** Settles every promise and returns how many rejected, with the first reason. */
export async function settleAll<T>(promises: Promise<T>[]): Promise<{ values: T[]; errors: unknown[] }> {
  const results = await Promise.allSettled(promises);
  const values: T[] = [];
  const errors: unknown[] = [];
  for (const r of results) {
    if (r.status === 'fulfilled') values.push(r.value);
    else errors.push(r.reason);
  }
  return { values, errors };
}

/** The `code` of an error, or a description of what was thrown instead. */
export function codeOf(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) return String(error.code);
  return error instanceof Error ? `no code (${error.message})` : `not an Error (${String(error)})`;
}
