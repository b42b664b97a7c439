/**
 * Every error exercise 2 throws on purpose, in one place (given code: students throw these, they do
 * not write them). Each has a stable `code` that tests and callers match on, typed fields, and the
 * original error as `cause` where there is one.
 */
import { ExerciseError, describeValue } from '../errors.js';

/** Base class of this exercise's errors: catch it to catch any of them. */
export class LatencyError extends ExerciseError {}

/** Thrown when an option or argument is out of range; the message names it and what it must be. */
export class InvalidOptionError extends LatencyError {
  constructor(
    readonly owner: string,
    readonly option: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super('E_INVALID_OPTION', `${owner}: ${option} must be ${expected}, got ${describeValue(value)}.`);
  }
}

/** Thrown when a cache key is not a non-empty string (or a batch is not an array of them). */
export class InvalidKeyError extends LatencyError {
  constructor(readonly key: unknown) {
    super('E_INVALID_KEY', `cache keys must be non-empty strings, got ${describeValue(key)}.`);
  }
}

/** Thrown when a value cannot be cached: undefined, or something the encoding cannot hold. */
export class InvalidValueError extends LatencyError {
  constructor(
    readonly value: unknown,
    readonly key?: string,
    cause?: unknown,
  ) {
    const why = cause instanceof Error ? ` (${cause.message})` : '';
    const what = key === undefined ? 'the value' : `the value for "${key}"`;
    super(
      'E_INVALID_VALUE',
      `${what} is ${describeValue(value)}, which cannot be cached${why}; use strings, numbers, booleans, null, arrays, plain objects or binary data.`,
      { cause },
    );
  }
}

/** Thrown when bytes read from the cache were not written by this encoding, or were damaged. */
export class CorruptValueError extends LatencyError {
  constructor(
    readonly reason: string,
    readonly key?: string,
    cause?: unknown,
  ) {
    super(
      'E_CORRUPT_VALUE',
      `${key === undefined ? 'a cached value' : `the cached value of "${key}"`} cannot be decoded: ${reason}. Delete the key or overwrite it with write().`,
      { cause },
    );
  }
}

/** Thrown by the connection pool when no connection freed up within its acquire timeout. */
export class PoolExhaustedError extends LatencyError {
  constructor(
    readonly max: number,
    readonly waitedMs: number,
  ) {
    super(
      'E_POOL_EXHAUSTED',
      `all ${max} connections of the pool stayed in use for ${waitedMs} ms. Release connections after use (also when a command fails), ` +
        "share a few connections between requests instead of holding one per request, or raise the pool's max.",
    );
  }
}

/** Thrown by a pool that was closed. */
export class PoolClosedError extends LatencyError {
  constructor() {
    super('E_POOL_CLOSED', 'the connection pool is closed; create the optimizer with an open pool.');
  }
}

/** Thrown by a read or write on an optimizer after its close(). */
export class OptimizerClosedError extends LatencyError {
  constructor() {
    super('E_CLOSED', 'this LatencyOptimizer was closed; create a new one to read or write again.');
  }
}

/** Thrown when a connection is released twice, or one the pool never handed out is given back. */
export class PoolMisuseError extends LatencyError {
  constructor(what: string) {
    super('E_POOL_MISUSE', `connection pool: ${what}.`);
  }
}

/** A short description of a value for error messages. */
