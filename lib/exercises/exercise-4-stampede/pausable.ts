/**
 * A cache client that can be paused, as a whole app instance is by a long GC pause, a stopped VM
 * or a dead process: while paused, nothing it sends reaches the cache and no reply reaches the
 * app. Resuming delivers everything late, which is exactly how a lock holder ends up writing after
 * its lock expired (Kleppmann's scenario). Killing is a pause that never ends.
 */
import type { CacheClient } from '../../backends/types.js';

/** A client wrapper with pause/resume, see the module comment. */
export interface PausableClient {
  /** Hand this to the app instance instead of the raw client. */
  readonly client: CacheClient;
  readonly paused: boolean;
  pause(): void;
  resume(): void;
  /** Pauses forever: the instance is dead. */
  kill(): void;
  /** Resolves when the client is not paused (never, once killed). */
  whenRunning(): Promise<void>;
}

// Methods that only build a request or configure the client locally: no I/O, nothing to hold.
const LOCAL = new Set(['defineCommand', 'on', 'once', 'off', 'emit', 'removeListener', 'addListener', 'duplicate']);
const BATCH = new Set(['multi', 'pipeline']);

/** A method read off the client or a batch, whatever its signature. */
type Method = (...args: unknown[]) => unknown;
const isMethod = (value: unknown): value is Method => typeof value === 'function';

/** Wraps `client`; see the module comment. */
export function pausable(client: CacheClient): PausableClient {
  let paused = false;
  let dead = false;
  let waiters: (() => void)[] = [];
  const whenRunning = (): Promise<void> => (paused ? new Promise<void>((resolve) => waiters.push(resolve)) : Promise.resolve());

  // Replies are held too: a paused process cannot read its socket.
  const hold = async <T>(reply: Promise<T>): Promise<T> => {
    try {
      const value = await reply;
      await whenRunning();
      return value;
    } catch (error) {
      await whenRunning();
      throw error;
    }
  };

  const wrapBatch = (batch: object): object =>
    new Proxy(batch, {
      get(target, prop, receiver: unknown) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (!isMethod(value)) return value;
        if (prop === 'exec') return (...args: unknown[]) => hold(whenRunning().then(() => value.apply(target, args)));
        return (...args: unknown[]) => {
          const out = value.apply(target, args);
          return out === target ? receiver : out;
        };
      },
    });

  const proxy = new Proxy(client, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (!isMethod(value) || typeof prop !== 'string' || LOCAL.has(prop)) {
        return isMethod(value) ? value.bind(target) : value;
      }
      // multi() and pipeline() return the batch object, never a primitive.
      if (BATCH.has(prop)) return (...args: unknown[]) => wrapBatch(value.apply(target, args) as object);
      return (...args: unknown[]) => hold(whenRunning().then(() => value.apply(target, args)));
    },
  });

  return {
    client: proxy,
    get paused() {
      return paused;
    },
    pause() {
      paused = true;
    },
    resume() {
      if (dead) return;
      paused = false;
      const ready = waiters;
      waiters = [];
      for (const resolve of ready) resolve();
    },
    kill() {
      paused = true;
      dead = true;
    },
    whenRunning,
  };
}
