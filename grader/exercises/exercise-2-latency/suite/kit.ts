/**
 * What every test of exercise 2's hidden suite gets: a fresh backend (embedded: its own keyspace,
 * the cost model on a virtual clock; real: Redis at CACHE_URL under a unique key prefix and
 * channel), app instances built from the implementation under test, a plain connection to inspect
 * and damage what is stored, the network counters, and the codec meter. Tests that depend on exact
 * timing register for the embedded backend only.
 */
import { test } from 'vitest';
import type { NetworkCounters } from '../../../../lib/backends/cache/traffic.js';
import type { BackendKind, CacheClient } from '../../../../lib/backends/types.js';
import { backendOf, type Exercise2Backend } from '../../../../lib/exercises/exercise-2-latency/backends.js';
import { createInstances, type AppInstance, type InstanceOptions } from '../../../../lib/exercises/exercise-2-latency/instances.js';
import { CodecMeter } from '../../../../lib/exercises/exercise-2-latency/meter.js';
import type { Exercise2Module } from '../../../../lib/exercises/exercise-2-latency/types.js';
import type { Clock } from '../../../../lib/sim/clock.js';

/** How long after a write an instance may still serve the old value (README, "Targets"). */
export const REAL_STALENESS_BOUND_MS = 20;
/** The same on the embedded cache. */
export const EMBEDDED_STALENESS_BOUND_MS = 1;

/** How a suite obtains the implementation under test. */
export type CreateImpl = () => Exercise2Module | Promise<Exercise2Module>;

/** What one test body receives. */
export interface Scenario {
  impl: Exercise2Module;
  kind: BackendKind;
  backend: Exercise2Backend;
  clock: Clock;
  sleep(ms: number): Promise<void>;
  /** App instances; their codec methods are metered by `meter`. */
  instances<V>(count: number, options?: Omit<InstanceOptions, 'count'>): AppInstance<V>[];
  /** A plain connection (same keys as the instances) to look at or damage what is stored. */
  raw: CacheClient;
  network(): NetworkCounters;
  resetNetwork(): void;
  meter: CodecMeter;
  /**
   * Waits out the documented staleness bound after a write: the announcement travels on other
   * connections than the write's reply, so it may arrive a little after write() resolved — within
   * 1 ms on the embedded cache, 20 ms on real Redis (README, "Targets").
   */
  afterWrite(): Promise<void>;
}

/** The suite's settings for one backend. */
export interface SuiteContext {
  kind: BackendKind;
  /** Registers one test that runs `body` on a fresh backend; `embeddedOnly` for timing-exact tests. */
  scenario(name: string, body: (s: Scenario) => Promise<void>, options?: { embeddedOnly?: boolean }): void;
}

/** Builds the context for `kind`. */
export function suiteContext(createImpl: CreateImpl, kind: BackendKind): SuiteContext {
  return {
    kind,
    scenario(name, body, options = {}) {
      if (options.embeddedOnly && kind !== 'embedded') return;
      test(name, async () => {
        const impl = await createImpl();
        const backend = await backendOf(kind, { seed: name, limitMs: 600_000 });
        const meter = new CodecMeter();
        const made: AppInstance<unknown>[] = [];
        try {
          await backend.run(async (clock) => {
            try {
              await body({
                impl,
                kind,
                backend,
                clock,
                sleep: (ms) => clock.sleep(ms),
                instances: <V>(count: number, o: Omit<InstanceOptions, 'count'> = {}) => {
                  const apps = createInstances<V>(impl, backend, { ...o, count });
                  for (const app of apps) meter.instrument(app.optimizer);
                  made.push(...(apps as AppInstance<unknown>[]));
                  return apps;
                },
                raw: backend.client('raw'),
                network: () => backend.network(),
                resetNetwork: () => backend.resetNetwork(),
                meter,
                afterWrite: () => clock.sleep(kind === 'real' ? REAL_STALENESS_BOUND_MS : EMBEDDED_STALENESS_BOUND_MS),
              });
            } finally {
              // Inside the run: closing may wait on the (virtual) clock.
              await Promise.all(made.map((a) => a.optimizer.close().catch(() => undefined)));
            }
          });
        } finally {
          await backend.close();
        }
      });
    },
  };
}

/** The `code` of an error, or a description of what was thrown instead. */
export function codeOf(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) return String(error.code);
  return error instanceof Error ? `no code (${error.message})` : `not an Error (${String(error)})`;
}

/** What a promise settled with: `{ value }` or `{ error }`. */
export async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error };
  }
}

/** Text of `bytes` bytes that compresses like prose (words from a small vocabulary). */
export function prose(bytes: number, seed = 1): string {
  const words = ['cache', 'latency', 'timeline', 'profile', 'post', 'media', 'round', 'trip', 'bytes', 'pool', 'local', 'tier', 'write', 'read', 'miss', 'hit'];
  let x = seed >>> 0 || 1;
  const parts: string[] = [];
  let length = 0;
  while (length < bytes) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    const w = words[x % words.length]!;
    parts.push(w);
    length += w.length + 1;
  }
  return parts.join(' ').slice(0, bytes);
}

/** `bytes` bytes that do not compress (a seeded generator, not crypto). */
export function noise(bytes: number, seed = 7): Buffer {
  const out = Buffer.allocUnsafe(bytes);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
