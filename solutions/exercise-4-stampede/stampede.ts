/**
 * Cache stampede prevention (reference solution). Four defences, one per seed method:
 * - preventStampede: a missing key is loaded by one lock holder across every instance; the
 *   others wait for its value (and take over if it dies);
 * - implementProbabilisticExpiration: XFetch, so a hot key is recomputed a little before it
 *   expires instead of by everyone the moment it does;
 * - backgroundRefresh: stale-while-revalidate, so readers of an expired key are not kept waiting;
 * - handleRefreshFailure: the stale value while one exists, a typed error when none does.
 * `get` combines them: it is what the app (and the load check) calls.
 */
import type { CacheClient, DataSource } from '../../lib/backends/types.js';
import { InvalidValueError, LockTimeoutError, RefreshFailedError } from '../../lib/exercises/exercise-4-stampede/errors.js';
import { assertKey, assertTtl, resolveStampedeOptions, type ResolvedStampedeOptions } from '../../lib/exercises/exercise-4-stampede/options.js';
import type {
  CircuitBreakerApi,
  Lock,
  LockManagerApi,
  Refresh,
  StampedeOptions,
  StampedePreventionApi,
} from '../../lib/exercises/exercise-4-stampede/types.js';
import { CircuitBreaker } from './circuit-breaker.js';

// Values live in hashes under their own prefix, so a user key such as "lock:a" can never land on
// a lock key. Fields: v value, d delta (ms the last recompute took), e soft expiry (epoch ms),
// f fencing token of the writer.
const VALUE_PREFIX = 'cache:';

