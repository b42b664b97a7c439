/**
 * The messages between the load test's main thread and its worker threads (real backend).
 * main → worker: workerData ({@link WorkerSetup}), then `start`, and `stop` to end the run early.
 * worker → main: `ready` (connected and warmed), `progress` and, about once a second while it
 * runs, a `snapshot` of its figures so far (the live log), then `result` or `fatal`.
 */
import type { LabConfig } from './config.js';
import type { RecorderJSON } from './recorder.js';

/** What a worker thread is started with. */
export interface WorkerSetup {
  /** The sessions (the seed's threads) this worker thread runs, by index. */
  sessions: number[];
  config: LabConfig;
  cacheUrl: string;
  databaseUrl: string;
  passengers: number;
  flights: number;
  /** Post a progress message every this many operations (of all its sessions). */
  progressEvery: number;
  /** Post a snapshot every this many ms of the run. */
  snapshotEveryMs: number;
  /** How errors name the servers (passwords masked). */
  servers: { cache: string; database: string };
}

/** A message from a worker thread. */
export type WorkerMessage =
  | { type: 'ready'; warmed: number }
  | { type: 'progress'; done: number }
  | { type: 'snapshot'; recorder: RecorderJSON }
  | { type: 'result'; recorder: RecorderJSON }
  | { type: 'fatal'; error: { code?: string; message: string; exitCode?: number } };

/** A message to a worker thread. */
export type MainMessage = { type: 'start' } | { type: 'stop' };
