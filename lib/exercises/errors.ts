/**
 * What every exercise's errors share (given code). Each exercise keeps its own base class (e.g.
 * StampedeError) so a student can catch "any error of this exercise", and each error a stable
 * `code` that tests and callers match on, typed fields, and the original error as `cause`.
 */

/** Base of every error an exercise throws on purpose. */
export class ExerciseError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A short description of a bad value for an error message (long strings cut, objects named). */
export function describeValue(value: unknown, maxChars = 60): string {
  if (typeof value === 'string') return JSON.stringify(value.length > maxChars ? `${value.slice(0, maxChars)}…` : value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}

/** "<code>: <message>" of what `f` throws, or "no error": one string a test can compare. */
export function thrownCode(f: () => unknown): string {
  try {
    f();
    return 'no error';
  } catch (e) {
    return `${(e as { code?: string }).code}: ${(e as Error).message}`;
  }
}
