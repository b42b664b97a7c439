/**
 * Latency optimizer (reference solution). Where the naive read path spends its milliseconds, and
 * what each method does about it:
 * - optimizeConnections: a few long-lived connections shared by every request (Redis connections
 *   carry many requests at once), opened ahead of time: no connection set-up, no queue for the pool;
 * - readMany: the keys a request needs in one MGET, one round trip instead of one per key;
 * - implementCompression: large values deflated, so fewer bytes cross the network;
 * - optimizeSerialization: a binary encoding that decodes without scanning text (see codec.ts);
 * - addLocalCaching: hot values served from memory, no network at all, kept correct by
 *   invalidation messages from every writer.
 */
import type { CacheClient } from '../../lib/backends/types.js';
import { CorruptValueError, InvalidValueError, LatencyError, OptimizerClosedError } from '../../lib/exercises/exercise-2-latency/errors.js';
import { assertKey, assertKeys, assertValue, resolveLatencyOptions, type ResolvedLatencyOptions } from '../../lib/exercises/exercise-2-latency/options.js';
import type { ConnectionPoolApi, LatencyOptimizerApi, LatencyOptions } from '../../lib/exercises/exercise-2-latency/types.js';
import { decode, encode, pack, unpack } from './codec.js';
import { LocalTier } from './local-tier.js';

/** A fetch in flight for one key; an invalidation while it flies makes its result unfit to keep. */
interface Ticket {
  stale: boolean;
}

/** Cuts the latency of reads and writes on the cache; see the module comment. */
export class LatencyOptimizer<V = unknown> implements LatencyOptimizerApi<V> {
  readonly #cache: CacheClient;
  readonly #pool: ConnectionPoolApi;
  readonly #options: ResolvedLatencyOptions;
  readonly #local: LocalTier<V>;
  /** Connections held for the optimizer's lifetime and shared round robin. */
  readonly #connections: CacheClient[] = [];
  #next = 0;
  #ready: Promise<void> | undefined;
  #subscribed: Promise<unknown> | undefined;
  #refilling: Promise<void> | undefined;
  readonly #inflight = new Map<string, Set<Ticket>>();
  readonly #onMessage = (channel: string, key: string): void => {
    if (channel === this.#options.channel) this.#invalidate(key);
  };
  #closed = false;

  constructor(cache: CacheClient, connectionPool: ConnectionPoolApi, options: LatencyOptions = {}) {
    this.#cache = cache;
    this.#pool = connectionPool;
    this.#options = resolveLatencyOptions(options);
    const { localMaxBytes: maxBytes, localMaxEntries: maxEntries, localTtlMs: ttlMs } = this.#options;
    this.#local = new LocalTier<V>({ maxBytes, maxEntries, ttlMs });
  }

