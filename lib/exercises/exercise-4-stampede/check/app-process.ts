/**
 * One app instance in a process of its own (real-backend runs of exercise 4's load check): it
 * imports the implementation under test, opens its own Redis connection and loads through the
 * parent, which owns the one counted data source. Started by process-pool.ts with tsx; it talks
 * over the IPC channel only (see the Message types there).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import type { DataSource } from '../../../backends/types.js';
import type { Exercise4Module, StampedePreventionApi } from '../types.js';
import type { ChildMessage, ParentMessage } from './process-pool.js';

let app: StampedePreventionApi<unknown> | undefined;
let redis: Redis | undefined;
let nextLoad = 0;
const loads = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

const send = (message: ChildMessage): void => void process.send?.(message);

const source: DataSource<unknown> = {
  stats: { calls: 0, failures: 0, inFlight: 0, peakInFlight: 0 },
  resetStats() {},
  load(key) {
    const id = nextLoad++;
    send({ type: 'load', id, key });
    return new Promise((resolve, reject) => loads.set(id, { resolve, reject }));
  },
};

async function init(message: Extract<ParentMessage, { type: 'init' }>): Promise<void> {
  const load = async (file: string) => import(pathToFileURL(path.join(message.dir, file)).href) as Promise<Record<string, unknown>>;
  const [s, l, c] = await Promise.all([load('stampede.ts'), load('lock-manager.ts'), load('circuit-breaker.ts')]);
  const module = { CacheStampedePrevention: s.CacheStampedePrevention, LockManager: l.LockManager, CircuitBreaker: c.CircuitBreaker } as Exercise4Module;
  redis = new Redis(message.url, { keyPrefix: message.keyPrefix, maxRetriesPerRequest: 1 });
  const cache = redis;
  const locks = new module.LockManager(cache, message.locks);
  const breaker = new module.CircuitBreaker(message.breaker);
  app = new module.CacheStampedePrevention(cache, source, locks, { ...message.stampede, circuitBreaker: breaker });
}

async function burst(key: string, count: number): Promise<{ errors: number; firstError?: string }> {
  let errors = 0;
  let firstError: string | undefined;
  await Promise.all(
    Array.from({ length: count }, () =>
      app!.get(key).catch((error: unknown) => {
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }),
    ),
  );
  return { errors, firstError };
}

process.on('message', (message: ParentMessage) => {
  const reply = (work: () => Promise<ChildMessage>): void =>
    void work().then(send, (error: unknown) => send({ type: 'failed', id: message.id, error: error instanceof Error ? error.message : String(error) }));
  switch (message.type) {
    case 'init':
      return reply(async () => (await init(message), { type: 'done', id: message.id }));
    case 'burst':
      return reply(async () => ({ type: 'burst-done', id: message.id, ...(await burst(message.key, message.count)) }));
    case 'drain':
      return reply(async () => (await app!.drain(), { type: 'done', id: message.id }));
    case 'loaded': {
      const pending = loads.get(message.loadId);
      loads.delete(message.loadId);
      if (message.error !== undefined) pending?.reject(new Error(message.error));
      else pending?.resolve(message.value);
      return;
    }
    case 'close':
      return reply(async () => (await redis?.quit(), { type: 'done', id: message.id }));
  }
});
