/**
 * The load test on the embedded backend: one ioredis-mock keyspace and one in-process airport
 * store, shared by N async workers in this thread, on a virtual clock priced by
 * lab/cost-model.ts.
 *
 * Why not worker threads here: ioredis-mock's keyspace and the embedded store live in one
 * thread's memory, so threads would have to reach them over MessagePort and would measure
 * postMessage, not caching. Async workers share them directly, and on virtual time the run is
 * deterministic (same seed, same figures on every machine), TTLs expire on the modelled time
 * (a 100 ms TTL behaves the same on a fast or a slow laptop), and the servers' queues model the
 * concurrency that threads would create. The real backend uses real threads (lab/threads.ts).
 *
 * The virtual clock counts whole microseconds (fake timers round delays to whole units), so a
 * TTL in ms is set as PX ttl × 1000 and Date.now() inside the run reads µs.
 */
import { VirtualClock, VirtualTimeLimitError } from '../lib/sim/clock.js';
import { createEmbeddedCacheServer } from '../lib/backends/cache/embedded.js';
import { createEmbeddedAirportStore } from '../lib/backends/source/airport-embedded.js';
import type { AirportStore } from '../lib/backends/source/airport-store.js';
import type { CacheClient } from '../lib/backends/types.js';
import { runOps, warmUp, type LabCache, type LabStore, type Stopwatch, type WorkerContext } from './cache-aside.js';
import { LAB_COST_MODEL, VirtualServer, type LabCostModel } from './cost-model.js';
import type { LabConfig } from './config.js';
import { LabInterruptedError, LabUsageError } from './errors.js';
import { Recorder } from './recorder.js';
import { stopReason, warmupPassengers, workerTrace, type RunHooks, type RunOutcome } from './outcome.js';

/** Virtual-clock units per millisecond: the clock counts µs. */
const UNITS_PER_MS = 1000;

/** Longest run the clock can model: its limit is a timer, and timers top out at 2^31 − 1 units (µs here). */
const MAX_VIRTUAL_US = 2 ** 31 - 1;

/** Options of {@link runEmbedded} beyond the configuration. */
export interface EmbeddedRunOptions extends RunHooks {
  cost?: LabCostModel;
  /** Unix ms the per-second series starts at. Default: now, rounded down to the second. */
  epochMs?: number;
}

function timedCache(client: CacheClient, server: VirtualServer, cost: LabCostModel): LabCache {
  const call = () => server.request(cost.cacheCommandUs, cost.cacheRoundTripUs);
  return {
    async get(key) {
      const value = await client.get(key);
      await call();
      return value;
    },
    async set(key, value, ttlMs) {
      await call();
      await client.set(key, value, 'PX', ttlMs * UNITS_PER_MS);
    },
    async exists(key) {
      const found = (await client.exists(key)) === 1;
      await call();
      return found;
    },
  };
}

function timedStore(store: AirportStore, server: VirtualServer, cost: LabCostModel): LabStore {
  return {
    async read(passengerId) {
      await server.request(cost.databaseReadUs, cost.databaseRoundTripUs);
      return store.getPassengerBookings(passengerId);
    },
    async insert(flightId, passengerId) {
      await server.request(cost.databaseWriteUs, cost.databaseRoundTripUs);
      await store.insertBooking(flightId, passengerId);
    },
  };
}

/** Runs the load test on the embedded backend; see the module comment. */
export async function runEmbedded(config: LabConfig, options: EmbeddedRunOptions = {}): Promise<RunOutcome> {
  const cost = options.cost ?? LAB_COST_MODEL;
  const startedAt = new Date();
  const epochMs = options.epochMs ?? Math.floor(startedAt.getTime() / 1000) * 1000;
  const store = createEmbeddedAirportStore();
  const passengers = (await store.passengerIds()).last;
  const flights = (await store.flightIds()).last;
  const clock = new VirtualClock(0);
  const stopwatch: Stopwatch = { nowUs: () => clock.now(), epochAtZeroMs: epochMs };
  const total = config.threads * config.queries;
  let done = 0;
  let warmedEntries = 0;
  let workers: WorkerContext[] = [];
  const control = { stopped: false };
  const stop = () => (control.stopped = true);
  options.signal?.addEventListener('abort', stop, { once: true });
  if (options.signal?.aborted) stop();
  let start: number | undefined;
  const outcomeOf = (durationMs: number): RunOutcome => {
    const recorder = new Recorder();
    for (const w of workers) recorder.merge(w.recorder);
    return {
      config,
      startedAt,
      durationMs,
      timeBase: 'virtual',
      workerThreads: 0,
      recorder,
      passengers,
      flights,
      cacheServer: 'embedded (ioredis-mock, in process)',
      database: 'embedded (airport fixture data, in process)',
      warmedEntries,
      flushedKeys: 0,
      ...(control.stopped && options.signal ? { stoppedBy: stopReason(options.signal) } : {}),
    };
  };
  const take = () => outcomeOf(start === undefined ? 0 : (clock.now() - start) / UNITS_PER_MS);
  const onProgress = () => {
    options.onProgress?.(++done, total);
    options.onSnapshot?.(take);
  };
  let durationMs = 0;
  try {
    await clock.run(
      async () => {
        // Created on virtual time: the embedded cache reads Date.now for expiry from the moment it exists.
        const cacheServer = createEmbeddedCacheServer();
        const cacheQueue = new VirtualServer(1, clock);
        const labStore = timedStore(store, new VirtualServer(cost.databaseParallelism, clock), cost);
        workers = Array.from({ length: config.threads }, () => ({
          cache: config.cache ? timedCache(cacheServer.createClient(), cacheQueue, cost) : undefined,
          store: labStore,
          ttlMs: config.ttlMs,
          keyPrefix: config.keyPrefix,
          stopwatch,
          recorder: new Recorder(),
          servers: { cache: 'the embedded cache', database: 'the embedded database' },
        }));
        try {
          if (config.warmup > 0) {
            options.onPhase?.(`Warming the cache with ${config.warmup.toLocaleString('en-US')} reads…`);
            const added = await Promise.all(workers.map((w, i) => warmUp(w, warmupPassengers(config, i, passengers, flights))));
            warmedEntries = added.reduce((a, b) => a + b, 0);
          }
          if (control.stopped)
            throw new LabInterruptedError(stopReason(options.signal!), config.warmup > 0 ? 'while warming the cache' : 'before the run started');
          options.onPhase?.(`Running ${total.toLocaleString('en-US')} queries on ${config.threads} workers (embedded, virtual time)…`);
          start = clock.now();
          options.onSnapshot?.(take);
          await Promise.all(workers.map((w, i) => runOps(w, workerTrace(config, i, passengers, flights), { onProgress, control })));
          durationMs = (clock.now() - start) / UNITS_PER_MS;
        } finally {
          await cacheServer.close();
        }
      },
      { limitMs: MAX_VIRTUAL_US },
    );
  } catch (error) {
    if (error instanceof VirtualTimeLimitError) {
      throw new LabUsageError(
        `The embedded backend models at most ${Math.floor(MAX_VIRTUAL_US / 60e6)} minutes of virtual time per run, and this run needs more. ` +
          'Use fewer --queries (or more --threads), or run it on real servers with --backend real.',
        { cause: error },
      );
    }
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', stop);
    await store.close();
  }
  return outcomeOf(durationMs);
}
