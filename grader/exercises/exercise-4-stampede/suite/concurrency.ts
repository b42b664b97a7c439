/** Hidden tests of stampede prevention under concurrency, inside one instance and across several. */
import { expect } from 'vitest';
import { codeOf, settleAll, type SuiteContext } from './kit.js';

/** Registers the concurrency tests. */
export function registerConcurrencyTests({ scenario }: SuiteContext): void {
  scenario('hot key: 200 callers over 4 instances, one source call', async ({ instances, source, u }) => {
    const src = source({ latencyMs: 2 * u });
    const apps = instances<string>(4, { source: src, locks: { ttlMs: 20 * u } });
    const { values, errors } = await settleAll(Array.from({ length: 200 }, (_, i) => apps[i % 4]!.stampede.get('hot')));
    expect(errors.map(codeOf), 'no caller sees an error').toEqual([]);
    expect(new Set(values), 'every caller gets the one loaded value').toEqual(new Set(['hot#1']));
    expect(src.stats.calls, 'source calls for one missing key, 200 callers, 4 instances').toBe(1);
  });

  scenario('hot key: 100 callers in one instance, one source call', async ({ instances, source, u }) => {
    const src = source({ latencyMs: 2 * u });
    const [app] = instances<string>(1, { source: src });
    await Promise.all(Array.from({ length: 100 }, () => app!.stampede.get('hot')));
    expect(src.stats.calls).toBe(1);
  });

  scenario('many keys: 4 instances × 50 callers over 20 keys, one load per key', async ({ instances, source, u }) => {
    const src = source({ latencyMs: u });
    const apps = instances<string>(4, { source: src });
    const values = await Promise.all(Array.from({ length: 200 }, (_, i) => apps[i % 4]!.stampede.get(`k${i % 20}`)));
    expect(
      values.every((v, i) => v === `k${i % 20}#1`),
      'each caller gets its key’s value',
    ).toBe(true);
    expect(src.stats.calls, 'source calls for 20 missing keys').toBe(20);
  });

  scenario('preventStampede: refresh runs once for concurrent callers across instances', async ({ instances, source, sleep }) => {
    const apps = instances<string>(4, { source: source() });
    let runs = 0;
    const refresh = async () => {
      runs += 1;
      await sleep(2);
      return 'computed';
    };
    const values = await Promise.all(Array.from({ length: 100 }, (_, i) => apps[i % 4]!.stampede.preventStampede('report', refresh)));
    expect(new Set(values)).toEqual(new Set(['computed']));
    expect(runs, 'refresh calls for 100 concurrent callers').toBe(1);
  });

  for (const [how, makeRefresh] of [
    [
      'throws synchronously',
      (e: Error) => (): string => {
        throw e;
      },
    ],
    ['returns a rejected promise', (e: Error) => (): Promise<string> => Promise.reject(e)],
  ] as const) {
    scenario(`preventStampede: a refresh that ${how} rejects with its error and frees the lock`, async ({ instances, source, elapsed, u }) => {
      const apps = instances<string>(2, { source: source(), locks: { ttlMs: 50 * u } });
      const error = new Error('refresh failed');
      await expect(apps[0]!.stampede.preventStampede('k', makeRefresh(error))).rejects.toBe(error);
      const before = elapsed();
      expect(await apps[1]!.stampede.preventStampede('k', () => 'ok')).toBe('ok');
      expect(elapsed() - before, 'the next caller must not wait for the failed holder’s lock to expire (50u)').toBeLessThan(10 * u);
    });
  }

  scenario('preventStampede: a caller gives up with E_LOCK_TIMEOUT after waitMs', async ({ impl, backend, instances, source, elapsed, u }) => {
    const outsider = new impl.LockManager(backend.client(), { ttlMs: 100 * u });
    expect(await outsider.acquire('k'), 'the lock resource of cache key "k" is "k"').not.toBeNull();
    const [app] = instances<string>(1, { source: source(), stampede: { waitMs: 5 * u }, locks: { retryMaxMs: u / 2 } });
    const error = await app!.stampede
      .preventStampede('k', () => 'v')
      .then(
        () => 'resolved',
        (e: unknown) => e,
      );
    expect(codeOf(error)).toBe('E_LOCK_TIMEOUT');
    expect(elapsed(), 'gave up after about waitMs').toBeGreaterThanOrEqual(5 * u - 1);
    expect(elapsed(), 'gave up after about waitMs').toBeLessThanOrEqual(10 * u);
  });

  scenario('a dead lock holder is replaced once its lock expires', async ({ impl, backend, instances, source, elapsed, u }) => {
    const lockTtl = 4 * u;
    const dead = new impl.LockManager(backend.client(), { ttlMs: lockTtl });
    expect(await dead.acquire('k'), 'the lock resource of cache key "k" is "k"').not.toBeNull(); // never released
    const src = source({ latencyMs: u / 2 });
    const apps = instances<string>(2, { source: src, locks: { ttlMs: lockTtl, retryMaxMs: u } });
    const { values, errors } = await settleAll(Array.from({ length: 20 }, (_, i) => apps[i % 2]!.stampede.get('k')));
    expect(errors.map(codeOf), 'callers wait for the takeover instead of failing').toEqual([]);
    expect(new Set(values)).toEqual(new Set(['k#1']));
    expect(elapsed(), 'nobody may load before the dead holder’s lock expired').toBeGreaterThanOrEqual(lockTtl - 1);
    expect(elapsed(), 'a new holder takes over within one lock TTL after it expired').toBeLessThanOrEqual(2 * lockTtl);
    expect(src.stats.calls).toBe(1);
  });
}
