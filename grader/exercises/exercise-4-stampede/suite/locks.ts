/** Hidden tests of the LockManager: mutual exclusion, owner-only release and extend, fences, backoff. */
import { expect } from 'vitest';
import { spyClient, type SuiteContext } from './kit.js';

/** Registers the lock tests. */
export function registerLockTests({ scenario }: SuiteContext): void {
  scenario('acquire: one holder at a time across instances', async ({ impl, backend }) => {
    const managers = Array.from({ length: 4 }, () => new impl.LockManager(backend.client(), { ttlMs: 5_000 }));
    const attempts = await Promise.all(Array.from({ length: 20 }, (_, i) => managers[i % 4]!.acquire('resource')));
    const held = attempts.filter((l) => l !== null);
    expect(held.length, '20 concurrent acquire() calls over 4 instances must give exactly one lock').toBe(1);
    expect(held[0]!.resource).toBe('resource');
    expect(typeof held[0]!.token === 'string' && held[0]!.token.length > 0, 'the lock carries a non-empty token').toBe(true);
    expect(Number.isFinite(held[0]!.fence), 'the lock carries a numeric fencing token').toBe(true);
  });

  scenario('release by the owner frees the lock for others', async ({ impl, backend }) => {
    const a = new impl.LockManager(backend.client());
    const b = new impl.LockManager(backend.client());
    const lock = await a.acquire('r');
    expect(lock, 'first acquire').not.toBeNull();
    expect(await b.acquire('r'), 'acquire while held by another instance').toBeNull();
    expect(await a.release(lock!), 'release by the owner').toBe(true);
    expect(await b.acquire('r'), 'acquire after the owner released').not.toBeNull();
  });

  scenario('a lock that expired and was taken by another owner is not released by the first', async ({ impl, backend, sleep, u }) => {
    const a = new impl.LockManager(backend.client(), { ttlMs: 2 * u });
    const b = new impl.LockManager(backend.client(), { ttlMs: 20 * u });
    const c = new impl.LockManager(backend.client());
    const first = await a.acquire('r');
    await sleep(3);
    const second = await b.acquire('r');
    expect(second, 'the expired lock can be taken by another owner').not.toBeNull();
    expect(await a.release(first!), 'release by the first owner, after its lock expired').toBe(false);
    expect(await c.acquire('r'), "the second owner's lock must survive the first owner's release").toBeNull();
    expect(await b.release(second!), 'release by the second owner').toBe(true);
  });

  // "Still held" checks keep several units of margin: on a loaded machine work runs late, never early.
  scenario('extend keeps the lock for its owner, and only for its owner', async ({ impl, backend, sleep, u }) => {
    const a = new impl.LockManager(backend.client(), { ttlMs: 4 * u });
    const b = new impl.LockManager(backend.client(), { ttlMs: 3 * u });
    const first = await a.acquire('r');
    await sleep(1);
    expect(await a.extend(first!, 10 * u), 'extend by the owner before expiry').toBe(true);
    await sleep(5);
    expect(await b.acquire('r'), 'the lock (4u) was extended at 1u by 10u: still held at 6u').toBeNull();
    await sleep(7);
    const second = await b.acquire('r');
    expect(second, 'once the extended lock expired, another owner gets it').not.toBeNull();
    expect(await a.extend(first!, 30 * u), 'extend by a former owner').toBe(false);
    await sleep(4);
    expect(await a.acquire('r'), "the former owner's extend must not have prolonged the new lock").not.toBeNull();
  });

  scenario('release and extend are one atomic command (Lua), not GET then DEL', async ({ impl, backend }) => {
    const spy = spyClient(backend.client());
    const manager = new impl.LockManager(spy.client);
    const lock = await manager.acquire('r');
    expect(lock).not.toBeNull();
    for (const [what, run] of [
      ['extend', () => manager.extend(lock!)],
      ['release', () => manager.release(lock!)],
    ] as const) {
      spy.calls.length = 0;
      await run();
      const plain = spy.calls.filter((c) => ['del', 'unlink', 'pexpire', 'expire', 'getdel'].includes(c));
      expect(plain, `${what} sent ${spy.calls.join(', ')}: a plain DEL/PEXPIRE can hit a lock that changed owner since you checked it`).toEqual([]);
      expect(spy.calls.length, `${what} sent no command at all`).toBeGreaterThan(0);
    }
  });

  scenario('fencing tokens grow with every acquisition, across instances', async ({ impl, backend, sleep, u }) => {
    const a = new impl.LockManager(backend.client(), { ttlMs: 2 * u });
    const b = new impl.LockManager(backend.client(), { ttlMs: 2 * u });
    const fences: number[] = [];
    const l1 = await a.acquire('r');
    fences.push(l1!.fence);
    await a.release(l1!);
    const l2 = await b.acquire('r');
    fences.push(l2!.fence);
    await b.release(l2!);
    fences.push((await a.acquire('r'))!.fence);
    await sleep(3); // expires without release
    fences.push((await b.acquire('r'))!.fence);
    for (let i = 1; i < fences.length; i++) {
      expect(fences[i]!, `fence ${i + 1} (${fences.join(', ')})`).toBeGreaterThan(fences[i - 1]!);
    }
  });

  scenario('waiting for a lock retries with backoff, not in a busy loop', async ({ impl, backend, clock, elapsed, u }) => {
    const holder = new impl.LockManager(backend.client(), { ttlMs: 50 * u });
    const spy = spyClient(backend.client());
    const waiter = new impl.LockManager(spy.client, { retryBaseMs: u / 10, retryMaxMs: u });
    const held = await holder.acquire('r');
    setTimeout(() => void holder.release(held!), 5 * u);
    const sentAt = new Set<number>();
    spy.onCall = () => sentAt.add(Math.floor(clock.now()));
    spy.calls.length = 0;
    const got = await waiter.acquire('r', { waitMs: 30 * u });
    expect(got, 'acquire with waitMs gets the lock once the holder releases it').not.toBeNull();
    expect(elapsed(), 'it cannot have the lock before the holder released it').toBeGreaterThanOrEqual(5 * u - 1);
    expect(elapsed(), 'it gets the lock soon after the release (retryMaxMs = u)').toBeLessThanOrEqual(9 * u);
    expect(sentAt.size, 'attempts should be spread over the wait (sleep between them)').toBeGreaterThanOrEqual(3);
    expect(spy.calls.length, `commands sent while waiting 5u with retryMaxMs = u: is there a sleep between attempts?`).toBeLessThanOrEqual(200);
  });

  scenario('acquire gives up after waitMs and returns null', async ({ impl, backend, elapsed, u }) => {
    const holder = new impl.LockManager(backend.client(), { ttlMs: 100 * u });
    const waiter = new impl.LockManager(backend.client(), { retryMaxMs: u / 2 });
    await holder.acquire('r');
    const started = elapsed();
    expect(await waiter.acquire('r', { waitMs: 5 * u }), 'the lock stays held for 100u').toBeNull();
    const waited = elapsed() - started;
    expect(waited, 'waited at least waitMs').toBeGreaterThanOrEqual(5 * u - 1);
    expect(waited, 'gave up soon after waitMs').toBeLessThanOrEqual(9 * u);
  });

  scenario('retryDelayMs grows exponentially to retryMaxMs, with jitter', async ({ impl, backend }) => {
    const at = (r: number) => new impl.LockManager(backend.client(), { retryBaseMs: 10, retryMaxMs: 1_000, random: () => r });
    const high = at(0.999);
    const delays = Array.from({ length: 12 }, (_, n) => high.retryDelayMs(n));
    expect(delays[0]!, `first delay with retryBaseMs 10 (${delays.join(', ')})`).toBeLessThanOrEqual(10);
    expect(delays[4]!, `delay 5 should be about 2^4 times the first (${delays.join(', ')})`).toBeGreaterThanOrEqual(4 * delays[0]!);
    expect(Math.max(...delays), 'no delay above retryMaxMs').toBeLessThanOrEqual(1_000);
    expect(delays[11]!, 'after many attempts the delay reaches the cap').toBeGreaterThanOrEqual(500);
    for (const d of delays) expect(d, 'delays are positive: a zero delay is a busy loop').toBeGreaterThan(0);
    expect(at(0.1).retryDelayMs(5), 'two random draws give two different delays (jitter)').not.toBe(at(0.9).retryDelayMs(5));
  });
}
