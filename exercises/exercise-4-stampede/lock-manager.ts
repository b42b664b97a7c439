/**
 * Exercise 4, part 1: a distributed lock on the cache. Every app instance has its own
 * LockManager on its own connection; they coordinate only through keys in the cache.
 * Read README.md ("Locking" and "Fencing tokens") first. Hints: `npm run hint exercise-4 LockManager`.
 */
import type { CacheClient } from '../../lib/backends/types.js';
import { resolveLockOptions, type ResolvedLockOptions } from '../../lib/exercises/exercise-4-stampede/options.js';
import type { AcquireOptions, Lock, LockManagerApi, LockManagerOptions } from '../../lib/exercises/exercise-4-stampede/types.js';

/** A lock per resource with owner tokens, fencing tokens and backoff while waiting. */
export class LockManager implements LockManagerApi {
  readonly #cache: CacheClient;
  readonly #options: ResolvedLockOptions;
  // TODO: add any state you need (Lua scripts as constants are a good idea).

  /** @param cache the cache connection of this app instance */
  constructor(cache: CacheClient, options: LockManagerOptions = {}) {
    this.#cache = cache;
    this.#options = resolveLockOptions(options); // defaults and validation (given)
  }

  /** Default lock lifetime in ms. */
  get ttlMs(): number {
    return this.#options.ttlMs;
  }

  /**
   * Takes the lock on `resource` for `options.ttlMs` (default: this manager's ttlMs).
   * - One attempt is `SET <prefix><resource> <unique token> PX <ttl> NX`: it succeeds only if
   *   nobody holds the lock. Use a token nobody else can guess (crypto.randomUUID()).
   * - Hand out a fencing token with each lock: a number that is larger for every later
   *   acquisition of the same resource (INCR a counter key, in the same atomic step as the SET).
   * - If the lock is taken, retry after `retryDelayMs(attempt)` until `options.waitMs` has passed
   *   (default 0: one attempt). Never retry without sleeping.
   * Resolves to the Lock, or null if it stayed taken.
   */
  async acquire(resource: string, options: AcquireOptions = {}): Promise<Lock | null> {
    // TODO: implement acquire (hints: `npm run hint exercise-4 LockManager.acquire`).
    throw new Error(
      `TODO: LockManager.acquire("${resource}", ${JSON.stringify(options)}) is not implemented yet → npm run hint exercise-4 LockManager.acquire`,
    );
  }

  /**
   * Deletes the lock if, and only if, `lock.token` still owns it; resolves to whether it did.
   * Must be one atomic step (a Lua script): a GET followed by a DEL can delete a lock that
   * expired and was taken by someone else in between.
   */
  async release(lock: Lock): Promise<boolean> {
    // TODO: implement release with a compare-and-delete Lua script.
    throw new Error(`TODO: LockManager.release(${lock?.resource}) is not implemented yet → npm run hint exercise-4 LockManager.release`);
  }

  /**
   * Pushes the lock's expiry to now + `ttlMs` (default `lock.ttlMs`) if, and only if,
   * `lock.token` still owns it; resolves to whether it did. Atomic, like release.
   */
  async extend(lock: Lock, ttlMs: number = lock.ttlMs): Promise<boolean> {
    // TODO: implement extend with a compare-and-PEXPIRE Lua script.
    throw new Error(`TODO: LockManager.extend(${lock?.resource}, ${ttlMs}) is not implemented yet → npm run hint exercise-4 LockManager.release`);
  }

  /**
   * The delay in ms before retry number `attempt` (0, 1, 2, …): exponential from
   * `retryBaseMs`, capped at `retryMaxMs`, with random jitter from `options.random` so that
   * waiters do not retry in lock-step. Always > 0.
   */
  retryDelayMs(attempt: number): number {
    // TODO: implement exponential backoff with jitter.
    throw new Error(`TODO: LockManager.retryDelayMs(${attempt}) is not implemented yet → npm run hint exercise-4 LockManager.retryDelayMs`);
  }
}
