/**
 * The one "backend unreachable" family: every error that says a backend cannot be reached (the
 * cache, the database, a cluster of cache nodes) is a {@link BackendUnreachableError} naming which
 * backend and at what address, with a stable `code`, the fix in the message and the original error
 * as `cause`. Catch the base class to tell "the server is down" from any other failure.
 *
 * Exercise 3's ClusterUnavailableError belongs to its exercise's own hierarchy (HotKeyError, part
 * of the exercise contract), so it joins the family by its {@link BACKEND_UNREACHABLE} mark:
 * `instanceof BackendUnreachableError` holds for it too.
 */

/** Which backend could not be reached. */
type UnreachableBackend = 'cache' | 'database' | 'cluster';

/** What every member of the family has. */
export interface BackendUnreachable extends Error {
  readonly backend: UnreachableBackend;
  /** Where it was looked for: a URL (passwords masked where the caller masks them), or a description of the nodes. */
  readonly address: string;
  readonly code: string;
}

/** The mark of a member of the family outside this class hierarchy (exercise 3's ClusterUnavailableError). */
export const BACKEND_UNREACHABLE: unique symbol = Symbol.for('cachelab.backend-unreachable');

/** Base of the family; see the module comment. */
export class BackendUnreachableError extends Error implements BackendUnreachable {
  readonly [BACKEND_UNREACHABLE] = true;
  constructor(
    readonly backend: UnreachableBackend,
    readonly address: string,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }

  /** `instanceof BackendUnreachableError`: any marked error; a subclass keeps the plain prototype check. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== BackendUnreachableError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as { [BACKEND_UNREACHABLE]?: unknown })[BACKEND_UNREACHABLE] === true;
  }
}

/** Options of the family's subclasses. */
export interface UnreachableOptions {
  cause?: unknown;
  /** The sentence that says what to do, when the default does not fit the caller (the lab, a load check). */
  fix?: string;
}

/** Thrown when a real Redis/Valkey server does not answer. */
export class CacheUnreachableError extends BackendUnreachableError {
  declare readonly code: 'E_CACHE_UNREACHABLE';
  constructor(
    readonly url: string,
    reason: string,
    options: UnreachableOptions = {},
  ) {
    const fix = options.fix ?? 'Start it with `npm run services` or `docker compose up -d`, or unset CACHE_URL to use the embedded cache.';
    super('cache', url, 'E_CACHE_UNREACHABLE', `Cannot reach Redis/Valkey at CACHE_URL=${url} (${reason}). ${fix}`, options);
  }
}

/** Thrown when MySQL/MariaDB does not answer (refused, timed out, not a MySQL server). */
export class DatabaseUnreachableError extends BackendUnreachableError {
  declare readonly code: 'E_DATABASE_UNREACHABLE';
  constructor(
    readonly url: string,
    reason: string,
    options: UnreachableOptions = {},
  ) {
    const fix = options.fix ?? 'Start it with `npm run services` or `docker compose up -d`, or unset DATABASE_URL to use the embedded store.';
    super('database', url, 'E_DATABASE_UNREACHABLE', `Cannot reach MySQL/MariaDB at DATABASE_URL=${url} (${reason}). ${fix}`, options);
  }
}
