/**
 * Exercise 1, part 3 (reference solution): the cache-aside layer of the social platform, tuned
 * for hit ratio under a memory budget. One normalized key per item (cache-keys.ts), compressed
 * values (value-codec.ts), write-through on writes, warming from yesterday's popular items,
 * session preloading learned from what sessions read, and an LFU policy with per-type TTLs.
 */
import type { CacheClient } from '../../lib/backends/types.js';
import { InvalidKeyError, WarmTimeoutError } from '../../lib/exercises/exercise-1-hit-ratio/errors.js';
import { resolveHitRatioOptions, type ResolvedHitRatioOptions } from '../../lib/exercises/exercise-1-hit-ratio/options.js';
import type {
  ContentKind,
  ContentSource,
  EvictionPlan,
  HitRatioOptimizerApi,
  HitRatioOptions,
  KeyPlan,
  Partition,
  WarmReport,
} from '../../lib/exercises/exercise-1-hit-ratio/types.js';
import { encodeId, normalizeKey, partitionOf, splitNormalized } from './cache-keys.js';
import { decodeValue, encodeValue } from './value-codec.js';

/**
 * With write-through keeping values current, a TTL is only a safety net for changes made behind
 * the cache's back, so TTLs are long: hours for what rarely changes, less for what changes often.
 */
const TTL_SECONDS: Record<ContentKind, number> = { profile: 86_400, post: 21_600, timeline: 3_600, notifications: 1_800 };
/** A session's reads are attributed to it for this many reads after the login (all users). */
const SESSION_WINDOW_READS = 200;
/** Preload a resource once this share of sessions read it, after this many sessions. */
const PRELOAD_SHARE = 0.5;
const MIN_SESSIONS = 5;

/** Cache-aside reads and writes tuned for hit ratio; see README.md for every method. */
export class CacheHitRatioOptimizer implements HitRatioOptimizerApi {
  readonly #cache: CacheClient;
  readonly #source: ContentSource;
  readonly #options: ResolvedHitRatioOptions;
  #ttl: Record<ContentKind, number> = { ...TTL_SECONDS };
  /** Reads per item: yesterday's log (optimizeCacheKeys) plus what this instance served. */
  readonly #reads = new Map<string, number>();
  #readCount = 0;
  /** Open sessions by encoded user id: when they started and which resources they read. */
  readonly #sessions = new Map<string, { startedAt: number; read: Set<string> }>();
  #sessionCount = 0;
  readonly #sessionReads = new Map<string, number>();

  constructor(cache: CacheClient, dataSource: ContentSource, options: HitRatioOptions = {}) {
    this.#cache = cache;
    this.#source = dataSource;
    this.#options = resolveHitRatioOptions(options);
  }

  optimizeCacheKeys(keyPatterns: readonly string[]): KeyPlan {
    const normalized = new Map<string, string>();
    const invalid: string[] = [];
    const params = new Set<string>();
    let valid = 0;
    for (const legacy of keyPatterns) {
      let key: string;
      try {
        key = normalizeKey(legacy);
      } catch (error) {
        if (!(error instanceof InvalidKeyError)) throw error;
        invalid.push(legacy);
        continue;
      }
      valid++;
      normalized.set(legacy, key);
      this.#reads.set(key, (this.#reads.get(key) ?? 0) + 1); // the log is what was read
      const query = legacy.indexOf('?');
      if (query >= 0) for (const pair of legacy.slice(query + 1).split('&')) if (pair) params.add(pair.split('=')[0]!.trim());
    }
    const distinct = new Set(normalized.values()).size;
    return { normalized, invalid, distinct, duplication: distinct === 0 ? 1 : valid / distinct, volatileParams: [...params].sort() };
  }

  async read(key: string): Promise<string> {
    const item = normalizeKey(key);
    this.#observe(item);
    let stored: Buffer | null = null;
    try {
      stored = await this.#cache.getBuffer(item);
    } catch {
      stored = null; // a cache that fails is a miss, not an error for the reader
    }
    if (stored) return decodeValue(stored);
    const value = await this.#source.load(item);
    await this.#store(item, value);
    return value;
  }

  async write(key: string): Promise<void> {
    const item = normalizeKey(key);
    await this.#source.write(item);
    // Write-through: the next reader of a just-written item (the common case) finds the new value.
    await this.#store(item, await this.#source.load(item));
  }

