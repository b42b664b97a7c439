/**
 * A model of "your own tests" for exercise 4 (graded under problem solving): small, deterministic
 * tests of the reference solution's own decisions, on the kit's simulated backend. Students write
 * theirs in exercises/exercise-4-stampede/ next to the visible suite.
 */
import { describe, expect, test } from 'vitest';
import { simulate } from '../../lib/exercises/exercise-4-stampede/testing.js';
import type { Exercise4Module } from '../../lib/exercises/exercise-4-stampede/types.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { LockManager } from './lock-manager.js';
import { CacheStampedePrevention } from './stampede.js';

const impl: Exercise4Module = { CacheStampedePrevention, LockManager, CircuitBreaker };

describe('my exercise 4 decisions', () => {
  test('equal jitter: every retry delay lies in [cap/2, cap]', () =>
    simulate(impl, async ({ backend }) => {
      for (const r of [0, 0.5, 0.999]) {
        const m = new LockManager(backend.client(), { retryBaseMs: 10, retryMaxMs: 160, random: () => r });
        for (let n = 0; n < 8; n++) {
          const cap = Math.min(160, 10 * 2 ** n);
          expect(m.retryDelayMs(n)).toBeGreaterThanOrEqual(cap / 2);
          expect(m.retryDelayMs(n)).toBeLessThanOrEqual(cap);
        }
      }
    }));

  test('a failed acquire still bumps the fence counter, and fences keep growing', () =>
    simulate(impl, async ({ backend }) => {
      const a = new LockManager(backend.client());
      const first = await a.acquire('r');
      expect(await a.acquire('r')).toBeNull();
      await a.release(first!);
      expect((await a.acquire('r'))!.fence).toBe(first!.fence + 2);
    }));

  test('the watchdog stops once the load is done: the lock is released, not kept alive', () =>
    simulate(impl, async ({ source, instances, sleep }) => {
      const [a, b] = instances<string>(2, { source: source({ latencyMs: 5_000 }), locks: { ttlMs: 1_000 } });
      expect(await a!.stampede.get('k')).toBe('k#1');
      await sleep(2_000);
      expect(await b!.locks.acquire('k'), 'the lock is free after the load').not.toBeNull();
    }));

  test('an undefined value and a value that JSON cannot hold', () =>
    simulate(impl, async ({ instances }) => {
      const src = {
        stats: { calls: 0, failures: 0, inFlight: 0, peakInFlight: 0 },
        resetStats() {},
        load: async (k: string) => (k === 'fn' ? () => 1 : undefined) as unknown,
      };
      const [app] = instances<unknown>(1, { source: src });
      expect(await app!.stampede.get('u')).toBeUndefined();
      const error = await app!.stampede.get('fn').catch((e: unknown) => e);
      expect((error as { code?: string }).code).toBe('E_REFRESH_FAILED');
      expect(((error as Error).cause as { code?: string }).code).toBe('E_INVALID_VALUE');
    }));

  test('drain waits for a background refresh that is still loading', () =>
    simulate(impl, async ({ source, instances, sleep, now }) => {
      const src = source({ latencyMs: 300 });
      const [app] = instances<string>(1, { source: src, stampede: { ttlMs: 1_000, jitter: 0, beta: 0 } });
      await app!.stampede.get('k');
      await sleep(1_100);
      expect(await app!.stampede.get('k')).toBe('k#1');
      const before = now();
      await app!.stampede.drain();
      expect(now() - before).toBeGreaterThanOrEqual(299);
      expect(await app!.stampede.get('k')).toBe('k#2');
    }));
});
