/**
 * The contract of exercise 2 (given code): the shapes the student's classes must have. The stubs,
 * the reference solution and the grader's baseline all implement these interfaces, the tests and
 * the load check are written against them, and `tsc` checks that they agree.
 */
import type { CacheClient } from '../../backends/types.js';

/** Options of the LatencyOptimizer constructor; every one has a default (see options.ts). */
export interface LatencyOptions {
  /** Long-lived connections to take from the pool and share between requests. Default 4. */
  connections?: number;
  /** Encoded values of at least this many bytes are compressed; smaller ones are stored as they are. Default 4096. */
  compressionThreshold?: number;
  /** Local tier: most bytes it may hold (the encoded sizes of its values added up). Default 16 MiB. */
  localMaxBytes?: number;
  /** Local tier: most entries it may hold. Default 10,000. */
  localMaxEntries?: number;
  /** Local tier: how long an entry may be served, in ms; 0 turns the local tier off. Default 5,000. */
  localTtlMs?: number;
  /** Pub/sub channel on which instances announce the keys they wrote. Default `cachelab:invalidate`. */
  channel?: string;
}

/** What the local tier is built with. */
export interface LocalTierOptions {
  /** Most bytes held (the `bytes` of every entry added up). */
  maxBytes: number;
  /** Most entries held. */
  maxEntries: number;
  /** How long an entry may be served after it was set, in ms. */
  ttlMs: number;
}

/** The in-process tier; see exercises/exercise-2-latency/local-tier.ts. */
export interface LocalTierApi<V = unknown> {
  get(key: string): V | undefined;
  set(key: string, value: V, bytes: number): boolean;
  delete(key: string): boolean;
  clear(): void;
  readonly size: number;
  readonly bytes: number;
}

/** Counters of a connection pool. */
export interface PoolStats {
  /** Connections open now (idle + in use). */
  open: number;
  idle: number;
  inUse: number;
  /** Callers waiting for a connection now. */
  waiting: number;
  /** Connections opened since the pool was created. */
  opened: number;
  /** Connections closed by destroy(). */
  destroyed: number;
  /** acquire() calls that gave up with E_POOL_EXHAUSTED. */
  timeouts: number;
  /** Most connections in use at once. */
  peakInUse: number;
}

/** A bounded pool of cache connections; see lib/exercises/exercise-2-latency/pool.ts. */
export interface ConnectionPoolApi {
  /** Most connections open at once. */
  readonly max: number;
  /** How long acquire() waits for a free connection before E_POOL_EXHAUSTED, in ms. */
  readonly acquireTimeoutMs: number;
  /** An idle connection, else a new one while fewer than `max` are open, else the next one released. */
  acquire(): Promise<CacheClient>;
  /** Gives a connection back for the next acquire(). */
  release(client: CacheClient): void;
  /** Closes a connection (e.g. a broken one) and frees its place. */
  destroy(client: CacheClient): void;
  readonly stats: Readonly<PoolStats>;
  close(): Promise<void>;
}

/** The latency optimizer; see exercises/exercise-2-latency/latency-optimizer.ts. */
export interface LatencyOptimizerApi<V = unknown> {
  optimizeConnections(): Promise<void>;
  implementCompression(data: Uint8Array): Buffer;
  decompress(stored: Uint8Array): Buffer;
  addLocalCaching(key: string, value: V): boolean;
  optimizeSerialization(data: V): Buffer;
  deserialize(bytes: Uint8Array): V;
  read(key: string): Promise<V | undefined>;
  readMany(keys: readonly string[]): Promise<(V | undefined)[]>;
  write(key: string, value: V): Promise<void>;
  close(): Promise<void>;
}

/** The classes a submission exports (one per file), as the suites and the load check use them. */
export interface Exercise2Module {
  LatencyOptimizer: new <V>(cache: CacheClient, connectionPool: ConnectionPoolApi, options?: LatencyOptions) => LatencyOptimizerApi<V>;
  LocalTier: new <V>(options: LocalTierOptions) => LocalTierApi<V>;
}
