/**
 * Exercise 3's baseline: the cache as the seed found it. No detection, no sharding, no local tier:
 * every read and write goes to the node that owns the key, so the 5% of keys that draw 80% of the
 * traffic draw 80% of the backend's too, and the node holding the hottest key works hardest.
 */
import type { HotKeyCache, HotKeyMetrics, HotKeyMitigatorApi, HotKeyOptions } from '../../../../lib/exercises/exercise-3-hot-keys/types.js';

/** A pass-through to the cluster. */
export class HotKeyMitigator implements HotKeyMitigatorApi {
  readonly #cache: HotKeyCache;

  constructor(cache: HotKeyCache, _options: HotKeyOptions = {}) {
    this.#cache = cache;
  }

  /** Reads the primary. */
  get(key: string): Promise<string | null> {
    return this.#cache.get(key);
  }

  /** Writes the primary. */
  async set(key: string, value: string): Promise<void> {
    await this.#cache.set(key, value);
  }

  /** Detects nothing. */
  async detectHotKeys(): Promise<string[]> {
    return [];
  }

  /** Does nothing. */
  async mitigateHotKey(_key: string): Promise<void> {}

  /** Makes no replicas. */
  async implementKeySharding(_key: string): Promise<string[]> {
    return [];
  }

  /** Keeps nothing. */
  addLocalCaching(_key: string, _value: string): void {}

  /** Nothing to undo. */
  async coolDownHotKey(_key: string): Promise<void> {}

  /** All zero. */
  getMetrics(): HotKeyMetrics {
    return { hotKeys: [], detectorEntries: 0, localEntries: 0, localHits: 0, replicaReads: 0, alerts: 0 };
  }
}
