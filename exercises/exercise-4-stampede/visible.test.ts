/**
 * Exercise 4's visible suite: `npm test exercise-4`. Every test runs on the embedded cache and a
 * virtual clock (see lib/exercises/exercise-4-stampede/testing.ts), so minutes of TTL cost nothing and the
 * results are the same on every run. A failure names what was expected and the hint to ask for (`npm run hint`).
 */
import { describe, expect, test } from 'vitest';
import { countingSource } from '../../lib/backends/source/counting.js';
import { simulate } from '../../lib/exercises/exercise-4-stampede/testing.js';
import type { Exercise4Module } from '../../lib/exercises/exercise-4-stampede/types.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { LockManager } from './lock-manager.js';
import { CacheStampedePrevention } from './stampede.js';

const impl: Exercise4Module = { CacheStampedePrevention, LockManager, CircuitBreaker };
// The hint to ask for: a topic's id in hints.json is the first word of its title.
const hint = (topic: string) => `\n  → npm run hint exercise-4 ${topic.split(' ')[0]}`;
const code = (e: unknown) => (e && typeof e === 'object' && 'code' in e ? String(e.code) : `no code: ${String(e)}`);

describe('exercise 4: LockManager', () => {
  test('one holder at a time, across instances', () =>
    simulate(impl, async ({ backend }) => {
      const a = new LockManager(backend.client());
      const b = new LockManager(backend.client());
      const [first, second] = await Promise.all([a.acquire('report'), b.acquire('report')]);
      expect(
        [first, second].filter(Boolean).length,
        `two instances asked for the same lock at once; exactly one may get it${hint('LockManager.acquire')}`,
      ).toBe(1);
    }));

  test('release frees the lock; an old owner cannot release a lock someone else took after it expired', () =>
    simulate(impl, async ({ backend, sleep }) => {
      const a = new LockManager(backend.client(), { ttlMs: 1_000 });
      const b = new LockManager(backend.client(), { ttlMs: 10_000 });
      const mine = await a.acquire('report');
      expect(await a.release(mine!), `release by the owner should return true${hint('LockManager.release and extend')}`).toBe(true);
      const again = await a.acquire('report');
      await sleep(1_500); // a's lock expires…
      const theirs = await b.acquire('report'); // …and b takes it
      expect(theirs, `a lock whose TTL passed must be free for others${hint('LockManager.acquire')}`).not.toBeNull();
      expect(await a.release(again!), `a released a lock it no longer owns${hint('LockManager.release and extend')}`).toBe(false);
      expect(
        await a.acquire('report'),
        `b's lock disappeared when a released: compare the token before deleting, atomically${hint('LockManager.release and extend')}`,
      ).toBeNull();
    }));

  test('every acquisition gets a larger fencing token', () =>
    simulate(impl, async ({ backend }) => {
      const a = new LockManager(backend.client());
      const b = new LockManager(backend.client());
      const fences: number[] = [];
      for (const m of [a, b, a]) {
        const lock = await m.acquire('report');
        fences.push(lock!.fence);
        await m.release(lock!);
      }
      expect(fences[1]! > fences[0]! && fences[2]! > fences[1]!, `fencing tokens ${fences.join(', ')} should strictly grow${hint('LockManager.acquire')}`).toBe(
        true,
      );
    }));

  test('retry delays grow exponentially up to retryMaxMs', () =>
    simulate(impl, async ({ backend }) => {
      const m = new LockManager(backend.client(), { retryBaseMs: 10, retryMaxMs: 500, random: () => 0.99 });
      const delays = [0, 1, 2, 3, 10].map((n) => m.retryDelayMs(n));
      expect(
        delays[3]! > delays[0]! * 4 && delays[4]! <= 500 && delays[4]! >= 250,
        `delays for attempts 0, 1, 2, 3, 10 were ${delays.join(', ')}${hint('LockManager.retryDelayMs')}`,
      ).toBe(true);
    }));
});

