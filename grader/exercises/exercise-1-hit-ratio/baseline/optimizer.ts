/**
 * Exercise 1's baseline: textbook cache-aside as the platform runs it today (seed 002's "65% hit
 * ratio, 95% memory"). The app's key is the cache key, values are stored as they are, writes
 * delete the key they were given, nothing is warmed or preloaded, and the server keeps the policy
 * it was deployed with.
 */
import type { CacheClient } from '../../../../lib/backends/types.js';
import { resolveHitRatioOptions, type ResolvedHitRatioOptions } from '../../../../lib/exercises/exercise-1-hit-ratio/options.js';
import type {
  ContentSource,
  EvictionPlan,
  EvictionPolicy,
  HitRatioOptimizerApi,
  HitRatioOptions,
  KeyPlan,
  Partition,
  WarmReport,
} from '../../../../lib/exercises/exercise-1-hit-ratio/types.js';
import { normalizeKey, partitionOf } from './cache-keys.js';
import { decodeValue, encodeValue } from './value-codec.js';

/** Naive cache-aside. */
export class CacheHitRatioOptimizer implements HitRatioOptimizerApi {
  readonly #cache: CacheClient;
  readonly #source: ContentSource;
  readonly #options: ResolvedHitRatioOptions;

  constructor(cache: CacheClient, dataSource: ContentSource, options: HitRatioOptions = {}) {
    this.#cache = cache;
    this.#source = dataSource;
    this.#options = resolveHitRatioOptions(options);
  }

  optimizeCacheKeys(keyPatterns: readonly string[]): KeyPlan {
    const normalized = new Map(keyPatterns.map((k) => [k, normalizeKey(k)]));
    return { normalized, invalid: [], distinct: normalized.size, duplication: 1, volatileParams: [] };
  }

  async read(key: string): Promise<string> {
    const cached = await this.#cache.getBuffer(key);
    if (cached) return decodeValue(cached);
    const value = await this.#source.load(key);
    await this.#cache.set(key, encodeValue(value)).catch(() => undefined);
    return value;
  }

  async write(key: string): Promise<void> {
    await this.#source.write(key);
    await this.#cache.del(key);
  }

  async warmCache(): Promise<WarmReport> {
    return { warmed: [], skipped: [], failed: [], invalid: [] };
  }

  async implementPredictiveCaching(): Promise<string[]> {
    return [];
  }

  async optimizeEvictionPolicy(): Promise<EvictionPlan> {
    const [, policy] = (await this.#cache.config('GET', 'maxmemory-policy')) as [string, EvictionPolicy];
    return { policy, ttlSeconds: { profile: 0, timeline: 0, notifications: 0, post: 0 }, reason: 'left as deployed.' };
  }

  partitionOf(key: string): Partition {
    return partitionOf(key, this.#options.partitions);
  }
}
