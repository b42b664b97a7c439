/**
 * Hidden tests of lock safety under pauses (Kleppmann's scenario): an instance frozen past its
 * lock's TTL must neither overwrite the newer value nor release the newer holder's lock, and a
 * slow but live holder must keep its lock.
 */
import { expect } from 'vitest';
import type { SuiteContext } from './kit.js';

/** Registers the fencing and lock-lifetime tests. */
export function registerFencingTests({ scenario }: SuiteContext): void {
  scenario('fencing: a holder paused past its lock TTL cannot overwrite the newer value', async ({ instances, source, sleep, u }) => {
    const apps = instances<string>(3, { source: source(), locks: { ttlMs: 4 * u, retryMaxMs: u / 2 } });
    const [a, b, c] = apps as [(typeof apps)[0], (typeof apps)[0], (typeof apps)[0]];
    const paused = a.stampede
      .preventStampede('k', async () => {
        a.connection.pause(); // a long GC pause: nothing A sends or receives gets through
        await sleep(10);
        a.connection.resume();
        return 'old';
      })
      .catch(() => undefined); // A's own result does not matter
    await sleep(1);
    expect(await b.stampede.preventStampede('k', () => 'new'), 'B takes over once A’s lock expired').toBe('new');
    await paused; // A wakes up and tries to write 'old' with its old fencing token
    expect(await c.stampede.get('k'), 'the value after A’s late write').toBe('new');
  });

  scenario('a holder resumed after its lock expired does not release the new holder’s lock', async ({ instances, source, sleep, u }) => {
    const apps = instances<string>(3, { source: source(), locks: { ttlMs: 4 * u, retryMaxMs: u / 4 } });
    const [a, b, c] = apps as [(typeof apps)[0], (typeof apps)[0], (typeof apps)[0]];
    const aDone = a.stampede
      .preventStampede('k', async () => {
        a.connection.pause();
        await sleep(5); // A's lock (4u) expires; B takes it at ≈ 4u
        a.connection.resume(); // at ≈ 5u A's refresh fails and A releases "its" lock
        throw new Error('A gave up');
      })
      .catch(() => undefined);
    await sleep(1);
    const bDone = b.stampede.preventStampede('k', async () => {
      await sleep(3); // B holds the lock from ≈ 4u to ≈ 7u
      return 'from-b';
    });
    bDone.catch(() => undefined); // awaited at the end
    await sleep(4.5); // 5.5u: A has released; B is still loading
    let cRefreshed = false;
    const cValue = await c.stampede.preventStampede('k', () => {
      cRefreshed = true;
      return 'from-c';
    });
    expect(cRefreshed, 'C refreshed while B held the lock: A’s release deleted B’s lock').toBe(false);
    expect(cValue, 'C waits for B’s value').toBe('from-b');
    await Promise.allSettled([aDone, bDone]);
  });

  scenario('a slow holder keeps its lock while it is alive (extend), so nobody loads twice', async ({ instances, source, u }) => {
    const src = source({ latencyMs: 15 * u });
    const apps = instances<string>(4, { source: src, locks: { ttlMs: 5 * u, retryMaxMs: u / 2 }, stampede: { waitMs: 50 * u } });
    const values = await Promise.all(Array.from({ length: 40 }, (_, i) => apps[i % 4]!.stampede.get('k')));
    expect(new Set(values)).toEqual(new Set(['k#1']));
    expect(src.stats.calls, 'source calls when the load takes 3 lock TTLs').toBe(1);
  });
}
