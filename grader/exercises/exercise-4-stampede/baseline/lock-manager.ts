/**
 * Exercise 4's baseline lock: SET NX with a constant value, DEL to release. It is the lock the
 * seeds sketch, with every flaw the exercise is about (anyone can release it, no fence, no
 * backoff jitter); the baseline's cache-aside never even takes it.
 */
import type { CacheClient } from '../../../../lib/backends/types.js';
import { resolveLockOptions, type ResolvedLockOptions } from '../../../../lib/exercises/exercise-4-stampede/options.js';
import type { AcquireOptions, Lock, LockManagerApi, LockManagerOptions } from '../../../../lib/exercises/exercise-4-stampede/types.js';

/** A naive lock: no owner token, no fencing. */
export class LockManager implements LockManagerApi {
  readonly #cache: CacheClient;
  readonly #options: ResolvedLockOptions;

  constructor(cache: CacheClient, options: LockManagerOptions = {}) {
    this.#cache = cache;
    this.#options = resolveLockOptions(options);
  }

  /** Default lock lifetime in ms. */
  get ttlMs(): number {
    return this.#options.ttlMs;
  }

  /** One SET NX, retried every 100 ms until waitMs. */
  async acquire(resource: string, options: AcquireOptions = {}): Promise<Lock | null> {
    const ttlMs = options.ttlMs ?? this.#options.ttlMs;
    const deadline = Date.now() + (options.waitMs ?? 0);
    for (;;) {
      if ((await this.#cache.set(this.#options.prefix + resource, 'locked', 'PX', Math.ceil(ttlMs), 'NX')) === 'OK') {
        return { resource, token: 'locked', fence: 0, ttlMs };
      }
      if (Date.now() >= deadline) return null;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** DEL, whoever holds the lock now. */
  async release(lock: Lock): Promise<boolean> {
    return (await this.#cache.del(this.#options.prefix + lock.resource)) === 1;
  }

  /** PEXPIRE, whoever holds the lock now. */
  async extend(lock: Lock, ttlMs = lock.ttlMs): Promise<boolean> {
    return (await this.#cache.pexpire(this.#options.prefix + lock.resource, Math.ceil(ttlMs))) === 1;
  }

  /** A fixed 100 ms. */
  retryDelayMs(): number {
    return 100;
  }
}
