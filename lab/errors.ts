/**
 * Every error the lab throws on purpose: a class per case with a stable `code`, the option, file
 * or setting at fault, the fix in the message and the original error as `cause`. The CLIs print
 * `message` alone (no stack trace) and exit with `exitCode`.
 */
import { DEFAULT_CACHE_URL } from '../lib/config.js';

/** Thrown for a bad command line (an option out of range, an unknown flag, no terminal to ask on). */
export class LabUsageError extends Error {
  readonly code = 'E_LAB_USAGE';
  readonly exitCode = 2;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LabUsageError';
  }
}

/** Thrown when CACHE_URL is not a usable redis:// URL. */
export class CacheUrlError extends Error {
  readonly code = 'E_BAD_CACHE_URL';
  readonly exitCode = 2;
  constructor(
    readonly variable: string,
    readonly value: string,
    problem: string,
  ) {
    super(
      `${variable}=${JSON.stringify(value)} is not a valid Redis/Valkey URL (${problem}). ` +
        `Expected redis://[user:password@]host:port[/db], e.g. ${DEFAULT_CACHE_URL}.`,
    );
    this.name = 'CacheUrlError';
  }
}

/** Thrown when Redis/Valkey at CACHE_URL answers but refuses its user or password. */
export class CacheAccessError extends Error {
  readonly code = 'E_CACHE_ACCESS';
  readonly exitCode = 1;
  constructor(
    readonly url: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Redis/Valkey at CACHE_URL=${url} refused the login (${reason}). The server is up: check the user and ` +
        'password in CACHE_URL (redis://[user:password@]host:port; a password alone is redis://:password@host:port).',
      options,
    );
    this.name = 'CacheAccessError';
  }
}

/**
 * Thrown before a run that would write (insert bookings) into an airport database the kit did not
 * load: the lab only reads from such a database.
 */
export class LabReadOnlyError extends Error {
  readonly code = 'E_LAB_READ_ONLY';
  readonly exitCode = 2;
  constructor(
    readonly url: string,
    what: string,
    scratchUrl: string,
  ) {
    super(
      `DATABASE_URL=${url} is an airport database the kit did not load (no fixture_meta), so the lab only reads from it, ` +
        `and ${what} would insert bookings into it. Run with --read-ratio 100 (reads only), or run the writes on the kit's scratch database: ` +
        `DATABASE_URL=${scratchUrl} (load it once with \`DATABASE_URL=${scratchUrl} npm run fixtures -- --load\`).`,
    );
    this.name = 'LabReadOnlyError';
  }
}

/** Thrown when a worker thread cannot start or dies; names the worker and what it said. */
export class LabWorkerError extends Error {
  readonly code = 'E_LAB_WORKER';
  readonly exitCode = 1;
  constructor(
    readonly worker: number,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Load-test worker ${worker} failed: ${reason}`, options);
    this.name = 'LabWorkerError';
  }
}

/** Thrown when a perf_test log cannot be read or does not have the shape `npm run loadtest` writes. */
export class LogFileError extends Error {
  readonly code = 'E_BAD_LOG';
  readonly exitCode = 1;
  constructor(
    readonly file: string,
    readonly field: string | undefined,
    problem: string,
    options?: { cause?: unknown },
  ) {
    const where = field === undefined ? file : `${file}, field "${field}"`;
    super(
      `${where}: ${problem}. Plot a file written by \`npm run loadtest\` (logs/perf_test_<timestamp>.json), ` +
        'or run the load test again to get a fresh one.',
      options,
    );
    this.name = 'LogFileError';
  }
}

