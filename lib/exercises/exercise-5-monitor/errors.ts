/**
 * Every error exercise 5 throws on purpose, in one place (given code: students throw these, they do
 * not write them). Each has a stable `code` that tests and callers match on, typed fields, and the
 * original error as `cause` where there is one.
 */
import { ExerciseError } from '../errors.js';

/** Base class of this exercise's errors: catch it to catch any of them. @public */
export class MonitorError extends ExerciseError {}

/** Thrown when a monitor option is out of range; the message names it and what it must be. */
export class InvalidOptionError extends MonitorError {
  constructor(
    readonly option: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super('E_INVALID_OPTION', `CachePerformanceMonitor: ${option} must be ${expected}, got ${describe(value)}.`);
  }
}

/** Thrown when `setupAlerting` gets thresholds in a bad shape; `path` names the field. */
export class InvalidThresholdsError extends MonitorError {
  constructor(
    readonly path: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super('E_INVALID_THRESHOLDS', `setupAlerting: ${path} must be ${expected}, got ${describe(value)}. See README.md, "Alert rules".`);
  }
}

/** Thrown by `parseInfo` when the text is not an INFO reply at all. */
export class InfoParseError extends MonitorError {
  constructor(readonly text: unknown) {
    super('E_INFO_PARSE', `not an INFO reply (expected "# Section" headers and name:value lines), got ${describe(text)}.`);
  }
}

/** Used as the reason of a down sample when INFO did not answer in time. */
export class InfoTimeoutError extends MonitorError {
  constructor(readonly timeoutMs: number) {
    super('E_INFO_TIMEOUT', `INFO did not answer within ${timeoutMs} ms; the sample counts as down.`);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  if (value !== null && typeof value === 'object') return JSON.stringify(value).slice(0, 80);
  return String(value);
}
