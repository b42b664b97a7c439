/**
 * A load-test worker thread (real backend). It hosts one or more sessions, the seed's "threads":
 * each session opens its own Redis and MySQL connections and runs its own operations one at a
 * time. The worker warms its sessions' share of the cache, reports ready, waits for the start
 * signal, runs its sessions side by side (posting a snapshot of its figures about once a second),
 * closes its connections and posts their figures. A `stop` message ends the run early: no new
 * operation starts, the ones in flight finish. Started by lab/threads.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Redis } from 'ioredis';
import { runOps, warmUp, type WorkerContext } from './cache-aside.js';
import { openLabMysqlStore, type ClosableLabStore } from './mysql-store.js';
import { namedServerError } from './errors.js';
import { Recorder } from './recorder.js';
import { connectRedis, redisLabCache } from './redis.js';
import { warmupPassengers, workerTrace } from './outcome.js';
import type { MainMessage, WorkerMessage, WorkerSetup } from './worker-protocol.js';

const port = parentPort!;
const setup = workerData as WorkerSetup;
const post = (message: WorkerMessage): void => port.postMessage(message);

/** What one session holds open. */
interface Session {
  index: number;
  redis?: Redis;
  store?: ClosableLabStore;
}

async function open(session: Session, recorder: Recorder): Promise<WorkerContext> {
  const { config } = setup;
  if (config.cache) session.redis = await connectRedis(setup.cacheUrl);
  try {
    session.store = await openLabMysqlStore(setup.databaseUrl);
  } catch (error) {
    throw namedServerError(error, setup.servers.database); // e.g. "Too many connections" with many --threads
  }
  return {
    cache: session.redis ? redisLabCache(session.redis) : undefined,
    store: session.store,
    ttlMs: config.ttlMs,
    keyPrefix: config.keyPrefix,
    stopwatch: { nowUs: () => performance.now() * 1000, epochAtZeroMs: performance.timeOrigin },
    // Sessions of one thread share a recorder: they never run at the same instant.
    recorder,
    servers: setup.servers,
  };
}

async function closeAll(sessions: Session[]): Promise<void> {
  for (const s of sessions) {
    s.redis?.disconnect();
    s.redis = undefined;
    await s.store?.close();
    s.store = undefined;
  }
}

/** Yields to the event loop at most every 50 ms, so messages and timers run even when no operation does I/O. */
function pauser(): () => Promise<void> | undefined {
  let last = performance.now();
  return () => {
    const now = performance.now();
    if (now - last < 50) return undefined;
    last = now;
    return new Promise((resolve) => setImmediate(resolve));
  };
}

async function main(): Promise<void> {
  const { config, passengers, flights } = setup;
  const sessions: Session[] = setup.sessions.map((index) => ({ index }));
  const recorder = new Recorder();
  try {
    const contexts = await Promise.all(sessions.map((s) => open(s, recorder)));
    const warmed =
      config.warmup > 0
        ? (await Promise.all(contexts.map((ctx, i) => warmUp(ctx, warmupPassengers(config, sessions[i]!.index, passengers, flights))))).reduce(
            (a, b) => a + b,
            0,
          )
        : 0;
    const control = { stopped: false };
    const started = new Promise<void>((resolve) =>
      port.on('message', (m: MainMessage) => {
        if (m.type === 'stop') control.stopped = true;
        resolve();
      }),
    );
    post({ type: 'ready', warmed });
    await started;
    const done = new Array<number>(sessions.length).fill(0);
    let posted = 0;
    const snapshots = setInterval(() => post({ type: 'snapshot', recorder: recorder.toJSON() }), setup.snapshotEveryMs);
    const pause = pauser();
    try {
      await Promise.all(
        contexts.map((ctx, i) =>
          runOps(ctx, workerTrace(config, sessions[i]!.index, passengers, flights), {
            control,
            pause,
            onProgress: (n) => {
              done[i] = n;
              const total = done.reduce((a, b) => a + b, 0);
              if (total - posted >= setup.progressEvery) post({ type: 'progress', done: (posted = total) });
            },
          }),
        ),
      );
    } finally {
      clearInterval(snapshots);
    }
    await closeAll(sessions);
    post({ type: 'result', recorder: recorder.toJSON() });
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown; exitCode?: unknown };
    post({
      type: 'fatal',
      error: {
        ...(typeof e?.code === 'string' ? { code: e.code } : {}),
        message: typeof e?.message === 'string' ? e.message : String(error),
        ...(typeof e?.exitCode === 'number' ? { exitCode: e.exitCode } : {}),
      },
    });
  } finally {
    await closeAll(sessions);
  }
}

void main();
