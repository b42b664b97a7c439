/**
 * Every error exercise 4 throws on purpose, in one place (given code: students throw these, they do
 * not write them). Each has a stable `code` that tests and callers match on, typed fields, and the
 * original error as `cause` where there is one.
 */
import { ExerciseError, describeValue } from '../errors.js';

/** Base class of this exercise's errors: catch it to catch any of them. @public */
export class StampedeError extends ExerciseError {}

/** Thrown when an option or argument is out of range; the message names it and what it must be. */
export class InvalidOptionError extends StampedeError {
  constructor(
    readonly owner: string,
    readonly option: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super('E_INVALID_OPTION', `${owner}: ${option} must be ${expected}, got ${describeValue(value)}.`);
  }
}

/** Thrown when a cache key is not a non-empty string. */
export class InvalidKeyError extends StampedeError {
  constructor(readonly key: unknown) {
    super('E_INVALID_KEY', `cache keys must be non-empty strings, got ${describeValue(key)}.`);
  }
}

/** Thrown when a caller waited `waitedMs` for another holder's refresh and no value appeared. */
export class LockTimeoutError extends StampedeError {
  constructor(
    readonly key: string,
    readonly waitedMs: number,
  ) {
    super(
      'E_LOCK_TIMEOUT',
      `waited ${waitedMs} ms for another instance to refresh "${key}" and no value appeared; ` + 'raise options.waitMs or look at why the lock holder is slow.',
    );
  }
}

/** Thrown by a circuit breaker that is open: the data source is not called at all. */
export class CircuitOpenError extends StampedeError {
  constructor(readonly retryInMs: number) {
    super('E_CIRCUIT_OPEN', `circuit open: the data source failed repeatedly; next probe in ${Math.max(0, Math.round(retryInMs))} ms.`);
  }
}

/** Thrown when refreshing a key failed and no stale value is left to serve; `cause` says why. */
export class RefreshFailedError extends StampedeError {
  constructor(
    readonly key: string,
    cause: unknown,
  ) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super('E_REFRESH_FAILED', `refreshing "${key}" failed and no stale value is cached: ${why}`, { cause });
  }
}

/** Thrown when a value cannot be stored (not JSON-serialisable). */
export class InvalidValueError extends StampedeError {
  constructor(
    readonly key: string,
    readonly value: unknown,
  ) {
    super('E_INVALID_VALUE', `the value loaded for "${key}" is ${describeValue(value)}; cache values must be JSON-serialisable or undefined.`);
  }
}
