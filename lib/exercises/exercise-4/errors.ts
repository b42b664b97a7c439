/**
 * Every error exercise 4 throws on purpose, in one place (given code: students throw these, they do
 * not write them). Each has a stable `code` that tests and callers match on, typed fields, and the
 * original error as `cause` where there is one.
 */

/** Base class: an error with a stable code. */
export class StampedeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Thrown when an option or argument is out of range; the message names it and what it must be. */
export class InvalidOptionError extends StampedeError {
  constructor(
    readonly owner: string,
    readonly option: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super('E_INVALID_OPTION', `${owner}: ${option} must be ${expected}, got ${describe(value)}.`);
  }
}

/** Thrown when a cache key is not a non-empty string. */
export class InvalidKeyError extends StampedeError {
  constructor(readonly key: unknown) {
    super('E_INVALID_KEY', `cache keys must be non-empty strings, got ${describe(key)}.`);
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
      `waited ${waitedMs} ms for another instance to refresh "${key}" and no value appeared; ` +
        'raise options.waitMs or look at why the lock holder is slow.',
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
    super('E_INVALID_VALUE', `the value loaded for "${key}" is ${describe(value)}; cache values must be JSON-serialisable or undefined.`);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return `${value}n`;
  return String(value);
}
