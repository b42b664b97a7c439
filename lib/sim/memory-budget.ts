/**
 * `used_memory` of a Redis 7 server as the embedded cache reports it, and the eviction that keeps
 * it under `maxmemory`:
 *
 *   used_memory = startup + clients × per-client buffers + commands used × latency histogram
 *               + Σ entries + Σ expire entries
 *               + 8 bytes × (buckets of the keys dict + buckets of the expires dict)
 *
 * Entries are sized by memory-model.ts. The dicts grow and shrink as Redis's do (grow at load
 * factor 1 unless the new bucket array would cross maxmemory, forced at 1.618; shrink below 10 %
 * fill); rehashing is taken as instantaneous. See docs/cost-model.md for the calibration.
 */
import { DICT_ENTRY_ALLOC } from './memory-model.js';
import { KeyBudget, type EvictionConfig, type EvictionResult, type KeyBudgetOptions } from './eviction.js';

/** `used_memory_startup` of Redis 7.0.15 (jemalloc 5.3.0) before any client connects. */
export const REDIS_STARTUP_BYTES = 876_104;
/** Measured `used_memory` growth per connected client (query buffer, reply buffer, client struct). */
export const REDIS_CLIENT_BYTES = 38_000;
/**
 * Redis 7 keeps a latency histogram per command (latency-tracking, on by default), allocated the
 * first time the command runs: measured growth per distinct command name.
 */
export const REDIS_HISTOGRAM_BYTES = 24_688;

const INITIAL_BUCKETS = 4;
const MAX_LOAD_FACTOR = 1.618;
const MIN_FILL_PERCENT = 10;

/** Options of {@link MemoryBudget}. */
export interface MemoryBudgetOptions extends KeyBudgetOptions {
  /** Fixed memory of an empty server. Default {@link REDIS_STARTUP_BYTES}. */
  startupBytes?: number;
  /** Memory per connected client. Default {@link REDIS_CLIENT_BYTES}. */
  clientBytes?: number;
  /** Memory per distinct command run since the last CONFIG RESETSTAT. Default {@link REDIS_HISTOGRAM_BYTES}. */
  histogramBytes?: number;
}

function nextPow2(n: number): number {
  return Math.max(INITIAL_BUCKETS, 2 ** Math.ceil(Math.log2(Math.max(1, n))));
}

/** A server's memory: key metadata, dict tables, fixed and per-client overhead; see the module comment. */
export class MemoryBudget {
  /** The keys and the eviction decision. */
  readonly keys: KeyBudget;
  #startup: number;
  #perClient: number;
  #perHistogram: number;
  #clients = 0;
  #commands = 0;
  #mainBuckets = 0;
  #expiresBuckets = 0;

  constructor(options: MemoryBudgetOptions = {}) {
    this.keys = new KeyBudget(options);
    this.#startup = options.startupBytes ?? REDIS_STARTUP_BYTES;
    this.#perClient = options.clientBytes ?? REDIS_CLIENT_BYTES;
    this.#perHistogram = options.histogramBytes ?? REDIS_HISTOGRAM_BYTES;
  }

  /** Current eviction settings. */
  get config(): Readonly<EvictionConfig> {
    return this.keys.config;
  }

  /** Changes eviction settings (CONFIG SET). */
  configure(change: Partial<EvictionConfig>): void {
    this.keys.configure(change);
  }

  /** `used_memory` in bytes. */
  used(): number {
    return this.baseline() + this.keys.dataBytes + this.keys.volatileSize * DICT_ENTRY_ALLOC + 8 * (this.#mainBuckets + this.#expiresBuckets);
  }

  /** Memory of the server without its keys: startup, clients, command latency histograms. */
  baseline(): number {
    return this.#startup + this.#clients * this.#perClient + this.#commands * this.#perHistogram;
  }

  /** `used_memory_startup`. */
  startup(): number {
    return this.#startup;
  }

  /** Buckets of the keys dict and of the expires dict. */
  buckets(): { main: number; expires: number } {
    return { main: this.#mainBuckets, expires: this.#expiresBuckets };
  }

  /** Sets the number of connected clients. */
  setClients(count: number): void {
    this.#clients = count;
  }

  /** Sets the number of distinct commands run (each has a latency histogram). */
  setTrackedCommands(count: number): void {
    this.#commands = count;
  }

  /** Records a write of `key` taking `bytes` (see KeyBudget.set). */
  set(key: string, bytes: number): void {
    if (!this.keys.has(key)) this.#mainBuckets = this.#grow(this.#mainBuckets, this.keys.size);
    this.keys.set(key, bytes);
  }

  /** Forgets `key`. */
  delete(key: string): void {
    this.keys.delete(key);
  }

  /** Sets or clears the TTL of `key` (an entry in the expires dict). */
  setExpire(key: string, at: number | undefined): void {
    if (!this.keys.has(key)) return;
    if (at !== undefined && this.keys.expireAtOf(key) === undefined) {
      this.#expiresBuckets = this.#grow(this.#expiresBuckets, this.keys.volatileSize);
    }
    this.keys.setExpire(key, at);
  }

  /** Evicts until used ≤ maxmemory (Redis does this before every command). */
  performEvictions(): EvictionResult {
    return this.keys.evict(() => this.used());
  }

  /** True when over maxmemory (after evictions failed, writes are refused). */
  overLimit(): boolean {
    const max = this.keys.config.maxmemory;
    return max > 0 && this.used() > max;
  }

  /** Periodic housekeeping (databasesCron): shrinks dicts that fell below 10 % fill. */
  cron(): void {
    this.#mainBuckets = this.#shrink(this.#mainBuckets, this.keys.size);
    this.#expiresBuckets = this.#shrink(this.#expiresBuckets, this.keys.volatileSize);
  }

  /** FLUSHALL: every key and both dict tables go. */
  clear(): void {
    this.keys.clear();
    this.#mainBuckets = 0;
    this.#expiresBuckets = 0;
  }

  // _dictExpandIfNeeded with dictExpandAllowed: an add to a dict of `used` entries.
  #grow(buckets: number, used: number): number {
    if (buckets === 0) return INITIAL_BUCKETS;
    if (used < buckets) return buckets;
    const next = nextPow2(used + 1);
    const max = this.keys.config.maxmemory;
    const allowed = used / buckets > MAX_LOAD_FACTOR || max === 0 || this.used() + next * 8 <= max;
    return allowed ? next : buckets;
  }

  #shrink(buckets: number, used: number): number {
    if (buckets <= INITIAL_BUCKETS || (used * 100) / buckets >= MIN_FILL_PERCENT) return buckets;
    return nextPow2(used);
  }
}
