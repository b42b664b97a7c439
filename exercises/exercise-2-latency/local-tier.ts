/**
 * Exercise 2, part 1: the local tier — an in-process cache in front of Redis for the hottest
 * values. A hit costs no round trip, no bytes and no decoding. Read README.md first; hints are in
 * README.md, "Hints: LocalTier".
 *
 * Time is Date.now() (the kit fakes it in simulations, so a 5-second TTL costs no real time).
 */
import { resolveLocalTierOptions } from '../../lib/exercises/exercise-2-latency/options.js';
import type { LocalTierApi, LocalTierOptions } from '../../lib/exercises/exercise-2-latency/types.js';

/** A bounded, expiring, least-recently-used in-process cache. */
export class LocalTier<V = unknown> implements LocalTierApi<V> {
  readonly #options: LocalTierOptions;
  // TODO: add the entries (value, size in bytes, expiry) and the running total of bytes.

  constructor(options: LocalTierOptions) {
    this.#options = resolveLocalTierOptions(options); // validation (given)
  }

  /**
   * The value of `key` while it is fresh (set less than `ttlMs` ago), else undefined (and forget
   * it). A hit makes the entry the most recently used.
   */
  get(key: string): V | undefined {
    // TODO: look up, check the expiry, refresh the recency.
    throw new Error(`TODO: LocalTier.get("${key}") is not implemented yet → npm run hint exercise-2 LocalTier`);
  }

  /**
   * Keeps `value`, which takes `bytes` bytes, replacing any entry of `key`. Then evicts the least
   * recently used entries until at most `maxEntries` entries and `maxBytes` bytes are held.
   * Returns false (and keeps nothing) when the value alone is larger than `maxBytes`, or the tier
   * is turned off (`ttlMs` or `maxEntries` 0). Throws InvalidOptionError naming the option `bytes`
   * for a negative size.
   */
  set(key: string, value: V, bytes: number): boolean {
    // TODO: insert, then evict from the least recently used end.
    throw new Error(
      `TODO: LocalTier.set("${key}", …, ${bytes}) is not implemented yet (maxBytes ${this.#options.maxBytes}) → npm run hint exercise-2 LocalTier`,
    );
  }

  /** Forgets `key`; true if it was held. */
  delete(key: string): boolean {
    // TODO: remove the entry and its bytes.
    throw new Error(`TODO: LocalTier.delete("${key}") is not implemented yet → npm run hint exercise-2 LocalTier`);
  }

  /** Forgets everything. */
  clear(): void {
    // TODO: empty the tier.
    throw new Error('TODO: LocalTier.clear is not implemented yet → npm run hint exercise-2 LocalTier');
  }

  /** Entries held (expired ones not yet removed may count). */
  get size(): number {
    // TODO: the number of entries.
    throw new Error('TODO: LocalTier.size is not implemented yet → npm run hint exercise-2 LocalTier');
  }

  /** Bytes held: the `bytes` of every entry added up. */
  get bytes(): number {
    // TODO: the running total.
    throw new Error('TODO: LocalTier.bytes is not implemented yet → npm run hint exercise-2 LocalTier');
  }
}