// The fencing check (Kleppmann): the store refuses a write whose token is older than the one it
// already holds, so a holder that was paused past its lock's expiry cannot overwrite the value a
// newer holder wrote meanwhile. It must run in Redis, atomically with the write.
const WRITE = `local stored = tonumber(redis.call('HGET', KEYS[1], 'f'))
if stored and stored > tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'd', ARGV[3], 'e', ARGV[4], 'f', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

interface Entry<V> {
  value: V;
  delta: number;
  expiresAt: number;
  fence: number;
}

/** Read-through cache that loads each expired key once, whatever the number of callers. */
export class CacheStampedePrevention<V = unknown> implements StampedePreventionApi<V> {
  readonly #cache: CacheClient;
  readonly #source: DataSource<V>;
  readonly #locks: LockManagerApi;
  readonly #options: ResolvedStampedeOptions;
  readonly #breaker: CircuitBreakerApi;
  /** Keys this instance is waiting on: its callers share one wait instead of polling each. */
  readonly #waiting = new Map<string, Promise<V>>();
  /** Background refreshes this instance started, for `drain`. */
  readonly #refreshing = new Map<string, Promise<void>>();

  constructor(cache: CacheClient, dataSource: DataSource<V>, lockManager: LockManagerApi, options: StampedeOptions = {}) {
    this.#cache = cache;
    this.#source = dataSource;
    this.#locks = lockManager;
    this.#options = resolveStampedeOptions(options);
    this.#breaker = this.#options.circuitBreaker ?? new CircuitBreaker();
  }

  /** The value of `key`: cached, stale while it is refreshed in the background, or loaded once. */
  async get(key: string): Promise<V> {
    assertKey(key);
    const entry = await this.#read(key);
    if (!entry) return this.#loadMissing(key, this.#options.ttlMs);
    // Stale or picked for early recompute: answer now with what we have, refresh behind.
    if (this.#shouldRecompute(entry)) void this.#refreshInBackground(key, this.#loader(key), entry);
    return entry.value;
  }

  /** The value of `key`, calling `refresh` at most once across all instances while it is missing or expired. */
  async preventStampede(key: string, refresh: Refresh<V>): Promise<V> {
    assertKey(key);
    return this.#coalesced(key, refresh, this.#options.ttlMs);
  }

  /** XFetch read-through: recomputes `key` in this call when it is missing or the early-expiry draw fires. */
  async implementProbabilisticExpiration(key: string, ttlMs: number): Promise<V> {
    assertKey(key);
    assertTtl('implementProbabilisticExpiration', ttlMs);
    const entry = await this.#read(key);
    if (!entry) return this.#loadMissing(key, ttlMs);
    if (!this.#shouldRecompute(entry)) return entry.value;
    // Another instance already recomputing: the current value is good enough for this read.
    const lock = await this.#locks.acquire(key);
    if (!lock) return entry.value;
    try {
      return await this.#refreshHolding(key, lock, this.#loader(key), ttlMs, entry);
    } catch (error) {
      return this.handleRefreshFailure(key, error);
    }
  }

  /** Starts refreshing `key` in the background unless someone already is; true if this call started it. */
  async backgroundRefresh(key: string, refresh: Refresh<V>): Promise<boolean> {
    assertKey(key);
    return this.#refreshInBackground(key, refresh, await this.#read(key));
  }

  /** What a caller gets when refreshing `key` failed: the stale value, or RefreshFailedError. */
  async handleRefreshFailure(key: string, error: unknown): Promise<V> {
    assertKey(key);
    const entry = await this.#read(key); // stale entries stay readable for staleMs past expiry
    if (entry) return entry.value;
    throw new RefreshFailedError(key, error);
  }

  /** Resolves once every background refresh this instance started has finished. */
  async drain(): Promise<void> {
    while (this.#refreshing.size > 0) await Promise.allSettled([...this.#refreshing.values()]);
  }

  async #loadMissing(key: string, ttlMs: number): Promise<V> {
    try {
      return await this.#coalesced(key, this.#loader(key), ttlMs);
    } catch (error) {
      return this.handleRefreshFailure(key, error);
    }
  }

  #coalesced(key: string, refresh: Refresh<V>, ttlMs: number): Promise<V> {
    let pending = this.#waiting.get(key);
    if (!pending) {
      pending = this.#lockedRefresh(key, refresh, ttlMs).finally(() => this.#waiting.delete(key));
      this.#waiting.set(key, pending);
    }
    return pending;
  }

  /** Wait loop: return a fresh value as soon as one appears, or take the lock and load it. */
  async #lockedRefresh(key: string, refresh: Refresh<V>, ttlMs: number): Promise<V> {
    const deadline = Date.now() + this.#options.waitMs;
    for (let attempt = 0; ; attempt++) {
      const seen = await this.#read(key);
      if (seen && Date.now() < seen.expiresAt) return seen.value;
      const lock = await this.#locks.acquire(key);
      if (lock) return this.#refreshHolding(key, lock, refresh, ttlMs, seen);
      const left = deadline - Date.now();
      if (left <= 0) throw new LockTimeoutError(key, this.#options.waitMs);
      // Backoff, not a busy loop: a holder that dies is replaced once its lock expires.
      await sleep(Math.min(left, this.#locks.retryDelayMs(attempt)));
    }
  }

  /** Loads and writes `key` while holding `lock`; `seen` is the entry read before locking. */
  async #refreshHolding(key: string, lock: Lock, refresh: Refresh<V>, ttlMs: number, seen: Entry<V> | undefined): Promise<V> {
    const stopWatchdog = this.#keepAlive(lock);
    try {
      // Double-check: another holder may have refreshed between our read and our lock.
      const current = await this.#read(key);
      if (current && (seen ? current.fence !== seen.fence : Date.now() < current.expiresAt)) return current.value;
      const started = Date.now();
      const value = await this.#breaker.execute(refresh);
      await this.#write(key, value, lock.fence, Date.now() - started, ttlMs);
      return value;
    } finally {
      stopWatchdog();
      await this.#locks.release(lock);
    }
  }

  /**
   * Extends the lock every third of its TTL while the holder is alive, so a slow source does not
   * let a second loader in. A holder that dies (or is paused) stops extending and loses the lock
   * within one TTL; the fencing token covers what it might still write afterwards.
   */
  #keepAlive(lock: Lock): () => void {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async (): Promise<void> => {
      const held = await this.#locks.extend(lock).catch(() => false);
      if (held && !stopped) timer = setTimeout(() => void tick(), lock.ttlMs / 3);
    };
    timer = setTimeout(() => void tick(), lock.ttlMs / 3);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }

  #refreshInBackground(key: string, refresh: Refresh<V>, seen: Entry<V> | undefined): Promise<boolean> {
    if (this.#refreshing.has(key)) return Promise.resolve(false);
    const attempt = this.#locks.acquire(key).catch(() => null); // one attempt: no waiting in the background
    const task = attempt
      .then(async (lock) => {
        if (!lock) return;
        await this.#refreshHolding(key, lock, refresh, this.#options.ttlMs, seen)
          .catch((error: unknown) => this.handleRefreshFailure(key, error))
          .catch(() => undefined); // nobody awaits a background refresh: never an unhandled rejection
      })
      .finally(() => this.#refreshing.delete(key));
    this.#refreshing.set(key, task);
    return attempt.then((lock) => lock !== null);
  }

  /** XFetch (Vattani et al., VLDB 2015): recompute when now − delta·beta·ln(rand) ≥ expiry. */
  #shouldRecompute(entry: Entry<V>): boolean {
    const now = Date.now();
    if (now >= entry.expiresAt) return true;
    const gap = entry.delta * this.#options.beta;
    // −ln(rand) is exponential with mean 1: mostly small, sometimes large, so among many readers
    // one recomputes somewhat early and the rest keep reading. Longer recomputes start earlier.
    return gap > 0 && now - gap * Math.log(this.#options.random()) >= entry.expiresAt;
  }

  async #write(key: string, value: V, fence: number, delta: number, ttlMs: number): Promise<boolean> {
    const { jitter, staleMs, random } = this.#options;
    // Jitter: keys written together expire spread over ttl·(1 ± jitter), not all at once.
    const ttl = ttlMs * (1 + jitter * (2 * random() - 1));
    const expiresAt = Date.now() + ttl;
    const args = [String(fence), encode(key, value), String(delta), String(expiresAt), String(Math.ceil(ttl + staleMs))];
    return (await this.#cache.eval(WRITE, 1, VALUE_PREFIX + key, ...args)) === 1;
  }

  async #read(key: string): Promise<Entry<V> | undefined> {
    const [v, d, e, f] = await this.#cache.hmget(VALUE_PREFIX + key, 'v', 'd', 'e', 'f');
    if (v == null || e == null) return undefined;
    return { value: decode(v) as V, delta: Number(d), expiresAt: Number(e), fence: Number(f) };
  }

  #loader(key: string): Refresh<V> {
    return () => this.#source.load(key);
  }
}

// An envelope, so that null, '' and undefined are cached values rather than "not cached".
function encode(key: string, value: unknown): string {
  if (value === undefined) return 'u';
  const json = JSON.stringify(value);
  if (json === undefined) throw new InvalidValueError(key, value);
  return `j${json}`;
}

function decode(stored: string): unknown {
  return stored === 'u' ? undefined : JSON.parse(stored.slice(1));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
