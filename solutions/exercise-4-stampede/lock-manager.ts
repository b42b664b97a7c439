/**
 * A distributed lock on the cache (reference solution). One key per resource holds the owner's
 * random token with a TTL; a counter beside it hands out fencing tokens.
 */
import { randomUUID } from 'node:crypto';
import type { CacheClient } from '../../lib/backends/types.js';
import { resolveLockOptions, type ResolvedLockOptions } from '../../lib/exercises/exercise-4-stampede/options.js';
import type { AcquireOptions, Lock, LockManagerApi, LockManagerOptions } from '../../lib/exercises/exercise-4-stampede/types.js';

// Compare-and-delete / compare-and-expire must be one atomic step: between a GET and a DEL sent
// separately, our lock can expire and be taken by someone else, whose lock we would then delete.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

// The fence counter lives at `fence:<lock key>`: a name no lock key (always `<prefix><resource>`)
// can take. It must outlive every value written under it, or a reset counter would fence
// out every new writer; a week is far longer than any TTL in this exercise.
const FENCE_TTL_MS = 7 * 24 * 3_600_000;

/** A lock per resource with owner tokens, fencing tokens and backoff while waiting. */
export class LockManager implements LockManagerApi {
  readonly #cache: CacheClient;
  readonly #options: ResolvedLockOptions;

  /** @param cache the cache connection of this app instance */
  constructor(cache: CacheClient, options: LockManagerOptions = {}) {
    this.#cache = cache;
    this.#options = resolveLockOptions(options);
  }

  /** Default lock lifetime in ms. */
  get ttlMs(): number {
    return this.#options.ttlMs;
  }

  /** Takes the lock on `resource`, retrying with backoff for up to `waitMs`; null if it stayed taken. */
  async acquire(resource: string, options: AcquireOptions = {}): Promise<Lock | null> {
    const ttlMs = options.ttlMs ?? this.#options.ttlMs;
    const deadline = Date.now() + (options.waitMs ?? 0);
    for (let attempt = 0; ; attempt++) {
      const lock = await this.#tryOnce(resource, ttlMs);
      if (lock) return lock;
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await sleep(Math.min(left, this.retryDelayMs(attempt)));
    }
  }

  /** Deletes the lock if, and only if, `lock` still owns it. */
  async release(lock: Lock): Promise<boolean> {
    return (await this.#cache.eval(RELEASE, 1, this.#key(lock.resource), lock.token)) === 1;
  }

  /** Pushes the lock's expiry to now + ttlMs if, and only if, `lock` still owns it. */
  async extend(lock: Lock, ttlMs = lock.ttlMs): Promise<boolean> {
    return (await this.#cache.eval(EXTEND, 1, this.#key(lock.resource), lock.token, String(Math.ceil(ttlMs)))) === 1;
  }

  /** Delay before retry number `attempt`: exponential, capped, with "equal jitter". */
  retryDelayMs(attempt: number): number {
    const cap = Math.min(this.#options.retryMaxMs, this.#options.retryBaseMs * 2 ** Math.max(0, attempt));
    // Half fixed, half random: waiters spread out (no synchronised retries) but never spin.
    return cap / 2 + (cap / 2) * this.#options.random();
  }

  async #tryOnce(resource: string, ttlMs: number): Promise<Lock | null> {
    const token = randomUUID();
    const key = this.#key(resource);
    // MULTI makes SET NX and INCR one atomic step, so fences follow the order locks were taken
    // in. A failed attempt also increments the counter; harmless, fences need only grow.
    const replies = await this.#cache.multi().set(key, token, 'PX', Math.ceil(ttlMs), 'NX').incr(`fence:${key}`).pexpire(`fence:${key}`, FENCE_TTL_MS).exec();
    const [set, fence] = replies ?? [];
    const error = set?.[0] ?? fence?.[0];
    if (error) throw error;
    if (set?.[1] !== 'OK') return null;
    return { resource, token, fence: Number(fence?.[1]), ttlMs };
  }

  #key(resource: string): string {
    return this.#options.prefix + resource;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
