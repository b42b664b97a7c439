/**
 * Exercise 2, part 2: the latency optimizer for the social platform's cache. One class, the
 * seed's four methods, their inverses (decompress, deserialize), and the entry points the app
 * and the load check call (read, readMany, write, close). Read README.md first; hints per method
 * are in README.md, "Hints".
 *
 * Conventions the tests and the load check rely on:
 * - the value of key K is stored in the cache under K itself, as a string value (SET/GET/MGET);
 * - reads decode with `this.decompress` then `this.deserialize`, writes encode with
 *   `this.optimizeSerialization` then `this.implementCompression`: the load check charges each
 *   call by the bytes it handles (README, "Where the milliseconds go");
 * - instances announce writes on the pub/sub channel `options.channel`; `cache` is this
 *   instance's own connection (a subscribed connection cannot send other commands);
 * - time is Date.now() and timers are setTimeout: the kit fakes both in simulations.
 */
import type { CacheClient } from '../../lib/backends/types.js';
import { resolveLatencyOptions, type ResolvedLatencyOptions } from '../../lib/exercises/exercise-2-latency/options.js';
import type { ConnectionPoolApi, LatencyOptimizerApi, LatencyOptions } from '../../lib/exercises/exercise-2-latency/types.js';
import { LocalTier } from './local-tier.js';

/** Cuts the latency of reads and writes on the cache. */
export class LatencyOptimizer<V = unknown> implements LatencyOptimizerApi<V> {
  readonly #cache: CacheClient;
  readonly #pool: ConnectionPoolApi;
  readonly #options: ResolvedLatencyOptions;
  readonly #local: LocalTier<V>;
  // TODO: add the connections you keep, and whatever you need to keep the local tier correct
  // (e.g. the fetches in flight per key, so an invalidation can spoil their result).

  constructor(cache: CacheClient, connectionPool: ConnectionPoolApi, options: LatencyOptions = {}) {
    this.#cache = cache;
    this.#pool = connectionPool;
    this.#options = resolveLatencyOptions(options); // defaults and validation (given)
    const { localMaxBytes: maxBytes, localMaxEntries: maxEntries, localTtlMs: ttlMs } = this.#options;
    this.#local = new LocalTier<V>({ maxBytes, maxEntries, ttlMs });
  }

  /**
   * Connection pooling and multiplexing: take `options.connections` connections from the pool
   * ONCE and share them between all requests (never one per request), open them now so no request
   * pays the set-up, and subscribe `cache` to `options.channel` (each message is a key some
   * instance wrote: drop it from the local tier). Safe to call twice; read/readMany/write call it
   * themselves if the app did not. When the pool runs dry it waits one acquireTimeoutMs (not one
   * per missing connection) and carries on with the connections it got, taking the rest later.
   * Rejects with the pool's E_POOL_EXHAUSTED only when it got none (and works when called again).
   */
  async optimizeConnections(): Promise<void> {
    // TODO: acquire, warm up, subscribe.
    void this.#pool;
    throw new Error('TODO: LatencyOptimizer.optimizeConnections is not implemented yet → npm run hint exercise-2 optimizeConnections');
  }

  /**
   * The stored form of encoded bytes: a small header (a few bytes that say "mine" and how it is
   * stored, plus a checksum), then the data deflated when it is at least
   * `options.compressionThreshold` bytes and deflating makes it smaller, else the data as it is.
   * Never more than 16 bytes larger than `data`.
   */
  implementCompression(data: Uint8Array): Buffer {
    // TODO: header + deflated or stored payload (node:zlib).
    throw new Error(
      `TODO: LatencyOptimizer.implementCompression(${data.length} bytes) is not implemented yet (threshold ${this.#options.compressionThreshold}) → npm run hint exercise-2 implementCompression`,
    );
  }

  /** The bytes implementCompression was given. Throws CorruptValueError for anything it did not produce. */
  decompress(stored: Uint8Array): Buffer {
    // TODO: check the header, inflate if needed, verify the checksum.
    throw new Error(`TODO: LatencyOptimizer.decompress(${stored.length} bytes) is not implemented yet → npm run hint exercise-2 implementCompression`);
  }

