/**
 * The local tier (reference solution): an in-process LRU cache with a bound on entries and on
 * bytes, and a TTL. A Map keeps insertion order, so re-inserting an entry on every hit makes its
 * first key the least recently used one: eviction is O(1) without a linked list of our own.
 */
import { InvalidOptionError } from '../../lib/exercises/exercise-2-latency/errors.js';
import { resolveLocalTierOptions } from '../../lib/exercises/exercise-2-latency/options.js';
import type { LocalTierApi, LocalTierOptions } from '../../lib/exercises/exercise-2-latency/types.js';

interface Entry<V> {
  value: V;
  bytes: number;
  expiresAt: number;
}

/** A bounded, expiring, least-recently-used in-process cache. */
export class LocalTier<V = unknown> implements LocalTierApi<V> {
  readonly #options: LocalTierOptions;
  readonly #entries = new Map<string, Entry<V>>();
  #bytes = 0;

  constructor(options: LocalTierOptions) {
    this.#options = resolveLocalTierOptions(options);
  }

  /** The value while it is fresh; a hit makes it the most recently used. */
  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (Date.now() >= entry.expiresAt) {
      this.delete(key);
      return undefined;
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` (of `bytes` bytes), evicting the least recently used beyond the bounds; false if it cannot fit at all. */
  set(key: string, value: V, bytes: number): boolean {
    if (typeof bytes !== 'number' || !Number.isFinite(bytes) || bytes < 0) {
      throw new InvalidOptionError('LocalTier.set', 'bytes', bytes, 'the size of the value in bytes (a number ≥ 0)');
    }
    this.delete(key);
    const { maxBytes, maxEntries, ttlMs } = this.#options;
    if (ttlMs === 0 || maxEntries === 0 || bytes > maxBytes) return false;
    this.#entries.set(key, { value, bytes, expiresAt: Date.now() + ttlMs });
    this.#bytes += bytes;
    for (const [oldest, entry] of this.#entries) {
      if (this.#entries.size <= maxEntries && this.#bytes <= maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.bytes;
    }
    return true;
  }

  delete(key: string): boolean {
    const entry = this.#entries.get(key);
    if (!entry) return false;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
    return true;
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  get size(): number {
    return this.#entries.size;
  }

  get bytes(): number {
    return this.#bytes;
  }
}