  /** Subscribes to invalidations, then takes `options.connections` connections and opens them now. */
  optimizeConnections(): Promise<void> {
    this.#ready ??= this.#prepare().catch((error: unknown) => {
      this.#ready = undefined; // let the next call try again (e.g. once the pool has room)
      throw error;
    });
    return this.#ready;
  }

  /** Frames encoded bytes, deflated from `compressionThreshold` bytes up. */
  implementCompression(data: Uint8Array): Buffer {
    return pack(data, this.#options.compressionThreshold);
  }

  /** The bytes implementCompression framed; CorruptValueError for anything else. */
  decompress(stored: Uint8Array): Buffer {
    return unpack(stored);
  }

  /** Keeps `value` in the local tier (sized by its encoding); false when the tier cannot hold it. */
  addLocalCaching(key: string, value: V): boolean {
    assertKey(key);
    assertValue(key, value);
    return this.#local.set(key, value, this.optimizeSerialization(value).length);
  }

  /** The value as bytes (v8 structured clone, see codec.ts). */
  optimizeSerialization(data: V): Buffer {
    return encode(data);
  }

  /** The value optimizeSerialization encoded. */
  deserialize(bytes: Uint8Array): V {
    return decode(bytes) as V;
  }

  /** The value of `key`, or undefined when it is not cached. */
  async read(key: string): Promise<V | undefined> {
    assertKey(key);
    const [value] = await this.#get([key]);
    return value;
  }

  /** The values of `keys`, in order: local hits from memory, everything else in one MGET. */
  async readMany(keys: readonly string[]): Promise<(V | undefined)[]> {
    assertKeys(keys);
    return keys.length === 0 ? [] : this.#get(keys);
  }

  /** Stores `value` and tells every instance (this one included) to drop its local copy. */
  async write(key: string, value: V): Promise<void> {
    assertKey(key);
    assertValue(key, value);
    let stored: Buffer;
    try {
      stored = this.implementCompression(this.optimizeSerialization(value));
    } catch (error) {
      throw error instanceof LatencyError ? error : new InvalidValueError(value, key, error);
    }
    this.#invalidate(key);
    // SET and PUBLISH in one MULTI: one round trip, and the message leaves before the reply does.
    const replies = await this.#withConnection((c) => c.multi().set(key, stored).publish(this.#options.channel, key).exec());
    const failed = replies?.find(([error]) => error);
    if (!replies || failed) throw failed?.[0] ?? new Error(`the write of "${key}" was aborted`);
    this.#invalidate(key); // a read of ours may have fetched the old value while the write flew
  }

  /** Stops listening, gives every connection back and empties the local tier; later requests reject with E_CLOSED. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#cache.off('message', this.#onMessage);
    await this.#cache.unsubscribe(this.#options.channel).catch(() => undefined);
    for (const c of this.#connections.splice(0)) this.#pool.release(c);
    this.#local.clear();
  }

  async #prepare(): Promise<void> {
    // Listen before the first read: a write between that read and the subscription would go unseen.
    this.#subscribed ??= this.#cache.subscribe(this.#options.channel).catch((error: unknown) => {
      this.#subscribed = undefined;
      throw error;
    });
    if (this.#cache.listeners('message').includes(this.#onMessage) === false) this.#cache.on('message', this.#onMessage);
    await this.#subscribed;
    await this.#refill();
    // Pay each connection's set-up now rather than in the first requests that use it.
    await Promise.all(this.#connections.map((c) => c.ping()));
  }

  /** Takes connections up to `options.connections`; fails only when it could get none. */
  #refill(): Promise<void> {
    this.#refilling ??= (async () => {
      try {
        while (!this.#closed && this.#connections.length < this.#options.connections) {
          const c = await this.#pool.acquire();
          if (this.#closed) {
            this.#pool.release(c); // closed while waiting for the pool: give it back and stop
            return;
          }
          this.#connections.push(c);
        }
      } catch (error) {
        if (this.#connections.length === 0) throw error;
      } finally {
        this.#refilling = undefined;
      }
    })();
    return this.#refilling;
  }

  async #connection(): Promise<CacheClient> {
    if (this.#closed) throw new OptimizerClosedError();
    await this.optimizeConnections();
    if (this.#connections.length === 0) await this.#refill();
    if (this.#closed)
      throw new OptimizerClosedError(); // closed while this request waited for the pool
    else if (this.#connections.length < this.#options.connections) void this.#refill().catch(() => undefined);
    return this.#connections[this.#next++ % this.#connections.length]!;
  }

  /** Runs `work` on a shared connection; a broken one is destroyed (its place freed) and the work retried once. */
  async #withConnection<T>(work: (c: CacheClient) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const c = await this.#connection();
      try {
        return await work(c);
      } catch (error) {
        if (c.status !== 'end') throw error; // a reply error (e.g. WRONGTYPE): the connection is fine
        this.#drop(c);
        if (attempt >= 1) throw error;
      }
    }
  }

  #drop(c: CacheClient): void {
    const at = this.#connections.indexOf(c);
    if (at < 0) return; // another request dropped it already
    this.#connections.splice(at, 1);
    this.#pool.destroy(c);
  }

  async #get(keys: readonly string[]): Promise<(V | undefined)[]> {
    const out = new Array<V | undefined>(keys.length);
    const positions = new Map<string, number[]>(); // distinct missing key → where it goes in `out`
    keys.forEach((key, i) => {
      const hit = this.#local.get(key);
      if (hit !== undefined) out[i] = hit;
      else positions.set(key, [...(positions.get(key) ?? []), i]);
    });
    if (positions.size === 0) return out;
    const missing = [...positions.keys()];
    const tickets = missing.map((key) => this.#ticket(key));
    try {
      const raw = await this.#withConnection((c) => (missing.length === 1 ? c.getBuffer(missing[0]!).then((b) => [b]) : c.mgetBuffer(...missing)));
      missing.forEach((key, j) => {
        const stored = raw[j];
        const value = stored ? this.#decode(key, stored, tickets[j]!) : undefined;
        for (const i of positions.get(key)!) out[i] = value;
      });
    } finally {
      missing.forEach((key, j) => this.#settle(key, tickets[j]!));
    }
    return out;
  }

  #decode(key: string, stored: Buffer, ticket: Ticket): V {
    let bytes: Buffer;
    let value: V;
    try {
      bytes = this.decompress(stored);
      value = this.deserialize(bytes);
    } catch (error) {
      throw new CorruptValueError(error instanceof CorruptValueError ? error.reason : String(error), key, error);
    }
    if (!ticket.stale) this.#local.set(key, value, bytes.length);
    return value;
  }

  #ticket(key: string): Ticket {
    const ticket = { stale: false };
    const set = this.#inflight.get(key) ?? new Set<Ticket>();
    set.add(ticket);
    this.#inflight.set(key, set);
    return ticket;
  }

  #settle(key: string, ticket: Ticket): void {
    const set = this.#inflight.get(key);
    set?.delete(ticket);
    if (set?.size === 0) this.#inflight.delete(key);
  }

  #invalidate(key: string): void {
    this.#local.delete(key);
    for (const ticket of this.#inflight.get(key) ?? []) ticket.stale = true;
  }
}
