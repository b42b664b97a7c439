/**
 * Exercise 4's baseline: naive cache-aside with the exercise's API, the "before" picture of seed
 * 002 ("frequent stampedes during peak hours"). A miss loads from the source in every caller that
 * sees it, every key lives exactly ttlMs, nothing stale is kept, failures reach the caller.
 */
import type { CacheClient, DataSource } from '../../../../lib/backends/types.js';
import { resolveStampedeOptions, type ResolvedStampedeOptions } from '../../../../lib/exercises/exercise-4-stampede/options.js';
import type { LockManagerApi, Refresh, StampedeOptions, StampedePreventionApi } from '../../../../lib/exercises/exercise-4-stampede/types.js';

/** Naive cache-aside: GET, and on a miss load and SET with a fixed TTL. */
export class CacheStampedePrevention<V = unknown> implements StampedePreventionApi<V> {
  readonly #cache: CacheClient;
  readonly #source: DataSource<V>;
  readonly #options: ResolvedStampedeOptions;

  constructor(cache: CacheClient, dataSource: DataSource<V>, _lockManager: LockManagerApi, options: StampedeOptions = {}) {
    this.#cache = cache;
    this.#source = dataSource;
    this.#options = resolveStampedeOptions(options);
  }

  /** GET, or load and SET on a miss. */
  get(key: string): Promise<V> {
    return this.#readThrough(key, () => this.#source.load(key), this.#options.ttlMs);
  }

  /** The same read-through with the caller's refresh: no lock, so every caller refreshes. */
  preventStampede(key: string, refresh: Refresh<V>): Promise<V> {
    return this.#readThrough(key, refresh, this.#options.ttlMs);
  }

  /** No early expiration: a plain read-through with `ttlMs`. */
  implementProbabilisticExpiration(key: string, ttlMs: number): Promise<V> {
    return this.#readThrough(key, () => this.#source.load(key), ttlMs);
  }

  /** Refreshes in the foreground, always. */
  async backgroundRefresh(key: string, refresh: Refresh<V>): Promise<boolean> {
    await this.#write(key, await refresh(), this.#options.ttlMs);
    return true;
  }

  /** No fallback: the failure reaches the caller. */
  async handleRefreshFailure(_key: string, error: unknown): Promise<V> {
    throw error;
  }

  /** Nothing runs in the background. */
  async drain(): Promise<void> {}

  async #readThrough(key: string, refresh: Refresh<V>, ttlMs: number): Promise<V> {
    const cached = await this.#cache.get(`cache:${key}`);
    if (cached !== null) return JSON.parse(cached) as V;
    const value = await refresh();
    await this.#write(key, value, ttlMs);
    return value;
  }

  async #write(key: string, value: V, ttlMs: number): Promise<void> {
    await this.#cache.set(`cache:${key}`, JSON.stringify(value ?? null), 'PX', Math.ceil(ttlMs));
  }
}
