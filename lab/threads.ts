/**
 * The load test on the real backend. The seed's N threads are N sessions, each with its own Redis
 * and MySQL connections and one operation in flight, spread over W worker threads (node
 * worker_threads) that run in parallel. The main thread checks both servers first (so a server
 * that is down is one clear error, not N), flushes if asked, starts the workers, waits until every
 * one is connected and warmed, then releases them together and times the run from that signal to
 * the last result, as the seed times its threads from start to join. While they run, each worker
 * posts a snapshot of its figures about once a second (the live log is made of them); a stop
 * request (hooks.signal) asks every worker to finish the operations in flight and report, and a
 * worker that does not answer within STOP_GRACE_MS is ended with its last snapshot standing in.
 *
 * Why W defaults to one thread per core but one, not one per session: the servers run on the same
 * machine, and a thread per session on too few cores spends its time switching. Measured on the
 * kit's 2-core machine, 4 sessions doing GETs reached about 75,000 ops/s in one thread and 40,000
 * in four. On a machine with cores to spare, W = N, one thread per session as in the seed; pass
 * --workers N to force it anywhere.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { openAirportDatabase } from '../lib/backends/source/airport-mysql.js';
import type { AirportDatabase } from '../lib/backends/source/airport/detect.js';
import type { AirportStore } from '../lib/backends/source/airport-store.js';
import { parseDatabaseUrl } from '../lib/backends/source/database-url.js';
import { cacheUrl, databaseUrl } from '../lib/config.js';
import type { LabConfig } from './config.js';
import { assertWritable } from './database-check.js';
import { LabInterruptedError, LabWorkerError, namedServerError, WorkerReportedError } from './errors.js';
import { Recorder, type RecorderJSON } from './recorder.js';
import { connectRedis, flushLabKeys, maskCacheUrl, parseCacheUrl } from './redis.js';
import { stopReason, type RunHooks, type RunOutcome } from './outcome.js';
import type { WorkerMessage, WorkerSetup } from './worker-protocol.js';

// A plain-JS entry that registers tsx in the thread, then imports worker.ts (see worker-entry.mjs).
const WORKER_ENTRY = new URL('./worker-entry.mjs', import.meta.url);

/** Where the real servers are: CACHE_URL and DATABASE_URL, with the kit's defaults. */
export interface RealServers {
  cacheUrl: string;
  databaseUrl: string;
}

/** The servers `env` names (defaults match docker-compose.yml); throws a clear error for a bad URL. */
export function realServers(env: NodeJS.ProcessEnv): RealServers {
  const cache = cacheUrl(env);
  const database = databaseUrl(env);
  parseDatabaseUrl(database.value, database.label);
  return { cacheUrl: parseCacheUrl(cache.value, cache.label), databaseUrl: database.value };
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}

function deferred<T>(): Deferred<T> {
  const d = {} as Deferred<T>;
  d.promise = new Promise<T>((resolve, reject) => Object.assign(d, { resolve, reject }));
  d.promise.catch(() => undefined); // a worker failing after another already did must not crash the process
  return d;
}

/** Worker threads a run uses: --workers, else one per core but one; never more than the sessions. */
export function workerCount(config: LabConfig, cores = availableParallelism()): number {
  const wanted = config.workers > 0 ? config.workers : Math.max(1, cores - 1);
  return Math.max(1, Math.min(wanted, config.threads));
}

/**
 * Opens the main thread's own connections: proves both servers answer before any worker starts,
 * and that the database has the airport schema (and is the kit's own if the run writes).
 */
