/** Hidden tests of stale-while-revalidate, refresh failures and the circuit breaker in front of the source. */
import { expect } from 'vitest';
import { SourceUnavailableError } from '../../../../lib/backends/source/counting.js';
import { codeOf, settleAll, type SuiteContext } from './kit.js';

/** Registers the fallback tests. */
export function registerFallbackTests({ scenario }: SuiteContext): void {
  scenario('stale-while-revalidate: an expired key is served at once while one refresh runs behind', async ({ instances, source, sleep, elapsed, u }) => {
    const src = source({ latencyMs: 5 * u });
    const apps = instances<string>(4, { source: src, stampede: { ttlMs: 10 * u, jitter: 0, beta: 0, staleMs: 50 * u } });
    await apps[0]!.stampede.get('k');
    await sleep(11);
    const started = elapsed();
    const values = await Promise.all(Array.from({ length: 100 }, (_, i) => apps[i % 4]!.stampede.get('k')));
    expect(elapsed() - started, '100 reads of a stale key must not wait for the 5u reload').toBeLessThan(3 * u);
    expect(new Set(values), 'they all get the stale value').toEqual(new Set(['k#1']));
    await Promise.all(apps.map((a) => a.stampede.drain()));
    expect(src.stats.calls, 'one background refresh across 4 instances').toBe(2);
    expect(await apps[3]!.stampede.get('k'), 'after the refresh the new value is served').toBe('k#2');
  });

  scenario('source outage: callers get the stale value and no error', async ({ instances, source, sleep, u }) => {
    const src = source({ latencyMs: u / 2 });
    const apps = instances<string>(4, { source: src, stampede: { ttlMs: 10 * u, jitter: 0, staleMs: 100 * u } });
    await apps[0]!.stampede.get('k');
    src.setFault(() => ({ kind: 'fail' }));
    await sleep(11);
    for (let round = 0; round < 3; round++) {
      const { values, errors } = await settleAll(Array.from({ length: 40 }, (_, i) => apps[i % 4]!.stampede.get('k')));
      expect(errors.map(codeOf), `round ${round + 1}: errors seen by callers while a stale value exists`).toEqual([]);
      expect(new Set(values)).toEqual(new Set(['k#1']));
      await Promise.all(apps.map((a) => a.stampede.drain()));
      await sleep(2);
    }
    const error = new Error('refresh failed');
    expect(await apps[1]!.stampede.handleRefreshFailure('k', error), 'handleRefreshFailure returns the stale value').toBe('k#1');
  });

  scenario('source outage with nothing cached: E_REFRESH_FAILED, with the reason as cause', async ({ instances, source }) => {
    const src = source();
    src.setFault(() => ({ kind: 'fail' }));
    const [app] = instances<string>(1, { source: src });
    const error = await app!.stampede.get('missing').then(
      () => 'resolved',
      (e: unknown) => e,
    );
    expect(codeOf(error), 'get of a missing key while the source fails').toBe('E_REFRESH_FAILED');
    const cause = (error as Error).cause;
    expect(cause instanceof SourceUnavailableError || codeOf(cause) === 'E_CIRCUIT_OPEN', `cause is the source's error, got ${String(cause)}`).toBe(true);
    const original = new Error('boom');
    const direct = await app!.stampede.handleRefreshFailure('also-missing', original).then(
      () => 'resolved',
      (e: unknown) => e,
    );
    expect(codeOf(direct), 'handleRefreshFailure with no stale value').toBe('E_REFRESH_FAILED');
    expect((direct as Error).cause, 'its cause is the error it was given').toBe(original);
  });

  scenario('circuit breaker: a failing source stops being called, then is probed after the cool-down', async ({ instances, source, sleep, u }) => {
    const src = source();
    src.setFault(() => ({ kind: 'fail' }));
    const [app] = instances<string>(1, { source: src, breaker: { failureThreshold: 3, cooldownMs: 10 * u } });
    for (let i = 0; i < 20; i++) {
      const error = await app!.stampede.get('k').then(
        () => 'resolved',
        (e: unknown) => e,
      );
      expect(codeOf(error), `read ${i + 1} while the source is down and nothing is cached`).toBe('E_REFRESH_FAILED');
    }
    expect(src.stats.calls, 'source calls for 20 reads with failureThreshold 3').toBe(3);
    src.setFault(undefined);
    await sleep(11);
    expect(await app!.stampede.get('k'), 'after the cool-down a probe reaches the recovered source').toBe('k#4');
  });

  scenario('backgroundRefresh: true for the one call that starts a refresh, false while it runs', async ({ instances, source, u }) => {
    const src = source({ latencyMs: 2 * u });
    const apps = instances<string>(2, { source: src });
    await apps[0]!.stampede.get('k');
    const refresh = () => src.load('k');
    const started = await Promise.all([0, 1, 0, 1].map((i) => apps[i]!.stampede.backgroundRefresh('k', refresh)));
    expect(started.filter(Boolean).length, `backgroundRefresh results ${started.join(', ')}`).toBe(1);
    await Promise.all(apps.map((a) => a.stampede.drain()));
    expect(src.stats.calls, 'one load, one background refresh').toBe(2);
    expect(await apps[1]!.stampede.get('k')).toBe('k#2');
  });
}
