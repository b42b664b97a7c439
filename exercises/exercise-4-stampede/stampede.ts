/**
 * Exercise 4, part 3: cache stampede prevention for the social platform's peak hours.
 * One class, the seed's four methods plus `get` (what the app and the load check call) and
 * `drain`. Read README.md first; hints per method: `npm run hint exercise-4 <method>`.
 *
 * Conventions the tests and the load check rely on:
 * - the lock for cache key K is taken with `lockManager.acquire(K)` (resource = the key itself);
 * - time is Date.now() and timers are setTimeout: the kit fakes both in simulations;
 * - randomness is `options.random` (default Math.random), which the kit seeds.
 */
import type { CacheClient, DataSource } from '../../lib/backends/types.js';
import { resolveStampedeOptions, type ResolvedStampedeOptions } from '../../lib/exercises/exercise-4-stampede/options.js';
import type { LockManagerApi, Refresh, StampedeOptions, StampedePreventionApi } from '../../lib/exercises/exercise-4-stampede/types.js';

/** Read-through cache that loads each expired key once, whatever the number of callers. */
export class CacheStampedePrevention<V = unknown> implements StampedePreventionApi<V> {
  readonly #cache: CacheClient;
  readonly #source: DataSource<V>;
  readonly #locks: LockManagerApi;
  readonly #options: ResolvedStampedeOptions;
  // TODO: add a circuit breaker (options.circuitBreaker, else `new CircuitBreaker()` from
  // ./circuit-breaker.js) and whatever state you need (e.g. refreshes this instance started).

  constructor(cache: CacheClient, dataSource: DataSource<V>, lockManager: LockManagerApi, options: StampedeOptions = {}) {
    this.#cache = cache;
    this.#source = dataSource;
    this.#locks = lockManager;
    this.#options = resolveStampedeOptions(options); // defaults and validation (given)
  }

  /**
   * The value of `key`, as the app reads it (and the load check measures it):
   * - fresh and the XFetch draw does not fire: return it (one cache round trip);
   * - expired but still stored (stale), or the XFetch draw fires: return it now and
   *   `backgroundRefresh` it from `dataSource.load(key)`;
   * - missing: `preventStampede(key, () => dataSource.load(key))`; if that fails, return
   *   `handleRefreshFailure(key, error)`.
   * Rejects with InvalidKeyError for keys that are not non-empty strings (assertKey in options.ts).
   */
  async get(key: string): Promise<V> {
    // TODO: implement get by combining the four methods below.
    throw new Error(`TODO: CacheStampedePrevention.get("${key}") is not implemented yet → npm run hint exercise-4 get`);
  }

  /**
   * Lock-based prevention. Returns the value of `key`, calling `refresh` at most once across all
   * instances while the key is missing or expired:
   * - a fresh value in the cache: return it;
   * - otherwise take the lock on `key` (no waiting): the holder double-checks the cache, calls
   *   `refresh` through the circuit breaker, stores the value with its TTL (options.ttlMs with
   *   jitter), the measured recompute time (delta), the expiry and its fencing token, then releases
   *   the lock — also when refresh throws; keep the lock alive with `extend` while refresh runs;
   * - not the holder: sleep `lockManager.retryDelayMs(attempt)` and look again, until a fresh value
   *   appears, the lock frees up (the holder died: take over), or `options.waitMs` passed
   *   (reject with LockTimeoutError).
   * Values can be anything JSON can hold, and `undefined`: store them in an envelope so that null,
   * '' and undefined are values, not misses. Writes must be refused by the cache when a newer
   * fencing token has written the key (a Lua script that compares them).
   * Rejects with refresh's own error when refresh fails.
   */
  async preventStampede(key: string, refresh: Refresh<V>): Promise<V> {
    // TODO: implement the lock, the wait loop and the fenced write.
    throw new Error(`TODO: CacheStampedePrevention.preventStampede("${key}") is not implemented yet → npm run hint exercise-4 preventStampede`);
  }

  /**
   * XFetch (Vattani, Chierichetti, Lowenstein, VLDB 2015) as a read-through of `key` with TTL `ttlMs`:
   * - missing: load it like preventStampede does (with `ttlMs`);
   * - stored with recompute time `delta` and expiry `expiry`: recompute now, in this call, when
   *   `now − delta · options.beta · ln(options.random()) ≥ expiry` (always once expired), provided
   *   this caller gets the lock at once; otherwise return the stored value.
   * Returns the value; on a failed recompute, returns `handleRefreshFailure(key, error)`.
   */
  async implementProbabilisticExpiration(key: string, ttlMs: number): Promise<V> {
    // TODO: implement XFetch.
    throw new Error(
      `TODO: CacheStampedePrevention.implementProbabilisticExpiration("${key}", ${ttlMs}) is not implemented yet → npm run hint exercise-4 implementProbabilisticExpiration`,
    );
  }

  /**
   * Stale-while-revalidate: start refreshing `key` with `refresh` in the background and return at
   * once. Only one refresh per key at a time across all instances (take the lock without waiting;
   * someone else refreshing is fine). Resolves to true if this call started a refresh. A failed
   * background refresh goes to `handleRefreshFailure` and must never become an unhandled rejection.
   */
  async backgroundRefresh(key: string, refresh: Refresh<V>): Promise<boolean> {
    // TODO: implement the background refresh.
    throw new Error(`TODO: CacheStampedePrevention.backgroundRefresh("${key}") is not implemented yet → npm run hint exercise-4 backgroundRefresh`);
  }

  /**
   * What a caller gets when refreshing `key` failed with `error`: the stale value while one is
   * still stored (values stay readable `options.staleMs` past their expiry), otherwise reject with
   * RefreshFailedError(key, error) from lib/exercises/exercise-4-stampede/errors.ts.
   */
  async handleRefreshFailure(key: string, error: unknown): Promise<V> {
    // TODO: serve the stale value, or fail with a typed error.
    throw new Error(`TODO: CacheStampedePrevention.handleRefreshFailure("${key}") is not implemented yet → npm run hint exercise-4 handleRefreshFailure`);
  }

  /** Resolves once every background refresh this instance started has finished. */
  async drain(): Promise<void> {
    // TODO: wait for the background refreshes you keep track of.
    throw new Error(`TODO: CacheStampedePrevention.drain is not implemented yet (ttlMs ${this.#options.ttlMs}) → npm run hint exercise-4 backgroundRefresh`);
  }
}
