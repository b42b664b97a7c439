/**
 * A bounded pool of cache connections (given code), shaped like the pools of database drivers:
 * acquire() lends a connection for the caller's exclusive use until release(); at most `max` are
 * open at once; callers beyond that wait in line, and give up with E_POOL_EXHAUSTED after
 * `acquireTimeoutMs`. Idle connections are reused most-recent first (they are the warm ones), and
 * one found closed is dropped rather than lent. Redis connections, unlike most database ones, can
 * carry many requests at once: how you use this pool is part of exercise 2.
 */
import type { CacheClient } from '../../backends/types.js';
import { InvalidOptionError, PoolClosedError, PoolExhaustedError, PoolMisuseError } from './errors.js';
import type { ConnectionPoolApi, PoolStats } from './types.js';

/** Options of {@link ConnectionPool}. */
export interface ConnectionPoolOptions {
  /** Most connections open at once. Default 8. */
  max?: number;
  /** How long acquire() waits for a free connection, in ms. Default 1,000. */
  acquireTimeoutMs?: number;
}

interface Waiter {
  resolve(client: CacheClient): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/** A bounded connection pool; see the module comment. */
export class ConnectionPool implements ConnectionPoolApi {
  readonly max: number;
  readonly acquireTimeoutMs: number;
  readonly #open: () => CacheClient;
  readonly #idle: CacheClient[] = [];
  readonly #inUse = new Set<CacheClient>();
  readonly #waiters: Waiter[] = [];
  #opened = 0;
  #destroyed = 0;
  #timeouts = 0;
  #peakInUse = 0;
  #closed = false;

  /** @param open opens one new connection to the cache (the backend decides how). */
  constructor(open: () => CacheClient, options: ConnectionPoolOptions = {}) {
    if (typeof open !== 'function') throw new InvalidOptionError('ConnectionPool', 'open', open, 'a function that opens a cache connection');
    const max = options.max ?? 8;
    const timeout = options.acquireTimeoutMs ?? 1_000;
    if (!Number.isInteger(max) || max < 1) throw new InvalidOptionError('ConnectionPool', 'options.max', max, 'an integer ≥ 1 (e.g. 8)');
    if (!Number.isFinite(timeout) || timeout < 0)
      throw new InvalidOptionError('ConnectionPool', 'options.acquireTimeoutMs', timeout, 'a number of milliseconds ≥ 0 (e.g. 1000)');
    this.#open = open;
    this.max = max;
    this.acquireTimeoutMs = timeout;
  }

  get stats(): Readonly<PoolStats> {
    return {
      open: this.#idle.length + this.#inUse.size,
      idle: this.#idle.length,
      inUse: this.#inUse.size,
      waiting: this.#waiters.length,
      opened: this.#opened,
      destroyed: this.#destroyed,
      timeouts: this.#timeouts,
      peakInUse: this.#peakInUse,
    };
  }

  async acquire(): Promise<CacheClient> {
    if (this.#closed) throw new PoolClosedError();
    for (let idle = this.#idle.pop(); idle; idle = this.#idle.pop()) {
      if (idle.status !== 'end') return this.#lend(idle);
      this.#destroyed += 1; // closed while idle: drop it instead of lending a dead connection
    }
    if (this.#inUse.size < this.max) return this.#lend(this.#create());
    const started = Date.now();
    return new Promise<CacheClient>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          this.#timeouts += 1;
          reject(new PoolExhaustedError(this.max, Date.now() - started));
        }, this.acquireTimeoutMs),
      };
      this.#waiters.push(waiter);
    });
  }

  release(client: CacheClient): void {
    if (!this.#inUse.delete(client))
      throw new PoolMisuseError(this.#idle.includes(client) ? 'a connection was released twice' : 'release() got a connection this pool did not lend');
    if (this.#closed) return void client.disconnect();
    if (client.status === 'end') return this.#replace();
    const waiter = this.#waiters.shift();
    if (waiter) return this.#handOver(waiter, client);
    this.#idle.push(client);
  }

  destroy(client: CacheClient): void {
    const idleAt = this.#idle.indexOf(client);
    if (idleAt >= 0) this.#idle.splice(idleAt, 1);
    else if (!this.#inUse.delete(client)) throw new PoolMisuseError('destroy() got a connection this pool did not lend (or destroyed it already)');
    client.disconnect();
    this.#destroyed += 1;
    if (!this.#closed) this.#replace();
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const waiter of this.#waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(new PoolClosedError());
    }
    for (const client of [...this.#idle.splice(0), ...this.#inUse]) client.disconnect();
    this.#inUse.clear();
  }

  // A place freed up: the first waiter gets a new connection.
  #replace(): void {
    const waiter = this.#waiters.shift();
    if (waiter) this.#handOver(waiter, this.#create());
  }

  #handOver(waiter: Waiter, client: CacheClient): void {
    clearTimeout(waiter.timer);
    waiter.resolve(this.#lend(client));
  }

  #create(): CacheClient {
    this.#opened += 1;
    return this.#open();
  }

  #lend(client: CacheClient): CacheClient {
    this.#inUse.add(client);
    this.#peakInUse = Math.max(this.#peakInUse, this.#inUse.size);
    return client;
  }
}
