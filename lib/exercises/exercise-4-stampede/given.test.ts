/** The given parts of exercise 4: option checks, key checks, typed errors, the pausable client. */
import { describe, expect, test } from 'vitest';
import { embeddedBackend } from './backends.js';
import { RefreshFailedError } from './errors.js';
import { assertKey, assertTtl, resolveBreakerOptions, resolveLockOptions, resolveStampedeOptions } from './options.js';
import { pausable } from './pausable.js';
import { thrownCode as codeOf } from '../errors.js';

describe('options', () => {
  test('defaults are filled in', () => {
    expect(resolveLockOptions()).toMatchObject({ ttlMs: 5_000, retryBaseMs: 10, retryMaxMs: 200, prefix: 'lock:' });
    expect(resolveBreakerOptions()).toEqual({ failureThreshold: 5, cooldownMs: 5_000 });
    expect(resolveStampedeOptions({ ttlMs: 1_000 })).toMatchObject({ ttlMs: 1_000, jitter: 0.1, beta: 1, staleMs: 1_000, waitMs: 10_000 });
  });

  test('a bad option is refused with E_INVALID_OPTION, naming the option, the value and what it must be', () => {
    expect(codeOf(() => resolveLockOptions({ ttlMs: -1 }))).toBe(
      'E_INVALID_OPTION: LockManager: options.ttlMs must be a positive number of milliseconds (e.g. 5000), got -1.',
    );
    expect(codeOf(() => resolveLockOptions({ retryBaseMs: 50, retryMaxMs: 10 }))).toMatch(
      /options\.retryMaxMs must be a number of milliseconds ≥ retryBaseMs \(50\), got 10/,
    );
    expect(codeOf(() => resolveBreakerOptions({ failureThreshold: 1.5 }))).toMatch(
      /^E_INVALID_OPTION: CircuitBreaker: options\.failureThreshold must be an integer/,
    );
    expect(codeOf(() => resolveStampedeOptions({ jitter: 1 }))).toMatch(/options\.jitter must be a fraction in \[0, 1\)/);
    expect(codeOf(() => resolveStampedeOptions({ beta: -1 }))).toMatch(/options\.beta must be a number ≥ 0/);
    expect(codeOf(() => resolveStampedeOptions({ circuitBreaker: {} as never }))).toMatch(/options\.circuitBreaker must be a CircuitBreaker/);
    expect(codeOf(() => assertTtl('implementProbabilisticExpiration', 0))).toMatch(
      /^E_INVALID_OPTION: CacheStampedePrevention\.implementProbabilisticExpiration: ttlMs must be/,
    );
  });

  test('keys must be non-empty strings', () => {
    expect(codeOf(() => assertKey(''))).toMatch(/^E_INVALID_KEY/);
    expect(codeOf(() => assertKey(7))).toMatch(/^E_INVALID_KEY/);
    expect(codeOf(() => assertKey('user:{1}:ключ'))).toBe('no error');
  });

  test('RefreshFailedError keeps the original error as cause', () => {
    const cause = new Error('down');
    const error = new RefreshFailedError('k', cause);
    expect(error).toMatchObject({ code: 'E_REFRESH_FAILED', key: 'k', cause });
    expect(error.message).toMatch(/"k" failed .*: down/);
  });
});

describe('pausable client', () => {
  test('a paused client neither sends nor receives until resumed; a killed one never does', async () => {
    const backend = embeddedBackend();
    await backend.run(async (clock) => {
      const a = pausable(backend.client());
      const b = backend.client();
      a.pause();
      let done = false;
      const write = a.client.set('k', 'v').then(() => (done = true));
      await clock.sleep(100);
      expect(await b.get('k'), 'nothing reaches the cache while paused').toBeNull();
      expect(done).toBe(false);
      a.resume();
      await write;
      expect(await b.get('k')).toBe('v');
      const batch = a.client.multi().set('m', '1').incr('n');
      a.kill();
      let finished = false;
      void batch.exec().then(() => (finished = true));
      await clock.sleep(1_000);
      expect(finished, 'a killed instance never completes a transaction').toBe(false);
      expect(await b.get('m')).toBeNull();
    });
    await backend.close();
  });
});
