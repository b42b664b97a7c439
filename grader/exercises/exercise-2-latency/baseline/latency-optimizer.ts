/**
 * Exercise 2's baseline: the naive read path, the "before" picture of seed 002 (average latency
 * 150 ms). Every request opens a connection of its own and closes it afterwards, reads one key
 * per round trip, stores raw JSON, compresses nothing and keeps nothing locally.
 */
import type { CacheClient } from '../../../../lib/backends/types.js';
import { assertKey, assertKeys, assertValue, resolveLatencyOptions } from '../../../../lib/exercises/exercise-2-latency/options.js';
import type { ConnectionPoolApi, LatencyOptimizerApi, LatencyOptions } from '../../../../lib/exercises/exercise-2-latency/types.js';

/** Naive cache access: a connection per request, a round trip per key, JSON. */
export class LatencyOptimizer<V = unknown> implements LatencyOptimizerApi<V> {
  readonly #pool: ConnectionPoolApi;

  constructor(_cache: CacheClient, connectionPool: ConnectionPoolApi, options: LatencyOptions = {}) {
    this.#pool = connectionPool;
    resolveLatencyOptions(options);
  }

  /** Nothing is prepared: each request connects when it starts. */
  async optimizeConnections(): Promise<void> {}

  /** Stored as it is. */
  implementCompression(data: Uint8Array): Buffer {
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  }

  /** Stored as it is. */
  decompress(stored: Uint8Array): Buffer {
    return Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  }

  /** No local tier. */
  addLocalCaching(_key: string, _value: V): boolean {
    return false;
  }

  /** JSON text. */
  optimizeSerialization(data: V): Buffer {
    return Buffer.from(JSON.stringify(data));
  }

  /** JSON.parse. */
  deserialize(bytes: Uint8Array): V {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString()) as V;
  }

  /** One GET on a new connection. */
  async read(key: string): Promise<V | undefined> {
    assertKey(key);
    return (await this.readMany([key]))[0];
  }

  /** One GET per key, one after the other, on a new connection. */
  async readMany(keys: readonly string[]): Promise<(V | undefined)[]> {
    assertKeys(keys);
    return this.#withNewConnection(async (c) => {
      const values: (V | undefined)[] = [];
      for (const key of keys) {
        const stored = await c.getBuffer(key);
        values.push(stored === null ? undefined : this.deserialize(this.decompress(stored)));
      }
      return values;
    });
  }

  /** One SET on a new connection. */
  async write(key: string, value: V): Promise<void> {
    assertKey(key);
    assertValue(key, value);
    const stored = this.implementCompression(this.optimizeSerialization(value));
    await this.#withNewConnection((c) => c.set(key, stored));
  }

  /** Nothing to close. */
  async close(): Promise<void> {}

  // "Open, use, close": the pool lends a connection, and destroying it afterwards means the next
  // request opens a new one.
  async #withNewConnection<T>(work: (c: CacheClient) => Promise<T>): Promise<T> {
    const c = await this.#pool.acquire();
    try {
      return await work(c);
    } finally {
      this.#pool.destroy(c);
    }
  }
}
