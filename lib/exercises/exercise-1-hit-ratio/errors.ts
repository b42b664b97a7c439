/**
 * Every error exercise 1 throws on purpose, in one place (given code: students throw these, they
 * do not write them). Each has a stable `code` that tests match on and says what to do instead.
 */
import { ExerciseError, describeValue } from '../errors.js';

/** Base class of this exercise's errors: catch it to catch any of them. @public */
export class HitRatioError extends ExerciseError {}

/** Thrown when a key names no item of the platform (README.md, "1. Keys"). */
export class InvalidKeyError extends HitRatioError {
  constructor(
    readonly key: unknown,
    readonly problem: string,
  ) {
    super(
      'E_INVALID_KEY',
      `${describeValue(key, 80)} is not a key of the social platform (${problem}). ` +
        'Expected user/<id>/<profile|timeline|notifications|post/<n>>, with ":" or "/" between the parts.',
    );
  }
}

/** Thrown when a constructor option is out of range; the message names it and what it must be. */
export class InvalidOptionError extends HitRatioError {
  constructor(
    readonly option: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super('E_INVALID_OPTION', `CacheHitRatioOptimizer: options.${option} must be ${expected}, got ${describeValue(value, 80)}.`);
  }
}

/** Reported by warmCache for a load slower than `warmTimeoutMs` (its value is still cached when it arrives). */
export class WarmTimeoutError extends HitRatioError {
  constructor(
    readonly key: string,
    readonly timeoutMs: number,
  ) {
    super('E_WARM_TIMEOUT', `loading "${key}" took longer than warmTimeoutMs (${timeoutMs} ms); it is cached when it arrives.`);
  }
}

/** Thrown when a stored value cannot be decoded (not written by encodeValue, or damaged). */
export class CorruptValueError extends HitRatioError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('E_CORRUPT_VALUE', `a cached value could not be decoded: ${reason}.`, options);
  }
}