  /**
   * Keeps `value` in the local tier so reads of `key` skip the network. Returns false when the
   * tier cannot hold it (too large, or turned off). Throws InvalidKeyError / InvalidValueError
   * for a bad key or an undefined value. Until optimizeConnections() has subscribed, you may
   * distrust the local tier (a write could go unseen) and read from the cache instead.
   */
  addLocalCaching(key: string, value: V): boolean {
    // TODO: size the value and put it in this.#local.
    void this.#local;
    throw new Error(`TODO: LatencyOptimizer.addLocalCaching("${key}") is not implemented yet → npm run hint exercise-2 addLocalCaching`);
  }

  /**
   * The value as bytes, exactly reversible by deserialize for strings (any Unicode), numbers,
   * booleans, null, nested arrays and objects, and binary data (Buffer / Uint8Array). Binary data
   * takes its own bytes plus a few, not JSON's list of numbers; there is no other size promise
   * (v8.serialize takes about twice JSON's bytes for text beyond Latin-1 and for short numbers; the
   * load check prices what you produce). Encode only: compressing is implementCompression's job.
   * Throws InvalidValueError for what cannot be encoded (functions…).
   */
  optimizeSerialization(data: V): Buffer {
    // TODO: a compact, exact encoding.
    throw new Error(`TODO: LatencyOptimizer.optimizeSerialization(${typeof data}) is not implemented yet → npm run hint exercise-2 optimizeSerialization`);
  }

  /** The value optimizeSerialization encoded. Throws CorruptValueError when the bytes are not one. */
  deserialize(bytes: Uint8Array): V {
    // TODO: the inverse of optimizeSerialization.
    throw new Error(`TODO: LatencyOptimizer.deserialize(${bytes.length} bytes) is not implemented yet → npm run hint exercise-2 optimizeSerialization`);
  }

  /**
   * The value of `key`: from the local tier when it holds it, else from the cache (then kept in
   * the local tier, unless a write of `key` was announced while it was being fetched). Resolves to
   * undefined when the key is not cached; rejects with CorruptValueError when the cached bytes
   * cannot be decoded (or resolves to undefined: a miss), InvalidKeyError for a bad key. A reply
   * error such as WRONGTYPE (the key holds a hash, a list…) rejects with that error.
   */
  async read(key: string): Promise<V | undefined> {
    // TODO: local tier, then one GET on a shared connection.
    throw new Error(`TODO: LatencyOptimizer.read("${key}") is not implemented yet → npm run hint exercise-2 read`);
  }

  /**
   * The values of `keys`, in the same order (undefined where not cached): local hits from memory,
   * all the others in ONE round trip (MGET or a pipeline). An empty array resolves to [] without
   * touching the network. Bytes it cannot decode reject the call with CorruptValueError (or read
   * as undefined at their place), as in read; a key holding another type reads as undefined when
   * fetched with MGET (nil), or rejects with WRONGTYPE when fetched with GET: either is accepted.
   * InvalidKeyError for a bad key.
   */
  async readMany(keys: readonly string[]): Promise<(V | undefined)[]> {
    // TODO: split local hits from misses, fetch the misses together.
    throw new Error(`TODO: LatencyOptimizer.readMany(${keys.length} keys) is not implemented yet → npm run hint exercise-2 readMany`);
  }

  /**
   * Stores `value` under `key` and announces the write on `options.channel` (in the same round
   * trip: MULTI or a pipeline), so that no instance serves the old value from its local tier once
   * write() has resolved. Rejects with InvalidValueError for undefined or unencodable values.
   */
  async write(key: string, value: V): Promise<void> {
    // TODO: encode, compress, SET + PUBLISH.
    throw new Error(`TODO: LatencyOptimizer.write("${key}", ${typeof value}) is not implemented yet → npm run hint exercise-2 write`);
  }

  /**
   * Unsubscribes, gives every connection back to the pool, empties the local tier. Reads and
   * writes after it reject with OptimizerClosedError (E_CLOSED).
   */
  async close(): Promise<void> {
    // TODO: release what optimizeConnections took.
    void this.#cache;
    throw new Error('TODO: LatencyOptimizer.close is not implemented yet → npm run hint exercise-2 optimizeConnections');
  }
}
