/**
 * Every error exercise 3 throws on purpose, in one place (given code: students throw these, they do
 * not write them). Each has a stable `code` that tests and callers match on, typed fields, and the
 * original error as `cause` where there is one.
 */
import { BACKEND_UNREACHABLE, type BackendUnreachable } from '../../backends/errors.js';
import { ExerciseError, describeValue } from '../errors.js';

/** Base class of this exercise's errors: catch it to catch any of them. @public */
export class HotKeyError extends ExerciseError {}

/** Thrown when an option is out of range; the message names it and what it must be. */
export class InvalidOptionError extends HotKeyError {
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
export class InvalidKeyError extends HotKeyError {
  constructor(readonly key: unknown) {
    super('E_INVALID_KEY', `cache keys must be non-empty strings, got ${describeValue(key)}.`);
  }
}

/** Thrown when a value to store is not a string (exercise 3 caches strings, as Redis does). */
export class InvalidValueError extends HotKeyError {
  constructor(
    readonly key: string,
    readonly value: unknown,
  ) {
    super('E_INVALID_VALUE', `the value for "${key}" is ${describeValue(value)}; exercise 3 stores strings (serialise objects with JSON.stringify first).`);
  }
}

/** Thrown by the test cluster when a command goes to a node that the test switched off. */
export class NodeDownError extends HotKeyError {
  constructor(readonly node: number) {
    super('E_NODE_DOWN', `cache node ${node} is down (connect ECONNREFUSED): fall back to another copy, or let the error reach the caller.`);
  }
}

/**
 * Thrown when the real cluster cannot be started or reached; `cause` says why. A member of the kit's
 * "backend unreachable" family too (`instanceof BackendUnreachableError`, lib/backends/errors.ts).
 */
export class ClusterUnavailableError extends HotKeyError implements BackendUnreachable {
  readonly [BACKEND_UNREACHABLE] = true;
  readonly backend = 'cluster';
  /** The nodes it looked for (the same as `where`). */
  readonly address: string;
  constructor(
    readonly where: string,
    cause: unknown,
  ) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      'E_CLUSTER_UNAVAILABLE',
      `exercise 3 needs a cluster of real cache nodes (${where}) and could not get one: ${why} ` +
        'Install redis-server (or valkey-server) so the kit can start its own nodes, or set CACHE_CLUSTER_URLS to running servers, or use the embedded backend.',
      { cause },
    );
    this.address = where;
  }
}
