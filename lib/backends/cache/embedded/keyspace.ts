/**
 * The embedded server's keyspace: values, expiry times and the memory budget, behind the
 * `data` / `expires` interfaces ioredis-mock's command implementations call, so every write
 * (direct, pipelined or from a Lua script) is sized and can be evicted.
 *
 * Expiry follows Redis: a key is expired once now > its expiry time; lookups delete expired
 * keys (lazy expiry) and `sweep()` before each command removes every key already due (an
 * idealised active expiry, where Redis samples 20 keys ten times a second).
 */
import { entryBytes, type StoredValue } from '../../../sim/memory-model.js';
import type { MemoryBudget } from '../../../sim/memory-budget.js';
import { ExpiryHeap } from './expiry-heap.js';

/** The `data` interface ioredis-mock commands use. */
export interface DataAdapter {
  get(key: string): StoredValue | undefined;
  has(key: string): boolean;
  set(key: string, value: StoredValue): void;
  delete(key: string): void;
  keys(): string[];
  clear(): void;
  withKeyPrefix(prefix: string): DataAdapter;
}

/** The `expires` interface ioredis-mock commands use. */
export interface ExpiresAdapter {
  get(key: string): number | undefined;
  set(key: string, at: number): void;
  has(key: string): boolean;
  isExpired(key: string): boolean;
  delete(key: string): void;
  clear(): void;
  withKeyPrefix(prefix: string): ExpiresAdapter;
}

// ioredis-mock hands out copies of mutable values and expects them to be written back.
function copy(value: StoredValue): StoredValue {
  if (Array.isArray(value)) return value.slice();
  if (Buffer.isBuffer(value)) return Buffer.from(value);
  if (value instanceof Set) return new Set(value);
  if (value instanceof Map) return new Map(value);
  if (typeof value === 'object') return { ...value };
  return value;
}

/** Values, TTLs, memory and per-key versions (for WATCH) of one embedded server. */
export class Keyspace {
  /** Keys removed because their TTL passed. */
  expiredKeys = 0;
  /** Keys removed by maxmemory eviction. */
  evictedKeys = 0;
  readonly data: DataAdapter;
  readonly expires: ExpiresAdapter;
  #values = new Map<string, StoredValue>();
  #expireAt = new Map<string, number>();
  #heap = new ExpiryHeap();
  // Versions are kept only for watched keys, so a long simulation does not remember every key.
  #watched = new Map<string, { version: number; refs: number }>();
  #epoch = 0;

  constructor(
    readonly budget: MemoryBudget,
    readonly now: () => number = () => Date.now(),
  ) {
    const data: DataAdapter = {
      get: (key) => {
        const value = this.get(key);
        return value === undefined ? undefined : copy(value);
      },
      has: (key) => this.has(key),
      set: (key, value) => this.write(key, copy(value)),
      delete: (key) => void this.remove(key),
      keys: () => this.keys(),
      clear: () => this.flush(),
      withKeyPrefix: () => data,
    };
    const expires: ExpiresAdapter = {
      get: (key) => this.#expireAt.get(key),
      set: (key, at) => this.setExpire(key, Number(at)),
      has: (key) => this.#expireAt.has(key),
      isExpired: (key) => this.#isDue(key),
      delete: (key) => this.setExpire(key, undefined),
      clear: () => undefined,
      withKeyPrefix: () => expires,
    };
    this.data = data;
    this.expires = expires;
  }

  /** Number of live keys. */
  get size(): number {
    return this.#values.size;
  }

  /** Number of keys with a TTL. */
  get volatileSize(): number {
    return this.#expireAt.size;
  }

  /** True when `key` exists (expiring it first if due). */
  has(key: string): boolean {
    this.#expireIfDue(key);
    return this.#values.has(key);
  }

  /** The stored value (not a copy: do not mutate), expiring the key first if due. */
  get(key: string): StoredValue | undefined {
    this.#expireIfDue(key);
    return this.#values.get(key);
  }

  /** Stores `value` under `key`, keeping its TTL. */
  write(key: string, value: StoredValue): void {
    this.#expireIfDue(key);
    this.#values.set(key, value);
    this.budget.set(key, entryBytes(key, value));
    this.#bump(key);
  }

  /** Deletes `key`; true if it existed. */
  remove(key: string): boolean {
    this.#expireIfDue(key);
    if (!this.#values.delete(key)) return false;
    this.#expireAt.delete(key);
    this.budget.delete(key);
    this.#bump(key);
    return true;
  }

  /** Expiry time of `key` in ms since the epoch, if it has one. */
  expireAt(key: string): number | undefined {
    this.#expireIfDue(key);
    return this.#expireAt.get(key);
  }

  /** Sets (or with `undefined` clears) the expiry time of an existing key. */
  setExpire(key: string, at: number | undefined): void {
    if (!this.#values.has(key)) return;
    if (at === undefined) {
      if (this.#expireAt.delete(key)) this.budget.setExpire(key, undefined);
      return;
    }
    this.#expireAt.set(key, at);
    this.budget.setExpire(key, at);
    this.#heap.push({ at, key });
    if (this.#heap.size > 4 * (this.#expireAt.size + 256)) this.#rebuildHeap();
    this.#bump(key);
  }

  /** Live keys. */
  keys(): string[] {
    this.sweep();
    return [...this.#values.keys()];
  }

  /** Removes every key already due (active expiry). */
  sweep(): void {
    const now = this.now();
    for (let top = this.#heap.peek(); top && top.at < now; top = this.#heap.peek()) {
      this.#heap.pop();
      if (this.#expireAt.get(top.key) === top.at) this.#expireIfDue(top.key);
    }
  }

  /** Runs maxmemory eviction; returns false when memory is still over the limit (OOM). */
  evict(): boolean {
    const { evicted, oom } = this.budget.performEvictions();
    for (const key of evicted) {
      this.#values.delete(key);
      this.#expireAt.delete(key);
      this.#bump(key);
    }
    this.evictedKeys += evicted.length;
    return !oom;
  }

  /** FLUSHALL. */
  flush(): void {
    this.#values.clear();
    this.#expireAt.clear();
    this.#heap.clear();
    this.budget.clear();
    this.#epoch += 1;
  }

  /** Starts tracking `key` for WATCH; returns its current version token. */
  watch(key: string): string {
    const entry = this.#watched.get(key) ?? { version: 0, refs: 0 };
    entry.refs += 1;
    this.#watched.set(key, entry);
    return this.version(key);
  }

  /** Stops tracking `key` for one watcher. */
  unwatch(key: string): void {
    const entry = this.#watched.get(key);
    if (entry && --entry.refs <= 0) this.#watched.delete(key);
  }

  /** A token that changes whenever a watched `key` is written, deleted, expired or evicted. */
  version(key: string): string {
    this.#expireIfDue(key);
    return `${this.#epoch}:${this.#watched.get(key)?.version ?? 0}`;
  }

  #bump(key: string): void {
    const entry = this.#watched.get(key);
    if (entry) entry.version += 1;
  }

  #rebuildHeap(): void {
    this.#heap.clear();
    for (const [key, at] of this.#expireAt) this.#heap.push({ at, key });
  }

  #isDue(key: string): boolean {
    const at = this.#expireAt.get(key);
    return at !== undefined && this.now() > at;
  }

  #expireIfDue(key: string): void {
    if (!this.#isDue(key)) return;
    this.#values.delete(key);
    this.#expireAt.delete(key);
    this.budget.delete(key);
    this.#bump(key);
    this.expiredKeys += 1;
  }
}
