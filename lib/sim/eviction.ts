/**
 * Redis's `maxmemory` eviction, rebuilt as a pure data structure over key metadata (sizes, the
 * 24-bit LRU/LFU field, expiry times). It follows evict.c of Redis 7: sample `maxmemory-samples`
 * keys, keep the best candidates in a 16-entry eviction pool, evict from its far end; LRU idle
 * time on a 1-second clock; LFU as a logarithmic 8-bit counter with decay. Sampling draws keys
 * uniformly with a seeded generator where Redis walks random hash buckets.
 */
import { createRng, type Rng } from '../workload/rng.js';
import { EvictionPool } from './eviction-pool.js';
import { KeyIndex } from './key-index.js';
import { LfuField, LRU_CLOCK_MAX, lruClock } from './lfu.js';

/** Every `maxmemory-policy` Redis 7 accepts. */
export const EVICTION_POLICIES = [
  'volatile-lru',
  'volatile-lfu',
  'volatile-random',
  'volatile-ttl',
  'allkeys-lru',
  'allkeys-lfu',
  'allkeys-random',
  'noeviction',
] as const;

/** A `maxmemory-policy`. */
export type EvictionPolicy = (typeof EVICTION_POLICIES)[number];

/** True when `value` names a policy Redis accepts. */
export function isEvictionPolicy(value: string): value is EvictionPolicy {
  return (EVICTION_POLICIES as readonly string[]).includes(value);
}

/** The eviction settings of a budget (CONFIG SET changes them at run time). */
export interface EvictionConfig {
  /** Limit in bytes; 0 = none. */
  maxmemory: number;
  policy: EvictionPolicy;
  /** Keys sampled per eviction (`maxmemory-samples`, default 5). */
  samples: number;
  /** `lfu-log-factor` (default 10). */
  lfuLogFactor: number;
  /** `lfu-decay-time` in minutes (default 1). */
  lfuDecayTime: number;
}

/** Options of {@link KeyBudget}. */
export interface KeyBudgetOptions extends Partial<EvictionConfig> {
  /** Clock in ms (LRU idle time, LFU decay, TTL order). Default Date.now, so fake timers drive it. */
  now?: () => number;
  /** Seed of the sampler, random policies and LFU increments. */
  seed?: number | string;
}

/** Which keys one eviction pass removed, and whether memory is still over the limit. */
export interface EvictionResult {
  evicted: string[];
  /** True when the limit is exceeded and nothing more could be evicted (writes then get OOM). */
  oom: boolean;
}

interface Meta {
  bytes: number;
  /** Redis's 24-bit `lru` field: LRU clock seconds, or (minutes << 8 | counter) under LFU. */
  lru: number;
  expireAt: number | undefined;
}

/**
 * Key metadata and the eviction decision of one Redis database. It does not hold values: the
 * caller reports sizes with `set`, accesses with `touch`, and removes what `evict` returns.
 */
export class KeyBudget {
  #config: EvictionConfig;
  #now: () => number;
  #rng: Rng;
  #meta = new Map<string, Meta>();
  #all = new KeyIndex();
  #volatile = new KeyIndex();
  #pool = new EvictionPool();
  #dataBytes = 0;

