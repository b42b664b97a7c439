/**
 * Failures per second, beside the published results' per-second series (which counts only operations that
 * succeeded): by the second the operation started, and by kind, so a log shows when an outage
 * began, how long it lasted and which server it was.
 *
 * Kinds: `cache` and `database` are operations that failed at a cache command or a database query
 * (not made, counted in `errors`); `write_refresh` are writes the database accepted (counted as
 * writes) whose cache refresh then failed, so their entry may be stale or missing.
 */

/** Where an operation failed. */
export type FailedStage = 'cache' | 'database';

/** One second of failures, as written to the log. */
export interface ErrorBucket {
  /** Operations that failed: cache + database. */
  errors: number;
  cache: number;
  database: number;
  /** Writes made whose cache refresh failed (not in `errors`). */
  write_refresh: number;
}

/** Failures by unix second (a string key), ascending. */
export type ErrorSeriesJSON = Record<string, ErrorBucket>;

/** Per-second failure counts. */
export class ErrorSeries {
  readonly #buckets = new Map<number, ErrorBucket>();

  /** Counts one failure of an operation that started at unix `startMs`. */
  record(startMs: number, kind: FailedStage | 'write_refresh'): void {
    const bucket = this.#bucket(Math.floor(startMs / 1000));
    bucket[kind] += 1;
    if (kind !== 'write_refresh') bucket.errors += 1;
  }

  /** Adds another series (or its JSON) into this one. */
  merge(other: ErrorSeries | ErrorSeriesJSON): void {
    const from = other instanceof ErrorSeries ? other.toJSON() : other;
    for (const [second, b] of Object.entries(from)) {
      const into = this.#bucket(Number(second));
      into.errors += b.errors;
      into.cache += b.cache;
      into.database += b.database;
      into.write_refresh += b.write_refresh;
    }
  }

  /** The log's shape, ascending by second. */
  toJSON(): ErrorSeriesJSON {
    const out: ErrorSeriesJSON = {};
    for (const second of [...this.#buckets.keys()].sort((a, b) => a - b)) out[String(second)] = { ...this.#buckets.get(second)! };
    return out;
  }

  #bucket(second: number): ErrorBucket {
    let bucket = this.#buckets.get(second);
    if (!bucket) this.#buckets.set(second, (bucket = { errors: 0, cache: 0, database: 0, write_refresh: 0 }));
    return bucket;
  }
}

/** The problem with an error series read from a file, or undefined when it is well formed. */
export function errorSeriesProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object keyed by unix second';
  for (const [second, b] of Object.entries(value as Record<string, unknown>)) {
    if (!/^\d+$/.test(second)) return `key "${second}" is not a unix second`;
    const bucket = b as Record<string, unknown> | null;
    for (const field of ['errors', 'cache', 'database', 'write_refresh']) {
      const n = bucket?.[field];
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return `second ${second}: "${field}" must be a whole number ≥ 0`;
    }
    const e = bucket as unknown as ErrorBucket;
    if (e.errors !== e.cache + e.database) return `second ${second}: "errors" is ${e.errors} but cache + database is ${e.cache + e.database}`;
  }
  return undefined;
}
