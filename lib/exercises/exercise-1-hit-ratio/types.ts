/**
 * The contract of exercise 1 (given code): the shapes of the student's optimizer, key functions
 * and value codec. The stubs, the reference solution and the grader's baseline implement them;
 * the suites and the load check are written against them, and `tsc` checks that they agree.
 */
import type { CacheClient, LoaderStats } from '../../backends/types.js';
import type { EvictionPolicy } from '../../sim/eviction.js';

export type { EvictionPolicy } from '../../sim/eviction.js';

/** What a key of the social platform holds; the last part of its normalized key. */
export type ContentKind = 'profile' | 'timeline' | 'notifications' | 'post';

/** Every {@link ContentKind}, in key-slot order. */
export const CONTENT_KINDS: readonly ContentKind[] = ['profile', 'timeline', 'notifications', 'post'];

/**
 * The system of record behind the cache. It understands every key format the apps ever produced
 * (legacy keys with their volatile parts) and the normalized keys `user:{id}:profile`, …: volatile
 * parts never change what it returns.
 */
export interface ContentSource {
  /** The current value of the item `key` names: JSON text of 1 KiB to 10 MiB. */
  load(key: string): Promise<string>;
  /** Records a change of the item `key` names; resolves to its new version. */
  write(key: string): Promise<number>;
  /** Counters of load() (calls, failures, in flight). */
  readonly stats: Readonly<LoaderStats>;
  /** Counters of write(). */
  readonly writeStats: Readonly<LoaderStats>;
  resetStats(): void;
}

/** Options of the optimizer's constructor; every one has a default (see options.ts). */
export interface HitRatioOptions {
  /** Shards that `partitionOf` spreads users over. Default 8. */
  partitions?: number;
  /** Loads `warmCache` runs at the same time. Default 8. */
  warmConcurrency?: number;
  /** A warm-up load slower than this is reported as failed (its value is still cached when it arrives), in ms. Default 2,000. */
  warmTimeoutMs?: number;
}

/** What `optimizeCacheKeys` found in a list of legacy keys. */
export interface KeyPlan {
  /** The normalized key of every valid legacy key given. */
  normalized: Map<string, string>;
  /** The legacy keys that name no item of the platform. */
  invalid: string[];
  /** Distinct items (normalized keys) among the valid legacy keys. */
  distinct: number;
  /** Valid legacy keys per item (1 = no duplication; 1 when there are no keys). */
  duplication: number;
  /** Names of the volatile parts found (query parameters), sorted, each once. */
  volatileParams: string[];
}

/** What `warmCache` did, key by key (normalized keys). */
export interface WarmReport {
  /** Loaded and stored by this call. */
  warmed: string[];
  /** Already cached: not loaded again. */
  skipped: string[];
  /** Loads that failed or ran past warmTimeoutMs; every other key is still warmed. */
  failed: { key: string; error: Error }[];
  /** Legacy keys that name no item of the platform. */
  invalid: string[];
}

/** What `optimizeEvictionPolicy` chose and applied. */
export interface EvictionPlan {
  /** Applied with CONFIG SET maxmemory-policy. */
  policy: EvictionPolicy;
  /** TTL of every value of each data type written from now on, in seconds. */
  ttlSeconds: Record<ContentKind, number>;
  /** One sentence: why this policy and these TTLs fit the workload. */
  reason: string;
}

/** Where a key lives: its data type and its shard. */
export interface Partition {
  type: ContentKind;
  /** In [0, partitions). */
  shard: number;
}

/** The optimizer; see exercises/exercise-1-hit-ratio/optimizer.ts. */
export interface HitRatioOptimizerApi {
  optimizeCacheKeys(keyPatterns: readonly string[]): KeyPlan;
  implementPredictiveCaching(userId: string | number): Promise<string[]>;
  warmCache(keysToWarm: readonly string[]): Promise<WarmReport>;
  optimizeEvictionPolicy(): Promise<EvictionPlan>;
  partitionOf(key: string): Partition;
  read(key: string): Promise<string>;
  write(key: string): Promise<void>;
}

/** The optimizer's constructor. */
type HitRatioOptimizerClass = new (cache: CacheClient, dataSource: ContentSource, options?: HitRatioOptions) => HitRatioOptimizerApi;

/** What a submission exports from its three files, as the suites and the load check use it. */
export interface Exercise1Module {
  /** optimizer.ts */
  CacheHitRatioOptimizer: HitRatioOptimizerClass;
  /** cache-keys.ts; throws InvalidKeyError for a key that names no item. */
  normalizeKey(key: string): string;
  /** cache-keys.ts */
  partitionOf(key: string, partitions: number): Partition;
  /** value-codec.ts */
  encodeValue(value: string): Buffer;
  /** value-codec.ts; throws CorruptValueError for bytes encodeValue did not produce. */
  decodeValue(stored: Buffer): string;
}
