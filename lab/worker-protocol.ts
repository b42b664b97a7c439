/**
 * The messages between the load test's main thread and its worker threads (real backend).
 * main → worker: workerData ({@link WorkerSetup}), then `start`. worker → main: `ready` (connected
 * and warmed), `progress`, then `result` or `fatal`.
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
}

/** A message from a worker thread. */
export type WorkerMessage =
  | { type: 'ready'; warmed: number }
  | { type: 'progress'; done: number }
  | { type: 'result'; recorder: RecorderJSON }
  | { type: 'fatal'; error: { code?: string; message: string; exitCode?: number } };

/** A message to a worker thread. */
export type MainMessage = { type: 'start' };
