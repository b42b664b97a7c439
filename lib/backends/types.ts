/**
 * The contracts every exercise, load check and lab tool is written against. One interface for
 * the embedded backends (ioredis-mock + in-process store + virtual clock) and the real ones
 * (ioredis to Redis/Valkey, mysql2 to MySQL/MariaDB); an exercise never knows which it runs on.
 */
import type { Redis } from 'ioredis';

/** The cache client an exercise receives: ioredis's `Redis` API, embedded or real. */
export type CacheClient = Redis;

/** Which kind of backend a run uses. */
export type BackendKind = 'embedded' | 'real';

/** Per-command and per-key traffic seen by one cache server (or node), for the load checks. */
export interface CacheTraffic {
  /** Commands sent, by command name in lower case (`get`, `set`, `eval`, …). */
  readonly commands: ReadonlyMap<string, number>;
  /** Key accesses (reads and writes), by key. */
  readonly keys: ReadonlyMap<string, number>;
  /** Total commands. */
  readonly total: number;
}

/** One cache server (embedded or real) that several app instances connect to. */
export interface CacheServer {
  readonly kind: BackendKind;
  /** A new client connection, as a separate app instance would open it. */
  createClient(name?: string): CacheClient;
  /** Traffic counted over every client this server handed out, since the last reset. */
  traffic(): CacheTraffic;
  resetTraffic(): void;
  /** Removes every key (FLUSHALL) and resets traffic. */
  flush(): Promise<void>;
  /** Closes every client this server handed out. */
  close(): Promise<void>;
}

/** Counters kept by every data-source loader: exercise 4 grades calls and concurrent calls. */
export interface LoaderStats {
  /** Calls started. */
  calls: number;
  /** Calls that threw or rejected. */
  failures: number;
  /** Calls running right now. */
  inFlight: number;
  /** Highest `inFlight` seen since the last reset. */
  peakInFlight: number;
}

/** The slow system of record behind the cache, keyed by cache key. */
export interface DataSource<V = unknown> {
  /** Loads the current value for `key` from the system of record. */
  load(key: string): Promise<V>;
  /** Live counters; read them, do not write them. */
  readonly stats: Readonly<LoaderStats>;
  resetStats(): void;
}
