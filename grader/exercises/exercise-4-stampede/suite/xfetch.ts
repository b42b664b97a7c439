/** Hidden tests of probabilistic early expiration (XFetch) and TTL jitter. */
import { expect } from 'vitest';
import type { SuiteContext } from './kit.js';

/** Registers the XFetch and jitter tests. */
export function registerXfetchTests({ scenario }: SuiteContext): void {
  scenario('XFetch: beta = 0 never recomputes before expiry, even on the luckiest draw', async ({ instances, source, sleep, u }) => {
    const src = source({ latencyMs: u });
    const [app] = instances<string>(1, { source: src, stampede: { ttlMs: 10 * u, jitter: 0, beta: 0, random: () => 1e-12 } });
    const s = app!.stampede;
    await s.implementProbabilisticExpiration('k', 10 * u); // written at 1u, expires at 11u
    for (const at of [2, 2, 2]) {
      await sleep(at);
      expect(await s.implementProbabilisticExpiration('k', 10 * u)).toBe('k#1');
    }
    expect(src.stats.calls, 'source calls before expiry with beta = 0').toBe(1);
    await sleep(6); // 13u: expired
    expect(await s.implementProbabilisticExpiration('k', 10 * u), 'after expiry the key is recomputed').toBe('k#2');
  });

  scenario('XFetch: a large beta recomputes early, in the calling request', async ({ instances, source, sleep, u }) => {
    const src = source({ latencyMs: u });
    const [app] = instances<string>(1, { source: src, stampede: { ttlMs: 100 * u, jitter: 0, beta: 1e6, random: () => 0.5 } });
    await app!.stampede.implementProbabilisticExpiration('k', 100 * u);
    await sleep(1);
    expect(await app!.stampede.implementProbabilisticExpiration('k', 100 * u), 'recomputed 99u before expiry with beta = 1e6').toBe('k#2');
    expect(src.stats.calls).toBe(2);
  });

  scenario('XFetch: the decision uses each key’s measured recompute time (delta)', async ({ instances, source, sleep, u }) => {
    // −ln(1/e) = 1, so with beta = 1 a key recomputes once the time left is below its delta.
    const src = source({ latencyMs: (key) => (key === 'slow' ? 3 * u : u / 2) });
    const [app] = instances<string>(1, { source: src, stampede: { ttlMs: 10 * u, jitter: 0, beta: 1, random: () => Math.exp(-1) } });
    const s = app!.stampede;
    await Promise.all([s.implementProbabilisticExpiration('slow', 10 * u), s.implementProbabilisticExpiration('fast', 10 * u)]);
    // now ≈ 3u; slow expires at 13u (delta 3u), fast at 10.5u (delta 0.5u)
    await sleep(2); // 5u: slow has 8u left, fast 5.5u
    expect(await s.implementProbabilisticExpiration('slow', 10 * u), 'slow key, 8u left, delta 3u').toBe('slow#1');
    await sleep(3); // 8u: fast has 2.5u left: below slow's delta (3u), above its own (0.5u)
    expect(await s.implementProbabilisticExpiration('fast', 10 * u), 'fast key, 2.5u left, delta 0.5u: not yet').toBe('fast#1');
    await sleep(3.5); // 11.5u: slow has 1.5u left (< its 3u delta)
    expect(await s.implementProbabilisticExpiration('slow', 10 * u), 'slow key, 1.5u left, delta 3u: recompute now').toBe('slow#2');
  });

  scenario('jitter: keys written together expire spread over ttl × (1 ± jitter)', async ({ instances, source, sleep, u }) => {
    const src = source({ latencyMs: u / 10 });
    const apps = instances<string>(2, { source: src, stampede: { ttlMs: 10 * u, jitter: 0.5, beta: 0 } });
    const group = (g: string) => Array.from({ length: 30 }, (_, i) => `${g}:${i}`);
    await Promise.all(['early', 'middle', 'late'].flatMap(group).map((k, i) => apps[i % 2]!.stampede.get(k)));
    const expiredAt = async (g: string) => {
      const before = src.stats.calls;
      await Promise.all(group(g).map((k, i) => apps[i % 2]!.stampede.get(k)));
      await Promise.all(apps.map((a) => a.stampede.drain()));
      return src.stats.calls - before;
    };
    await sleep(3.5);
    expect(await expiredAt('early'), 'keys expired 3.5u after a write with ttl 10u ± 50%').toBe(0);
    await sleep(6.5);
    const middle = await expiredAt('middle');
    expect(middle, '10u after the write about half of 30 keys should have expired').toBeGreaterThanOrEqual(3);
    expect(middle, '10u after the write about half of 30 keys should have expired').toBeLessThanOrEqual(27);
    await sleep(7);
    expect(await expiredAt('late'), 'keys expired 17u after the write').toBe(30);
  });
}