  async warmCache(keysToWarm: readonly string[]): Promise<WarmReport> {
    const report: WarmReport = { warmed: [], skipped: [], failed: [], invalid: [] };
    const items: string[] = [];
    for (const legacy of keysToWarm) {
      try {
        items.push(normalizeKey(legacy));
      } catch (error) {
        if (!(error instanceof InvalidKeyError)) throw error;
        report.invalid.push(legacy);
      }
    }
    const unique = [...new Set(items)];
    const missing = await this.#missing(unique);
    report.skipped.push(...unique.filter((k) => !missing.includes(k)));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < missing.length) {
        const item = missing[next++]!;
        const outcome = await this.#loadWithin(item, this.#options.warmTimeoutMs);
        if (outcome.ok) report.warmed.push(item);
        else report.failed.push({ key: item, error: outcome.error });
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#options.warmConcurrency, missing.length) }, worker));
    return report;
  }

  async implementPredictiveCaching(userId: string | number): Promise<string[]> {
    const id = encodeId(String(userId).normalize('NFKC').trim());
    if (id === '') throw new InvalidKeyError(userId, 'the user id is empty');
    this.#sessions.set(id, { startedAt: this.#readCount, read: new Set() });
    this.#sessionCount++;
    if (this.#sessionCount <= MIN_SESSIONS) return [];
    const resources = [...this.#sessionReads].filter(([, n]) => n / (this.#sessionCount - 1) >= PRELOAD_SHARE).map(([r]) => r);
    const keys = resources.map((r) => `user:${id}:${r}`);
    const missing = await this.#missing(keys);
    const loaded = await Promise.all(missing.map(async (k) => ((await this.#loadWithin(k, this.#options.warmTimeoutMs)).ok ? k : null)));
    return loaded.filter((k): k is string => k !== null);
  }

  async optimizeEvictionPolicy(): Promise<EvictionPlan> {
    // Skew of what was read: the share of reads that went to the 10% most read items.
    const counts = [...this.#reads.values()].sort((a, b) => b - a);
    const total = counts.reduce((a, b) => a + b, 0);
    const head = counts.slice(0, Math.max(1, Math.ceil(counts.length / 10))).reduce((a, b) => a + b, 0);
    const skew = total === 0 ? 1 : head / total;
    const policy = skew >= 0.5 ? 'allkeys-lfu' : 'allkeys-lru';
    await this.#cache.config('SET', 'maxmemory-policy', policy);
    this.#ttl = { ...TTL_SECONDS };
    const share = total === 0 ? 'no reads seen yet, the platform is known to be Zipf-skewed' : `the top 10% of items drew ${Math.round(skew * 100)}% of reads`;
    return {
      policy,
      ttlSeconds: { ...this.#ttl },
      reason: `${policy}: ${share}, so frequency predicts the next read better than recency; long TTLs because writes go through the cache.`,
    };
  }

  partitionOf(key: string): Partition {
    return partitionOf(key, this.#options.partitions);
  }

  /** Counts a read for the policy and for the session (if any) of the item's user. */
  #observe(item: string): void {
    this.#readCount++;
    this.#reads.set(item, (this.#reads.get(item) ?? 0) + 1);
    const { id, resource } = splitNormalized(item);
    const session = this.#sessions.get(id);
    if (!session) return;
    if (this.#readCount - session.startedAt > SESSION_WINDOW_READS) {
      this.#sessions.delete(id);
    } else if (!session.read.has(resource)) {
      session.read.add(resource);
      this.#sessionReads.set(resource, (this.#sessionReads.get(resource) ?? 0) + 1);
    }
  }

  /** The keys of `keys` that are not cached (one pipeline of EXISTS per 100 keys). */
  async #missing(keys: readonly string[]): Promise<string[]> {
    const missing: string[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      const batch = keys.slice(i, i + 100);
      const pipeline = this.#cache.pipeline();
      for (const k of batch) pipeline.exists(k);
      const replies = (await pipeline.exec()) ?? [];
      batch.forEach((k, j) => {
        if (replies[j]?.[1] !== 1) missing.push(k);
      });
    }
    return missing;
  }

  /** Loads and stores `item`; gives up waiting after `ms` (the value is still stored when it arrives). */
  async #loadWithin(item: string, ms: number): Promise<{ ok: true } | { ok: false; error: Error }> {
    const work = this.#source.load(item).then((value) => this.#store(item, value));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
    try {
      const outcome = await Promise.race([work.then(() => 'done' as const), timeout]);
      if (outcome === 'timeout') {
        work.catch(() => undefined); // it may still fail later: nobody is waiting for it
        return { ok: false, error: new WarmTimeoutError(item, ms) };
      }
      return { ok: true };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stores a value compressed, with its type's TTL; a failed cache write only costs a later miss. */
  async #store(item: string, value: string): Promise<void> {
    try {
      await this.#cache.set(item, encodeValue(value), 'EX', this.#ttl[splitNormalized(item).type]);
    } catch {
      // e.g. OOM under noeviction: the reader already has its value
    }
  }
}
