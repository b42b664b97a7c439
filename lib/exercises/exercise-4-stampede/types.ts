/**
 * The contract of exercise 4 (given code): the shapes the student's three classes must have. The
 * stubs, the reference solution and the grader's baseline all implement these interfaces, the
 * tests and the load check are written against them, and `tsc` checks that they agree.
 */
import type { CacheClient, DataSource } from '../../backends/types.js';

/** A held lock. Keep it: `release` and `extend` need it to prove ownership. */
export interface Lock {
  /** What is locked (exercise 4 locks the cache key itself). */
  readonly resource: string;
  /** Unique per acquisition; only the holder knows it. */
  readonly token: string;
  /** Fencing token: strictly greater for every later acquisition of the same resource. */
  readonly fence: number;
  /** How long the lock lives unless extended, in ms. */
  readonly ttlMs: number;
}

/** Options of the LockManager constructor. */
export interface LockManagerOptions {
  /** Lock lifetime in ms unless extended. Default 5,000. */
  ttlMs?: number;
  /** First retry delay in ms when waiting for a lock. Default 10. */
  retryBaseMs?: number;
  /** Largest retry delay in ms (keep it well below ttlMs). Default 200. */
  retryMaxMs?: number;
  /** Prefix of the lock keys in the cache. Default `lock:`. */
  prefix?: string;
  /** Random numbers in [0, 1) for the retry jitter. Default Math.random. */
  random?: () => number;
}

/** Options of one acquire call. */
export interface AcquireOptions {
  /** Lifetime of this lock in ms. Default: the manager's ttlMs. */
  ttlMs?: number;
  /** How long to keep retrying while someone else holds the lock. Default 0: one attempt. */
  waitMs?: number;
}

/** A distributed lock on the cache; see exercises/exercise-4-stampede/lock-manager.ts. */
export interface LockManagerApi {
  readonly ttlMs: number;
  acquire(resource: string, options?: AcquireOptions): Promise<Lock | null>;
  release(lock: Lock): Promise<boolean>;
  extend(lock: Lock, ttlMs?: number): Promise<boolean>;
  retryDelayMs(attempt: number): number;
}

/** The three states of a circuit breaker. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** Options of the CircuitBreaker constructor. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long the circuit stays open before one probe is let through, in ms. Default 5,000. */
  cooldownMs?: number;
}

/** A circuit breaker; see exercises/exercise-4-stampede/circuit-breaker.ts. */
export interface CircuitBreakerApi {
  readonly state: CircuitState;
  execute<T>(fn: () => T | Promise<T>): Promise<T>;
}

/** A refresh function: loads the current value of one key (may be sync or async, may throw). */
export type Refresh<V> = () => V | Promise<V>;

/** Options of the CacheStampedePrevention constructor. */
export interface StampedeOptions {
  /** How long a value stays fresh, in ms. Default 60,000. */
  ttlMs?: number;
  /** TTL jitter as a fraction: each write lives ttlMs × (1 ± jitter). Default 0.1. */
  jitter?: number;
  /** XFetch's beta: 0 never recomputes early, 1 is the paper's default, > 1 earlier. Default 1. */
  beta?: number;
  /** How long past its expiry a stale value is still served while it is refreshed, in ms. Default ttlMs. */
  staleMs?: number;
  /** How long a caller waits for another instance's refresh of a missing key, in ms. Default 10,000. */
  waitMs?: number;
  /** The breaker in front of the data source. Default: a new CircuitBreaker with its defaults. */
  circuitBreaker?: CircuitBreakerApi;
  /** Random numbers in [0, 1) for XFetch and jitter. Default Math.random. */
  random?: () => number;
}

/** Stampede prevention; see exercises/exercise-4-stampede/stampede.ts. */
export interface StampedePreventionApi<V = unknown> {
  get(key: string): Promise<V>;
  preventStampede(key: string, refresh: Refresh<V>): Promise<V>;
  implementProbabilisticExpiration(key: string, ttlMs: number): Promise<V>;
  backgroundRefresh(key: string, refresh: Refresh<V>): Promise<boolean>;
  handleRefreshFailure(key: string, error: unknown): Promise<V>;
  drain(): Promise<void>;
}

/** The three classes a submission exports (one per file), as the suites and the load check use them. */
export interface Exercise4Module {
  CacheStampedePrevention: new <V>(
    cache: CacheClient,
    dataSource: DataSource<V>,
    lockManager: LockManagerApi,
    options?: StampedeOptions,
  ) => StampedePreventionApi<V>;
  LockManager: new (cache: CacheClient, options?: LockManagerOptions) => LockManagerApi;
  CircuitBreaker: new (options?: CircuitBreakerOptions) => CircuitBreakerApi;
}