describe('exercise 4: CircuitBreaker', () => {
  test('opens after failureThreshold failures and stops calling the function', () =>
    simulate(impl, async () => {
      const breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 5_000 });
      const down = () => Promise.reject(new Error('database down'));
      for (let i = 0; i < 3; i++) await breaker.execute(down).catch(() => undefined);
      expect(breaker.state, `after 3 consecutive failures${hint('CircuitBreaker')}`).toBe('open');
      let called = false;
      const error = await breaker.execute(() => (called = true)).catch((e: unknown) => e);
      expect(code(error), `an open circuit rejects at once${hint('CircuitBreaker')}`).toBe('E_CIRCUIT_OPEN');
      expect(called, `an open circuit must not call the data source${hint('CircuitBreaker')}`).toBe(false);
    }));

  test('after the cool-down, one successful probe closes it', () =>
    simulate(impl, async ({ sleep }) => {
      const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 5_000 });
      await breaker.execute(() => Promise.reject(new Error('down'))).catch(() => undefined);
      await sleep(5_001);
      expect(breaker.state, `5 s after opening with cooldownMs 5000${hint('CircuitBreaker')}`).toBe('half-open');
      expect(await breaker.execute(() => 'back')).toBe('back');
      expect(breaker.state, `after a successful probe${hint('CircuitBreaker')}`).toBe('closed');
    }));
});