/** Thrown when the HTML page or a log cannot be written. */
export class LabOutputError extends Error {
  readonly code = 'E_LAB_OUTPUT';
  readonly exitCode = 1;
  constructor(
    readonly file: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot write ${file} (${reason}). Check that the folder exists and is writable, or pick another path.`, options);
    this.name = 'LabOutputError';
  }
}

/** Thrown by one step of an operation (a cache command or a database query), with where it failed. */
export class LabStepError extends Error {
  readonly code = 'E_LAB_OPERATION';
  /**
   * A write whose INSERT was sent but whose answer was lost with the connection: the database may
   * have made it or not, and nobody can tell from here.
   */
  readonly unknownOutcome: boolean;
  constructor(
    readonly stage: 'cache' | 'database',
    message: string,
    options?: { cause?: unknown; unknownOutcome?: boolean },
  ) {
    super(message, options);
    this.name = 'LabStepError';
    this.unknownOutcome = options?.unknownOutcome ?? false;
  }
}

/** Whether `error` (or what it wraps) is a connection lost while a command was in flight. */
export function lostInFlight(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | null, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (e.code === 'PROTOCOL_CONNECTION_LOST' || e.code === 'ECONNRESET' || e.code === 'EPIPE') return true;
  }
  return false;
}

/**
 * Thrown for a server error the kit has no message of its own for (MariaDB's "Too many
 * connections", …): the message names the server, so it is never an anonymous "Unexpected error".
 */
class LabServerError extends Error {
  readonly code = 'E_LAB_SERVER';
  readonly exitCode = 1;
  constructor(label: string, cause: unknown) {
    const e = cause as { code?: unknown; message?: unknown } | null;
    const reason = typeof e?.message === 'string' ? e.message : String(cause);
    const fix = e?.code === 'ER_CON_COUNT_ERROR' ? " Run with fewer --threads, or raise the server's max_connections." : '';
    super(`${label} answered: ${reason}${typeof e?.code === 'string' ? ` (${e.code})` : ''}.${fix}`, { cause });
    this.name = 'LabServerError';
  }
}

/** `error` as it is when it is one of the kit's own (code E_…), else a {@link LabServerError} naming `label`. */
export function namedServerError(error: unknown, label: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('E_') ? error : new LabServerError(label, error);
}

/** The exit code of a run stopped by `signal`: 128 + its number (SIGINT 130, SIGTERM 143). */
export function signalExitCode(signal: string): number {
  return signal === 'SIGTERM' ? 143 : signal === 'SIGHUP' ? 129 : 130;
}

/** Thrown when SIGINT or SIGTERM stops the lab before anything was measured. */
export class LabInterruptedError extends Error {
  readonly code = 'E_LAB_INTERRUPTED';
  readonly exitCode: number;
  constructor(
    readonly signal: string,
    during: string,
  ) {
    super(`Interrupted by ${signal} ${during}; nothing was measured, so no log was written.`);
    this.name = 'LabInterruptedError';
    this.exitCode = signalExitCode(signal);
  }
}

/** Thrown when a run fails after its log was started: the cause's message and the log that keeps what ran. */
export class LabRunFailedError extends Error {
  readonly code: string;
  readonly exitCode: number;
  constructor(
    readonly logFile: string,
    cause: unknown,
  ) {
    super(`${messageOf(cause)}\nThe log keeps the run up to the failure (status: failed): ${logFile}`, { cause });
    this.name = 'LabRunFailedError';
    const code = (cause as { code?: unknown } | null)?.code;
    this.code = typeof code === 'string' && code.startsWith('E_') ? code : 'E_LAB_RUN_FAILED';
    this.exitCode = exitCodeOf(cause);
  }
}

/** The exit code an error asks for: its own `exitCode`, 2 for a bad setting, else 1. */
export function exitCodeOf(error: unknown): number {
  const e = error as { exitCode?: unknown; code?: unknown } | null;
  if (typeof e?.exitCode === 'number') return e.exitCode;
  if (e?.code === 'E_BAD_DATABASE_URL' || e?.code === 'E_BAD_BACKEND') return 2;
  return 1;
}

/** The message a CLI prints for `error`: the kit's own errors as they are, others prefixed. */
export function messageOf(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return typeof e?.code === 'string' && e.code.startsWith('E_') ? message : `Unexpected error: ${message}`;
}

/** An error a worker thread reported, rebuilt on the main thread with its code and message. */
export class WorkerReportedError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number,
    readonly worker: number,
  ) {
    super(message);
    this.name = 'WorkerReportedError';
  }
}