async function probeServers(config: LabConfig, servers: RealServers): Promise<{ store: AirportStore; passengers: number; flights: number }> {
  const labels = serverLabels(servers);
  let store: AirportStore;
  let database: AirportDatabase;
  try {
    ({ store, database } = await openAirportDatabase({ databaseUrl: servers.databaseUrl, connectionLimit: 1 }));
  } catch (error) {
    throw namedServerError(error, labels.database);
  }
  try {
    assertWritable(database, config, servers.databaseUrl);
    let passengers: number;
    let flights: number;
    try {
      passengers = (await store.passengerIds()).last;
      flights = (await store.flightIds()).last;
    } catch (error) {
      throw namedServerError(error, labels.database);
    }
    if (config.cache) (await connectRedis(servers.cacheUrl)).disconnect();
    return { store, passengers, flights };
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}

/** How long stopped workers get to finish the operation in flight and post their figures. */
const STOP_GRACE_MS = 3000;

/** How errors name the two servers (passwords masked). */
export function serverLabels(servers: RealServers): { cache: string; database: string } {
  return {
    cache: `Redis/Valkey at CACHE_URL=${maskCacheUrl(servers.cacheUrl)}`,
    database: `MySQL/MariaDB at DATABASE_URL=${parseDatabaseUrl(servers.databaseUrl).display}`,
  };
}

/** Runs the load test on real servers; see the module comment. */
export async function runThreads(config: LabConfig, servers: RealServers, hooks: RunHooks = {}): Promise<RunOutcome> {
  const startedAt = new Date();
  const signal = hooks.signal;
  const checkStop = (during: string): void => {
    if (signal?.aborted) throw new LabInterruptedError(stopReason(signal), during);
  };
  hooks.onPhase?.(`Connecting to ${maskCacheUrl(servers.cacheUrl)} and ${parseDatabaseUrl(servers.databaseUrl).display}…`);
  const { store, passengers, flights } = await probeServers(config, servers);
  await store.close();
  checkStop('while connecting to the servers');
  let flushedKeys = 0;
  if (config.flush && config.cache) {
    const redis = await connectRedis(servers.cacheUrl);
    try {
      flushedKeys = await flushLabKeys(redis, config.keyPrefix);
    } finally {
      redis.disconnect();
    }
    checkStop("while deleting the lab's keys (--flush)");
  }
  const total = config.threads * config.queries;
  const progressEvery = Math.max(1, Math.min(1000, Math.floor(config.queries / 20)));
  const workerThreads = workerCount(config);
  const done = new Array<number>(workerThreads).fill(0);
  const workers: Worker[] = [];
  const readies: Deferred<number>[] = [];
  const results: Deferred<Recorder>[] = [];
  // Each worker's figures so far (its last snapshot, then its result): what a stopped or failed run keeps.
  const latest = new Array<RecorderJSON | undefined>(workerThreads).fill(undefined);
  const reported = new Array<boolean>(workerThreads).fill(false);
  let t0: number | undefined;
  let warmedEntries = 0;
  let stoppedBy: string | undefined;
  const notes: string[] = [];
  const outcomeOf = (recorder: Recorder, durationMs: number): RunOutcome => ({
    config,
    startedAt,
    durationMs,
    timeBase: 'wall',
    workerThreads,
    recorder,
    passengers,
    flights,
    cacheServer: config.cache ? maskCacheUrl(servers.cacheUrl) : 'not used (--no-cache)',
    database: parseDatabaseUrl(servers.databaseUrl).display,
    warmedEntries,
    flushedKeys,
    ...(stoppedBy ? { stoppedBy } : {}),
    ...(notes.length > 0 ? { notes: [...notes] } : {}),
  });
  const take = (): RunOutcome => {
    const recorder = new Recorder();
    for (const json of latest) if (json) recorder.merge(json);
    return outcomeOf(recorder, t0 === undefined ? 0 : performance.now() - t0);
  };
  hooks.onPhase?.(
    `Starting ${config.threads} sessions on ${workerThreads} worker thread${workerThreads === 1 ? '' : 's'}` +
      `${config.warmup > 0 ? ` and warming the cache with ${config.warmup.toLocaleString('en-US')} reads` : ''}…`,
  );
  const labels = serverLabels(servers);
  for (let index = 0; index < workerThreads; index++) {
    const sessions = Array.from({ length: config.threads }, (_, i) => i).filter((i) => i % workerThreads === index);
    const setup: WorkerSetup = { sessions, config, ...servers, passengers, flights, progressEvery, snapshotEveryMs: 1000, servers: labels };
    const worker = new Worker(WORKER_ENTRY, { workerData: setup });
    const ready = deferred<number>();
    const result = deferred<Recorder>();
    const fail = (error: Error): void => {
      ready.reject(error);
      result.reject(error);
    };
    workers.push(worker);
    readies.push(ready);
    results.push(result);
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'ready') ready.resolve(m.warmed);
      else if (m.type === 'progress') {
        done[index] = m.done;
        hooks.onProgress?.(
          done.reduce((a, b) => a + b, 0),
          total,
        );
      } else if (m.type === 'snapshot') {
        if (!reported[index]) latest[index] = m.recorder;
        hooks.onSnapshot?.(take);
      } else if (m.type === 'result') {
        latest[index] = m.recorder;
        reported[index] = true;
        result.resolve(Recorder.fromJSON(m.recorder));
      } else if (m.error.code) fail(new WorkerReportedError(m.error.code, m.error.message, m.error.exitCode ?? 1, index));
      else fail(new LabWorkerError(index, m.error.message));
    });
    worker.on('error', (error) => fail(new LabWorkerError(index, error.message, { cause: error })));
    worker.on('exit', (code) => fail(new LabWorkerError(index, `the thread exited (code ${code}) before reporting its figures`)));
  }
  const stopped = deferred<void>();
  let grace: NodeJS.Timeout | undefined;
  const requestStop = (): void => {
    for (const w of workers) w.postMessage({ type: 'stop' });
    // A worker stuck on a server that does not answer is not waited for: its last snapshot stands in.
    grace = setTimeout(() => {
      let stuck = 0;
      results.forEach((r, i) => {
        if (reported[i]) return;
        stuck += 1;
        const json = latest[i];
        r.resolve(json ? Recorder.fromJSON(json) : new Recorder());
      });
      if (stuck > 0) {
        notes.push(
          `${stuck} of ${workerThreads} worker threads did not stop within ${STOP_GRACE_MS / 1000} s and were ended; ` +
            'their figures are those of their last snapshot (up to a second old), and operations they had in flight are not in the log.',
        );
      }
    }, STOP_GRACE_MS);
  };
  const onAbort = (): void => {
    stoppedBy = stopReason(signal!);
    stopped.resolve();
    if (t0 !== undefined) requestStop(); // else not measuring yet: the warm-up wait below gives up
  };
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const warmed = await Promise.race([
      Promise.all(readies.map((r) => r.promise)),
      stopped.promise.then(() => {
        throw new LabInterruptedError(stoppedBy!, config.warmup > 0 ? 'while the sessions connected and warmed the cache' : 'while the sessions connected');
      }),
    ]);
    warmedEntries = warmed.reduce((a, b) => a + b, 0);
    hooks.onPhase?.(
      `Running ${total.toLocaleString('en-US')} queries: ${config.threads} sessions on ${workerThreads} worker thread${workerThreads === 1 ? '' : 's'}…`,
    );
    t0 = performance.now();
    for (const w of workers) w.postMessage({ type: 'start' });
    if (stoppedBy) requestStop(); // the stop request came as the warm-up ended
    hooks.onSnapshot?.(take);
    const recorders = await Promise.all(results.map((r) => r.promise));
    const durationMs = performance.now() - t0;
    if (!stoppedBy) hooks.onProgress?.(total, total);
    const recorder = new Recorder();
    for (const r of recorders) recorder.merge(r);
    return outcomeOf(recorder, durationMs);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    clearTimeout(grace);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