describe('exercise 4: CacheStampedePrevention', () => {
  test('get loads a missing key once, then serves it from the cache', () =>
    simulate(impl, async ({ source, instances }) => {
      const src = source({ latencyMs: 50 });
      const [app] = instances<string>(1, { source: src });
      expect(await app!.stampede.get('user:1:profile'), `first read${hint('get')}`).toBe('user:1:profile#1');
      expect(await app!.stampede.get('user:1:profile'), `second read${hint('get')}`).toBe('user:1:profile#1');
      expect(src.stats.calls, `two reads of one key should call the data source once${hint('get')}`).toBe(1);
    }));

  test('null, undefined and empty string are cached values, not misses', () =>
    simulate(impl, async ({ clock, instances }) => {
      const values: Record<string, unknown> = { a: null, b: undefined, c: '' };
      const src = countingSource((key) => values[key], { clock, latencyMs: 10 });
      const [app] = instances<unknown>(1, { source: src });
      for (const key of ['a', 'b', 'c', 'a', 'b', 'c']) expect(await app!.stampede.get(key)).toBe(values[key]);
      expect(src.stats.calls, `6 reads of 3 keys whose values are null, undefined and '': store an envelope${hint('preventStampede')}`).toBe(3);
    }));

  test('one expired hot key, 1,000 callers over 4 instances: one data-source call', () =>
    simulate(impl, async ({ source, instances }) => {
      const src = source({ latencyMs: 50 });
      const apps = instances<string>(4, { source: src });
      const values = await Promise.all(Array.from({ length: 1_000 }, (_, i) => apps[i % 4]!.stampede.get('post:hot')));
      expect(new Set(values), `every caller should get the loaded value${hint('preventStampede')}`).toEqual(new Set(['post:hot#1']));
      expect(
        src.stats.calls,
        `data-source calls for one missing key read by 1,000 callers at once (naive cache-aside makes 1,000)${hint('preventStampede')}`,
      ).toBe(1);
    }));

  test('a refresh that throws rejects its caller and frees the lock at once', () =>
    simulate(impl, async ({ source, instances, now }) => {
      const [a, b] = instances<string>(2, { source: source(), locks: { ttlMs: 30_000 } });
      const failure = new Error('refresh failed');
      await expect(
        a!.stampede.preventStampede('k', () => {
          throw failure;
        }),
        `preventStampede should reject with refresh's own error${hint('preventStampede')}`,
      ).rejects.toBe(failure);
      const before = now();
      expect(await b!.stampede.preventStampede('k', () => 'ok')).toBe('ok');
      expect(now() - before, `the next caller waited for the failed holder's lock to expire: release it in a finally${hint('preventStampede')}`).toBeLessThan(
        1_000,
      );
    }));

  test('XFetch: beta = 0 never recomputes early; a large beta does', () =>
    simulate(impl, async ({ source, instances, sleep }) => {
      const src = source({ latencyMs: 100 });
      const [never] = instances<string>(1, { source: src, stampede: { beta: 0, jitter: 0, random: () => 1e-9 } });
      const [eager] = instances<string>(1, { source: src, stampede: { beta: 1e6, jitter: 0, random: () => 0.5 } });
      await never!.stampede.implementProbabilisticExpiration('calm', 60_000);
      await eager!.stampede.implementProbabilisticExpiration('eager', 60_000);
      await sleep(30_000);
      expect(
        await never!.stampede.implementProbabilisticExpiration('calm', 60_000),
        `beta = 0, half-way to expiry: keep the value${hint('implementProbabilisticExpiration')}`,
      ).toBe('calm#1');
      expect(
        await eager!.stampede.implementProbabilisticExpiration('eager', 60_000),
        `beta = 1e6: now − delta·beta·ln(rand) is far past expiry, recompute now${hint('implementProbabilisticExpiration')}`,
      ).toBe('eager#2');
    }));

  test('TTL jitter spreads the expiry of keys written together', () =>
    simulate(impl, async ({ source, instances, sleep }) => {
      const src = source({ latencyMs: 10 });
      const [app] = instances<string>(1, { source: src, stampede: { ttlMs: 60_000, jitter: 0.2, beta: 0 } });
      const keys = Array.from({ length: 40 }, (_, i) => `user:${i}:timeline`);
      await Promise.all(keys.map((k) => app!.stampede.get(k)));
      await sleep(60_000);
      src.resetStats();
      await Promise.all(keys.map((k) => app!.stampede.get(k)));
      await app!.stampede.drain();
      const expired = src.stats.calls;
      expect(
        expired > 4 && expired < 36,
        `${expired} of 40 keys written together had expired at exactly ttlMs: with ±20% jitter about half should${hint('preventStampede')}`,
      ).toBe(true);
    }));

  test('stale-while-revalidate: an expired key is served at once and refreshed once in the background', () =>
    simulate(impl, async ({ source, instances, sleep, now }) => {
      const src = source({ latencyMs: 500 });
      const apps = instances<string>(4, { source: src, stampede: { ttlMs: 60_000, jitter: 0, beta: 0 } });
      await apps[0]!.stampede.get('feed');
      await sleep(61_000);
      const before = now();
      const values = await Promise.all(Array.from({ length: 200 }, (_, i) => apps[i % 4]!.stampede.get('feed')));
      expect(now() - before, `readers of a stale key should not wait for the 500 ms reload${hint('backgroundRefresh')}`).toBeLessThan(100);
      expect(new Set(values), `they get the stale value${hint('backgroundRefresh')}`).toEqual(new Set(['feed#1']));
      await Promise.all(apps.map((a) => a.stampede.drain()));
      expect(src.stats.calls, `one background refresh across 4 instances (plus the first load)${hint('backgroundRefresh')}`).toBe(2);
    }));

  test('source outage: stale value while one exists, E_REFRESH_FAILED when none does', () =>
    simulate(impl, async ({ source, instances, sleep }) => {
      const src = source({ latencyMs: 20 });
      const [app] = instances<string>(1, { source: src, stampede: { ttlMs: 60_000, jitter: 0 } });
      await app!.stampede.get('cached');
      src.setFault(() => ({ kind: 'fail' }));
      await sleep(61_000);
      expect(await app!.stampede.get('cached'), `the source is down but a stale copy exists: serve it${hint('handleRefreshFailure')}`).toBe('cached#1');
      await app!.stampede.drain();
      const error = await app!.stampede.get('never-cached').catch((e: unknown) => e);
      expect(code(error), `nothing cached and the source is down: a typed error${hint('handleRefreshFailure')}`).toBe('E_REFRESH_FAILED');
    }));

  test('fencing: a holder paused past its lock TTL cannot overwrite the newer value', () =>
    simulate(impl, async ({ source, instances, sleep }) => {
      const [a, b, reader] = instances<string>(3, { source: source(), locks: { ttlMs: 1_000 } });
      const late = a!.stampede
        .preventStampede('k', async () => {
          a!.connection.pause(); // a 3-second stop-the-world pause, like a long GC
          await sleep(3_000);
          a!.connection.resume();
          return 'old';
        })
        .catch(() => undefined); // a's own result does not matter here
      await sleep(100);
      expect(await b!.stampede.preventStampede('k', () => 'new'), `b should take over once a's lock expired${hint('preventStampede')}`).toBe('new');
      await late;
      expect(
        await reader!.stampede.get('k'),
        `a woke up and wrote its old value over b's: refuse writes with an older fencing token${hint('preventStampede')}`,
      ).toBe('new');
    }));
});
