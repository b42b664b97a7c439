/**
 * One worker of the load test (seed 000 "Worker Thread Logic"): for each operation of its trace,
 * a cache-aside read of `bookings:{passenger_id}` or a write that inserts a booking and refreshes
 * the entry, each timed and recorded. The same code runs in a worker thread on the real backend
 * and as an async worker on the embedded one, so both measure the same thing.
 */
import type { AirportOp } from '../lib/workload/airport.js';
import type { BookingRow } from '../lib/backends/source/airport-store.js';
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
}

/** The seeds' cache key, after the run's prefix. */
export function cacheKey(keyPrefix: string, passengerId: number): string {
  return `${keyPrefix}bookings:${passengerId}`;
}

/** Reads through the cache (or straight from the database without one); returns how it ended. */
export async function readBookings(ctx: WorkerContext, passengerId: number): Promise<OpKind> {
  if (!ctx.cache) {
    await ctx.store.read(passengerId);
    return 'read';
  }
  const key = cacheKey(ctx.keyPrefix, passengerId);
  if ((await ctx.cache.get(key)) !== null) return 'cache_hit';
  const row = await ctx.store.read(passengerId);
  await ctx.cache.set(key, JSON.stringify(row), ctx.ttlMs);
  return 'cache_miss';
}

/** Inserts a booking and refreshes the passenger's entry with a fresh read (seed 000, write operation). */
export async function writeBooking(ctx: WorkerContext, passengerId: number, flightId: number): Promise<OpKind> {
  await ctx.store.insert(flightId, passengerId);
  if (ctx.cache) {
    const row = await ctx.store.read(passengerId);
    await ctx.cache.set(cacheKey(ctx.keyPrefix, passengerId), JSON.stringify(row), ctx.ttlMs);
  }
  return 'write';
}

/** Runs every operation of `ops`, timing each; a failed operation is counted, never fatal. */
export async function runOps(ctx: WorkerContext, ops: Iterable<AirportOp>, onProgress?: (done: number) => void): Promise<void> {
  const { stopwatch, recorder } = ctx;
  let done = 0;
  for (const op of ops) {
    const began = stopwatch.nowUs();
    try {
      const kind = op.op === 'read' ? await readBookings(ctx, op.passengerId) : await writeBooking(ctx, op.passengerId, op.flightId);
      recorder.record(stopwatch.epochAtZeroMs + began / 1000, stopwatch.nowUs() - began, kind);
    } catch (error) {
      recorder.fail(error);
    }
    done += 1;
    onProgress?.(done);
  }
}

/** Seed 000's cache warming: loads each passenger not cached yet. Returns the entries it added. */
export async function warmUp(ctx: WorkerContext, passengerIds: Iterable<number>): Promise<number> {
  const cache = ctx.cache;
  if (!cache) return 0;
  let added = 0;
  for (const passengerId of passengerIds) {
    const key = cacheKey(ctx.keyPrefix, passengerId);
    if (await cache.exists(key)) continue;
    await cache.set(key, JSON.stringify(await ctx.store.read(passengerId)), ctx.ttlMs);
    added += 1;
  }
  return added;
}
