/**
 * One worker of the load test: for each operation of its trace,
 * a cache-aside read of `bookings:{passenger_id}` or a write that inserts a booking and refreshes
 * the entry, each timed and recorded. The same code runs in a worker thread on the real backend
 * and as an async worker on the embedded one, so both measure the same thing.
 */
import type { AirportOp } from '../lib/workload/airport.js';
import type { BookingRow } from '../lib/backends/source/airport-store.js';
import { LabStepError, lostInFlight } from './errors.js';
import type { OpKind, Recorder } from './recorder.js';

/** The cache as the load test uses it. */
export interface LabCache {
  get(key: string): Promise<string | null>;
  /** SET with a TTL in ms. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  exists(key: string): Promise<boolean>;
}

/** The airport database as the load test uses it. */
export interface LabStore {
  /** The seeds' read query for one passenger (null: no booking). */
  read(passengerId: number): Promise<BookingRow | null>;
  /** The seeds' INSERT of one booking. */
  insert(flightId: number, passengerId: number): Promise<void>;
}

/** Where time comes from: µs since any origin, and the unix ms at that origin. */
export interface Stopwatch {
  nowUs(): number;
  readonly epochAtZeroMs: number;
}

/** What one worker works with. */
export interface WorkerContext {
  /** Undefined with --no-cache: every read goes to the database. */
  cache: LabCache | undefined;
  store: LabStore;
  ttlMs: number;
  /** Put before every key (`--key-prefix`). */
  keyPrefix: string;
  stopwatch: Stopwatch;
  recorder: Recorder;
  /**
   * How errors name the two servers, e.g. `Redis/Valkey at CACHE_URL=redis://127.0.0.1:6379`
   * (passwords masked); a message that already names its variable is kept as it is.
   */
  servers?: { cache: string; database: string };
}

/** Runs one step of an operation; a failure becomes a {@link LabStepError} naming the server. */
async function step<T>(ctx: WorkerContext, stage: 'cache' | 'database', work: () => Promise<T>, insert = false): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof LabStepError) throw error;
    const message = (error as { message?: unknown } | null)?.message;
    const text = typeof message === 'string' ? message : String(error);
    const label = ctx.servers?.[stage];
    const named = !label || /\b(CACHE_URL|DATABASE_URL)=/.test(text) ? text : `${label}: ${text}`;
    throw new LabStepError(stage, named, { cause: error, unknownOutcome: insert && lostInFlight(error) });
  }
}

/** How an operation ended; a write whose refresh failed is still a write (the database accepted it). */
interface OpResult {
  kind: OpKind;
  /** The error of a write's cache refresh, after its INSERT was accepted. */
  refreshError?: unknown;
}

/** The seeds' cache key, after the run's prefix. */
function cacheKey(keyPrefix: string, passengerId: number): string {
  return `${keyPrefix}bookings:${passengerId}`;
}

/** Reads through the cache (or straight from the database without one); returns how it ended. */
async function readBookings(ctx: WorkerContext, passengerId: number): Promise<OpKind> {
  const cache = ctx.cache;
  if (!cache) {
    await step(ctx, 'database', () => ctx.store.read(passengerId));
    return 'read';
  }
  const key = cacheKey(ctx.keyPrefix, passengerId);
  if ((await step(ctx, 'cache', () => cache.get(key))) !== null) return 'cache_hit';
  const row = await step(ctx, 'database', () => ctx.store.read(passengerId));
  await step(ctx, 'cache', () => cache.set(key, JSON.stringify(row), ctx.ttlMs));
  return 'cache_miss';
}

/**
 * Inserts a booking and refreshes the passenger's entry with a fresh read (the load
 * test's write operation). Once the INSERT is accepted the write is made, whatever the refresh does after:
 * a failed refresh is returned beside the write, not thrown, so the count matches the database.
 */
async function writeBooking(ctx: WorkerContext, passengerId: number, flightId: number): Promise<OpResult> {
  await step(ctx, 'database', () => ctx.store.insert(flightId, passengerId), true);
  const cache = ctx.cache;
  if (!cache) return { kind: 'write' };
  try {
    const row = await step(ctx, 'database', () => ctx.store.read(passengerId));
    await step(ctx, 'cache', () => cache.set(cacheKey(ctx.keyPrefix, passengerId), JSON.stringify(row), ctx.ttlMs));
    return { kind: 'write' };
  } catch (error) {
    return { kind: 'write', refreshError: error };
  }
}

/** Options of {@link runOps}. */
export interface RunOpsOptions {
  /** After each operation, with the number done. */
  onProgress?(done: number): void;
  /** Checked before each operation: once `stopped` is true, no new operation starts. */
  control?: { stopped: boolean };
  /**
   * Awaited after an operation when it returns a promise: the real backend yields to its event
   * loop there now and then, so a stop message or a snapshot timer runs even while every
   * operation fails at once (a dead server answers without any I/O).
   */
  pause?(): Promise<void> | undefined;
}

/** Runs the operations of `ops`, timing each; a failed operation is counted, never fatal. */
export async function runOps(ctx: WorkerContext, ops: Iterable<AirportOp>, options: RunOpsOptions = {}): Promise<void> {
  const { stopwatch, recorder } = ctx;
  let done = 0;
  for (const op of ops) {
    if (options.control?.stopped) break;
    const began = stopwatch.nowUs();
    const startMs = stopwatch.epochAtZeroMs + began / 1000;
    try {
      const result: OpResult = op.op === 'read' ? { kind: await readBookings(ctx, op.passengerId) } : await writeBooking(ctx, op.passengerId, op.flightId);
      recorder.record(startMs, stopwatch.nowUs() - began, result.kind);
      if (result.refreshError !== undefined) recorder.refreshFailed(result.refreshError, startMs);
    } catch (error) {
      recorder.fail(error, startMs);
    }
    done += 1;
    options.onProgress?.(done);
    const pause = options.pause?.();
    if (pause) await pause;
  }
}

/** Seed 000's cache warming: loads each passenger not cached yet. Returns the entries it added. */
export async function warmUp(ctx: WorkerContext, passengerIds: Iterable<number>): Promise<number> {
  const cache = ctx.cache;
  if (!cache) return 0;
  let added = 0;
  for (const passengerId of passengerIds) {
    const key = cacheKey(ctx.keyPrefix, passengerId);
    if (await step(ctx, 'cache', () => cache.exists(key))) continue;
    const row = await step(ctx, 'database', () => ctx.store.read(passengerId));
    await step(ctx, 'cache', () => cache.set(key, JSON.stringify(row), ctx.ttlMs));
    added += 1;
  }
  return added;
}