  constructor(options: KeyBudgetOptions = {}) {
    this.#config = {
      maxmemory: options.maxmemory ?? 0,
      policy: options.policy ?? 'noeviction',
      samples: options.samples ?? 5,
      lfuLogFactor: options.lfuLogFactor ?? 10,
      lfuDecayTime: options.lfuDecayTime ?? 1,
    };
    // Read Date.now at each call: fake timers replace it after this budget is built.
    this.#now = options.now ?? (() => Date.now());
    this.#rng = createRng(options.seed ?? 'cachelab-eviction');
  }

  /** Current settings. */
  get config(): Readonly<EvictionConfig> {
    return this.#config;
  }

  /** Changes settings, as CONFIG SET does (values are validated by the caller). */
  configure(change: Partial<EvictionConfig>): void {
    this.#config = { ...this.#config, ...change };
  }

  /** Bytes of all entries (keys, values, dict entries), without tables and base. */
  get dataBytes(): number {
    return this.#dataBytes;
  }

  /** Number of keys. */
  get size(): number {
    return this.#all.size;
  }

  /** Number of keys with a TTL. */
  get volatileSize(): number {
    return this.#volatile.size;
  }

  /** True when the key is tracked. */
  has(key: string): boolean {
    return this.#meta.has(key);
  }

  /** Expiry time (ms) recorded for `key`. */
  expireAtOf(key: string): number | undefined {
    return this.#meta.get(key)?.expireAt;
  }

  /** All tracked keys (do not modify). */
  keys(): readonly string[] {
    return this.#all.keys;
  }

  /**
   * Records a write of `key` taking `bytes`. A new key starts fresh (LFU counter 5); an
   * overwritten one keeps its LFU counter and gets a new LRU time, as dbOverwrite does.
   */
  set(key: string, bytes: number): void {
    const old = this.#meta.get(key);
    if (old) {
      this.#dataBytes += bytes - old.bytes;
      old.bytes = bytes;
      if (!this.#isLfu()) old.lru = lruClock(this.#now());
      return;
    }
    const lru = this.#isLfu() ? LfuField.initial(this.#now()) : lruClock(this.#now());
    this.#meta.set(key, { bytes, lru, expireAt: undefined });
    this.#all.add(key);
    this.#dataBytes += bytes;
  }

  /** Forgets `key`; returns the bytes it took (0 if unknown). */
  delete(key: string): number {
    const meta = this.#meta.get(key);
    if (!meta) return 0;
    this.#meta.delete(key);
    this.#all.delete(key);
    this.#volatile.delete(key);
    this.#dataBytes -= meta.bytes;
    return meta.bytes;
  }

  /** Sets or clears the expiry time (ms since epoch) of `key`. */
  setExpire(key: string, at: number | undefined): void {
    const meta = this.#meta.get(key);
    if (!meta) return;
    meta.expireAt = at;
    if (at === undefined) this.#volatile.delete(key);
    else this.#volatile.add(key);
  }

  /** Records a lookup of `key` (LRU: now; LFU: decay then a logarithmic increment). */
  touch(key: string): void {
    const meta = this.#meta.get(key);
    if (!meta) return;
    const now = this.#now();
    if (this.#isLfu()) {
      const counter = LfuField.decayed(meta.lru, now, this.#config.lfuDecayTime);
      meta.lru = LfuField.pack(now, LfuField.increment(counter, this.#config.lfuLogFactor, this.#rng.next()));
    } else {
      meta.lru = lruClock(now);
    }
  }

  /** OBJECT FREQ: the decayed LFU counter (meaningful only under an LFU policy). */
  frequency(key: string): number | undefined {
    const meta = this.#meta.get(key);
    return meta && LfuField.decayed(meta.lru, this.#now(), this.#config.lfuDecayTime);
  }

  /** OBJECT IDLETIME in seconds (meaningful only under a non-LFU policy). */
  idleSeconds(key: string): number | undefined {
    const meta = this.#meta.get(key);
    return meta && Math.floor(this.#idleMs(meta) / 1000);
  }

  /** Drops every key (FLUSHALL). The eviction pool keeps its ghosts, as in Redis. */
  clear(): void {
    this.#meta.clear();
    this.#all.clear();
    this.#volatile.clear();
    this.#dataBytes = 0;
  }

  /**
   * performEvictions: while `usedBytes()` exceeds maxmemory, evicts keys chosen by the policy
   * and removes them from this budget. `usedBytes` is re-read after each eviction.
   */
  evict(usedBytes: () => number): EvictionResult {
    const { maxmemory, policy } = this.#config;
    const evicted: string[] = [];
    if (maxmemory <= 0 || usedBytes() <= maxmemory) return { evicted, oom: false };
    if (policy === 'noeviction') return { evicted, oom: true };
    while (usedBytes() > maxmemory) {
      const key = this.#pickVictim();
      if (key === undefined) return { evicted, oom: true };
      this.delete(key);
      evicted.push(key);
    }
    return { evicted, oom: false };
  }

  #isLfu(): boolean {
    return this.#config.policy.endsWith('-lfu');
  }

  #idleMs(meta: Meta): number {
    const clock = lruClock(this.#now());
    return (clock >= meta.lru ? clock - meta.lru : clock + (LRU_CLOCK_MAX - meta.lru)) * 1000;
  }

  #pickVictim(): string | undefined {
    const { policy } = this.#config;
    const source = policy.startsWith('allkeys') ? this.#all : this.#volatile;
    if (source.size === 0) return undefined;
    if (policy.endsWith('-random')) return source.keys[this.#rng.int(source.size)];
    for (;;) {
      if (source.size === 0) return undefined;
      for (const key of this.#sample(source)) this.#pool.insert(key, this.#score(this.#meta.get(key)!));
      const victim = this.#pool.takeBest((key) => source.has(key));
      if (victim !== undefined) return victim;
    }
  }

  #score(meta: Meta): number {
    const { policy, lfuDecayTime } = this.#config;
    if (policy.endsWith('-lru')) return this.#idleMs(meta);
    if (policy.endsWith('-lfu')) return 255 - LfuField.decayed(meta.lru, this.#now(), lfuDecayTime);
    return Number.MAX_SAFE_INTEGER - (meta.expireAt ?? 0); // volatile-ttl: sooner expiry = better victim
  }

  // dictGetSomeKeys: up to `samples` distinct keys.
  #sample(source: KeyIndex): string[] {
    const n = source.size;
    const count = Math.min(this.#config.samples, n);
    const picked = new Set<number>();
    while (picked.size < count) picked.add(this.#rng.int(n));
    return [...picked].map((i) => source.keys[i]!);
  }
}
