/**
 * App instances as separate processes (real-backend runs): each child (app-process.ts, run with
 * tsx) has its own event loop and its own Redis connection, so "several app instances" means what
 * it means in production. The parent owns the data source; children load through it over IPC,
 * which keeps one exact count of source calls.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CircuitBreakerOptions, LockManagerOptions, StampedeOptions } from '../types.js';

/** Messages from the parent. */
export type ParentMessage =
  | {
      type: 'init';
      id: number;
      dir: string;
      url: string;
      keyPrefix: string;
      stampede: Omit<StampedeOptions, 'circuitBreaker' | 'random'>;
      locks: Omit<LockManagerOptions, 'random'>;
      breaker: CircuitBreakerOptions;
    }
  | { type: 'burst'; id: number; key: string; count: number }
  | { type: 'drain'; id: number }
  | { type: 'close'; id: number }
  | { type: 'loaded'; id: number; loadId: number; value?: unknown; error?: string };

/** Messages from a child. */
export type ChildMessage =
  | { type: 'done'; id: number }
  | { type: 'burst-done'; id: number; errors: number; firstError?: string }
  | { type: 'failed'; id: number; error: string }
  | { type: 'load'; id: number; key: string };

/** Options of {@link spawnApps}. */
export interface SpawnOptions extends Omit<Extract<ParentMessage, { type: 'init' }>, 'type' | 'id'> {
  count: number;
  /** The shared data source. */
  load: (key: string) => Promise<unknown>;
  /** Longest a child may take to answer one request. Default 60 s. */
  timeoutMs?: number;
}

/** Running app processes. */
export interface AppProcesses {
  /** Every child reads `key` `count` times at once; resolves with the errors they saw. */
  burst(key: string, count: number): Promise<{ errors: number; firstError?: string }>;
  drain(): Promise<void>;
  close(): Promise<void>;
}

const APP = fileURLToPath(new URL('./app-process.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Starts `count` app processes on the implementation in `dir`. */
export async function spawnApps(options: SpawnOptions): Promise<AppProcesses> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const children = Array.from({ length: options.count }, (_, index) => child(index, options, timeoutMs));
  const all = <T>(f: (c: Child) => Promise<T>) => Promise.all(children.map(f));
  try {
    const { count: _count, load: _load, timeoutMs: _timeout, ...init } = options;
    await all((c) => c.request({ type: 'init', ...init }));
  } catch (error) {
    children.forEach((c) => c.process.kill());
    throw error;
  }
  return {
    async burst(key, count) {
      const replies = await all((c) => c.request({ type: 'burst', key, count }));
      let errors = 0;
      let firstError: string | undefined;
      for (const r of replies) {
        if (r.type !== 'burst-done') continue;
        errors += r.errors;
        firstError ??= r.firstError;
      }
      return { errors, firstError };
    },
    async drain() {
      await all((c) => c.request({ type: 'drain' }));
    },
    async close() {
      await all((c) => c.request({ type: 'close' }).catch(() => undefined));
      children.forEach((c) => c.process.kill());
    },
  };
}

interface Child {
  process: ChildProcess;
  request(message: DistributiveOmit<Exclude<ParentMessage, { type: 'loaded' }>, 'id'>): Promise<ChildMessage>;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function child(index: number, options: SpawnOptions, timeoutMs: number): Child {
  const proc = fork(APP, [], { execArgv: ['--import', TSX], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  proc.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2_000)));
  const pending = new Map<number, { resolve: (m: ChildMessage) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  let nextId = 0;
  const fail = (why: string) => {
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(`app process ${index + 1}: ${why}${stderr ? `\n${stderr.trim()}` : ''}`));
    }
    pending.clear();
  };
  proc.on('exit', (code) => fail(`exited with code ${code}`));
  proc.on('error', (error) => fail(error.message));
  proc.on('message', (message: ChildMessage) => {
    if (message.type === 'load') {
      options.load(message.key).then(
        (value) => proc.send({ type: 'loaded', id: -1, loadId: message.id, value } satisfies ParentMessage),
        (error: unknown) =>
          proc.send({ type: 'loaded', id: -1, loadId: message.id, error: error instanceof Error ? error.message : String(error) } satisfies ParentMessage),
      );
      return;
    }
    const p = pending.get(message.id);
    if (!p) return;
    pending.delete(message.id);
    clearTimeout(p.timer);
    if (message.type === 'failed') p.reject(new Error(`app process ${index + 1}: ${message.error}`));
    else p.resolve(message);
  });
  return {
    process: proc,
    request(message) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`app process ${index + 1} did not answer "${message.type}" within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer });
        proc.send({ ...message, id });
      });
    },
  };
}
