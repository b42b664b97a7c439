/**
 * Defaults and validation of exercise 4's constructor options (given code, so the exercise is
 * about stampedes rather than argument checking). Each resolver returns every option filled in or
 * throws an InvalidOptionError naming the option and what it must be.
 */
import { InvalidKeyError, InvalidOptionError } from './errors.js';
import type { CircuitBreakerOptions, LockManagerOptions, StampedeOptions } from './types.js';

/** LockManager options with defaults filled in. */
export type ResolvedLockOptions = Required<LockManagerOptions>;
/** CircuitBreaker options with defaults filled in. */
export type ResolvedBreakerOptions = Required<CircuitBreakerOptions>;
/** CacheStampedePrevention options with defaults filled in (the breaker is built by the class). */
export type ResolvedStampedeOptions = Required<Omit<StampedeOptions, 'circuitBreaker'>> & Pick<StampedeOptions, 'circuitBreaker'>;

type Check = (value: number) => boolean;
const positive: Check = (v) => Number.isFinite(v) && v > 0;
const nonNegative: Check = (v) => Number.isFinite(v) && v >= 0;

function num(owner: string, name: string, value: unknown, fallback: number, ok: Check, expected: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !ok(value)) throw new InvalidOptionError(owner, name, value, expected);
  return value;
}

function fn(owner: string, name: string, value: unknown, fallback: () => number): () => number {
  if (value === undefined) return fallback;
  if (typeof value !== 'function') throw new InvalidOptionError(owner, name, value, 'a function returning numbers in [0, 1)');
  return value as () => number;
}

// Read Math.random at call time: the load check seeds it for the length of a run.
const mathRandom = (): number => Math.random();

/** Validates LockManager options (see {@link LockManagerOptions} for the defaults). */
export function resolveLockOptions(options: LockManagerOptions = {}): ResolvedLockOptions {
  const owner = 'LockManager';
  const ttlMs = num(owner, 'options.ttlMs', options.ttlMs, 5_000, positive, 'a positive number of milliseconds (e.g. 5000)');
  const retryBaseMs = num(owner, 'options.retryBaseMs', options.retryBaseMs, 10, positive, 'a positive number of milliseconds (e.g. 10)');
  const retryMaxMs = num(
    owner,
    'options.retryMaxMs',
    options.retryMaxMs,
    Math.max(retryBaseMs, 200),
    (v) => positive(v) && v >= retryBaseMs,
    `a number of milliseconds ≥ retryBaseMs (${retryBaseMs})`,
  );
  const prefix = options.prefix ?? 'lock:';
  if (typeof prefix !== 'string') throw new InvalidOptionError(owner, 'options.prefix', prefix, "a string such as 'lock:'");
  return { ttlMs, retryBaseMs, retryMaxMs, prefix, random: fn(owner, 'options.random', options.random, mathRandom) };
}

/** Validates CircuitBreaker options (see {@link CircuitBreakerOptions} for the defaults). */
export function resolveBreakerOptions(options: CircuitBreakerOptions = {}): ResolvedBreakerOptions {
  const owner = 'CircuitBreaker';
  return {
    failureThreshold: num(owner, 'options.failureThreshold', options.failureThreshold, 5, (v) => Number.isInteger(v) && v >= 1, 'an integer ≥ 1 (e.g. 5)'),
    cooldownMs: num(owner, 'options.cooldownMs', options.cooldownMs, 5_000, nonNegative, 'a number of milliseconds ≥ 0 (e.g. 5000)'),
  };
}

/** Validates CacheStampedePrevention options (see {@link StampedeOptions} for the defaults). */
export function resolveStampedeOptions(options: StampedeOptions = {}): ResolvedStampedeOptions {
  const owner = 'CacheStampedePrevention';
  const ttlMs = num(owner, 'options.ttlMs', options.ttlMs, 60_000, positive, 'a positive number of milliseconds (e.g. 60000)');
  const cb = options.circuitBreaker;
  if (cb !== undefined && (typeof cb !== 'object' || cb === null || typeof cb.execute !== 'function')) {
    throw new InvalidOptionError(owner, 'options.circuitBreaker', cb, 'a CircuitBreaker (an object with execute(fn))');
  }
  return {
    ttlMs,
    jitter: num(owner, 'options.jitter', options.jitter, 0.1, (v) => v >= 0 && v < 1, 'a fraction in [0, 1) (e.g. 0.1 for ±10%)'),
    beta: num(owner, 'options.beta', options.beta, 1, nonNegative, 'a number ≥ 0 (0 disables early recomputation, 1 is the usual choice)'),
    staleMs: num(owner, 'options.staleMs', options.staleMs, ttlMs, nonNegative, 'a number of milliseconds ≥ 0'),
    waitMs: num(owner, 'options.waitMs', options.waitMs, 10_000, nonNegative, 'a number of milliseconds ≥ 0'),
    random: fn(owner, 'options.random', options.random, mathRandom),
    circuitBreaker: cb,
  };
}

/** Throws an InvalidKeyError unless `key` is a non-empty string. */
export function assertKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) throw new InvalidKeyError(key);
}

/** Throws an InvalidOptionError unless `ttlMs` (an argument of `method`) is a positive number. */
export function assertTtl(method: string, ttlMs: unknown): asserts ttlMs is number {
  if (typeof ttlMs !== 'number' || !positive(ttlMs)) {
    throw new InvalidOptionError(`CacheStampedePrevention.${method}`, 'ttlMs', ttlMs, 'a positive number of milliseconds');
  }
}
