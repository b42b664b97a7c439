/**
 * Exercise 1, part 3: the cache-aside layer of the social platform, tuned for hit ratio under a
 * memory budget. The seed's four methods plus `read`, `write` and `partitionOf`, which the app
 * and the load check call. Read README.md first; hints per method: `npm run hint exercise-1 <method>`.
 *
 * Conventions the tests and the load check rely on:
 * - `dataSource.load(key)` accepts the apps' legacy keys and normalized keys alike;
 * - every value you serve lives in the cache (no copies in this process: the budget is the point);
 * - a failing cache write must never fail a read: the reader already has its value.
 */
import type { CacheClient } from '../../lib/backends/types.js';
import { resolveHitRatioOptions, type ResolvedHitRatioOptions } from '../../lib/exercises/exercise-1-hit-ratio/options.js';
import type {
  ContentSource,
  EvictionPlan,
  HitRatioOptimizerApi,
  HitRatioOptions,
  KeyPlan,
  Partition,
  WarmReport,
} from '../../lib/exercises/exercise-1-hit-ratio/types.js';

/** Cache-aside reads and writes tuned for hit ratio; see README.md for every method. */
export class CacheHitRatioOptimizer implements HitRatioOptimizerApi {
  readonly #cache: CacheClient;
  readonly #source: ContentSource;
  readonly #options: ResolvedHitRatioOptions;
  // TODO: add the state you need: what was read (access patterns), which sessions are open and
  // what they read, the TTL of each data type.

  constructor(cache: CacheClient, dataSource: ContentSource, options: HitRatioOptions = {}) {
    this.#cache = cache;
    this.#source = dataSource;
    this.#options = resolveHitRatioOptions(options); // defaults and validation (given)
  }

  /**
   * Analyses a list of legacy keys (yesterday's access log: one entry per read). Returns, for
   * every valid key, its normalized key (normalizeKey in ./cache-keys.js); the invalid ones; how
   * many distinct items they name and how many legacy keys each item had on average; the names of
   * the volatile parts (query parameters) found. Remember what was read: it tells
   * optimizeEvictionPolicy how skewed the workload is.
   */
  optimizeCacheKeys(keyPatterns: readonly string[]): KeyPlan {
    // TODO: implement optimizeCacheKeys (hints: `npm run hint exercise-1 optimizeCacheKeys`).
    throw new Error(`TODO: optimizeCacheKeys (${keyPatterns.length} keys) is not implemented yet → npm run hint exercise-1 optimizeCacheKeys`);
  }

  /**
   * A user logged in: preload what their session will read next, learned from what earlier
   * sessions read (not a fixed list). Loads only what is not cached yet, and resolves to the
   * normalized keys it loaded. Rejects with InvalidKeyError for an empty user id.
   */
  async implementPredictiveCaching(userId: string | number): Promise<string[]> {
    // TODO: implement implementPredictiveCaching (hints: `npm run hint exercise-1 implementPredictiveCaching`).
    throw new Error(`TODO: implementPredictiveCaching(${JSON.stringify(userId)}) is not implemented yet → npm run hint exercise-1 implementPredictiveCaching`);
  }

  /**
   * Warms the cache with `keysToWarm` (legacy or normalized keys, duplicates allowed): skips what
   * is cached (ask in batches, not key by key), loads the rest with at most
   * `options.warmConcurrency` loads at a time, and stores each value as soon as it arrives. A load
   * that fails goes to `failed`; one slower than `options.warmTimeoutMs` goes to `failed` with a
   * WarmTimeoutError and is still stored when it arrives. Never rejects because of a key.
   */
  async warmCache(keysToWarm: readonly string[]): Promise<WarmReport> {
    // TODO: implement warmCache (hints: `npm run hint exercise-1 warmCache`).
    throw new Error(`TODO: warmCache (${keysToWarm.length} keys) is not implemented yet → npm run hint exercise-1 warmCache`);
  }

  /**
   * Chooses the maxmemory-policy that fits the workload seen so far and applies it
   * (CONFIG SET maxmemory-policy; never change maxmemory: the budget is fixed), and the TTL each
   * data type gets from now on. Resolves to the plan, with a one-sentence reason.
   */
  async optimizeEvictionPolicy(): Promise<EvictionPlan> {
    // TODO: implement optimizeEvictionPolicy (hints: `npm run hint exercise-1 optimizeEvictionPolicy`).
    throw new Error(
      `TODO: optimizeEvictionPolicy is not implemented yet (${this.#options.partitions} partitions) → npm run hint exercise-1 optimizeEvictionPolicy`,
    );
  }

  /** The partition of `key`: partitionOf in ./cache-keys.js with `options.partitions`. */
  partitionOf(key: string): Partition {
    // TODO: delegate to partitionOf in ./cache-keys.js.
    throw new Error(`TODO: CacheHitRatioOptimizer.partitionOf(${JSON.stringify(key)}) is not implemented yet → npm run hint exercise-1 partitionOf`);
  }

  /**
   * Cache-aside read of the item `key` names (a legacy or normalized key): its current value from
   * the cache, or from the data source (then stored, encoded with ./value-codec.js, with its data
   * type's TTL). Rejects with InvalidKeyError for a key that names no item.
   */
  async read(key: string): Promise<string> {
    // TODO: implement read (hints: `npm run hint exercise-1 read`).
    throw new Error(`TODO: read(${JSON.stringify(key)}) is not implemented yet → npm run hint exercise-1 read`);
  }

  /**
   * The item `key` names changed: `dataSource.write(key)`, then make sure no reader, through any
   * app's key, gets the old value afterwards, and that the next reader still gets a hit.
   */
  async write(key: string): Promise<void> {
    // TODO: implement write (hints: `npm run hint exercise-1 read`).
    throw new Error(`TODO: write(${JSON.stringify(key)}) is not implemented yet → npm run hint exercise-1 read`);
  }
}
