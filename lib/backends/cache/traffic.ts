/**
 * Counters every cache server keeps, embedded or real: traffic by command and by key (exercise 3
 * grades per-key and per-node load) and network use by client and server (exercise 2 grades round
 * trips, connections and bytes).
 */
import { getKeyIndexes } from '@ioredis/commands';
import type { CacheClient, CacheServer, CacheTraffic } from '../types.js';

/** Network use of one client or of a whole server. */
export interface NetworkCounters {
  /** Connections opened (one per client, plus reconnects on a real server). */
  connectionsOpened: number;
  /** Request/reply exchanges: one per command, one per pipeline or MULTI block. */
  roundTrips: number;
  /** Commands sent (a pipeline of 10 GETs is 10). */
  commands: number;
  /** Request bytes, RESP-encoded. */
  bytesSent: number;
  /** Reply bytes, RESP-encoded. */
  bytesReceived: number;
}

/** A cache server that also reports its network counters. */
export interface InstrumentedCacheServer extends CacheServer {
  /** Network counters summed over every client this server handed out (closed ones included). */
  network(): NetworkCounters;
  /** Network counters of one client, or undefined if it did not come from this server. */
  networkOf(client: CacheClient): NetworkCounters | undefined;
  /** Zeroes every network counter (clients stay open). */
  resetNetwork(): void;
}

/** Fresh zeroed counters. */
export function emptyNetwork(): NetworkCounters {
  return { connectionsOpened: 0, roundTrips: 0, commands: 0, bytesSent: 0, bytesReceived: 0 };
}

/** Adds `b` into `a`. */
export function addNetwork(a: NetworkCounters, b: Readonly<NetworkCounters>): NetworkCounters {
  a.connectionsOpened += b.connectionsOpened;
  a.roundTrips += b.roundTrips;
  a.commands += b.commands;
  a.bytesSent += b.bytesSent;
  a.bytesReceived += b.bytesReceived;
  return a;
}

// Subcommand-style commands whose key sits after the subcommand; @ioredis/commands reports none.
const SUBCOMMAND_KEY: Record<string, readonly string[]> = {
  object: ['freq', 'encoding', 'idletime', 'refcount'],
  memory: ['usage'],
};

/** The keys a command touches, from Redis's command table (eval/evalsha: the declared KEYS). */
export function commandKeys(name: string, args: readonly unknown[]): string[] {
  const lower = name.toLowerCase();
  // A command's arguments as ioredis sends them (and as @ioredis/commands reads them).
  const argv = args as (string | Buffer | number)[];
  const sub = SUBCOMMAND_KEY[lower];
  if (sub) {
    const first = argv[0];
    return first !== undefined && sub.includes(String(first).toLowerCase()) && argv[1] !== undefined ? [String(argv[1])] : [];
  }
  let indexes: number[];
  try {
    indexes = getKeyIndexes(lower, argv);
  } catch {
    return []; // not a Redis command (the server will say so)
  }
  return indexes.map((i) => String(argv[i]));
}

/** Counts commands by name and key accesses by key. */
export class TrafficCounter {
  #commands = new Map<string, number>();
  #keys = new Map<string, number>();
  #total = 0;

  /** Records one command and the keys it names. */
  record(name: string, args: readonly unknown[]): void {
    const lower = name.toLowerCase();
    this.#total += 1;
    this.#commands.set(lower, (this.#commands.get(lower) ?? 0) + 1);
    for (const key of commandKeys(lower, args)) this.#keys.set(key, (this.#keys.get(key) ?? 0) + 1);
  }

  /** A snapshot (later commands do not change it). */
  snapshot(): CacheTraffic {
    return { commands: new Map(this.#commands), keys: new Map(this.#keys), total: this.#total };
  }

  reset(): void {
    this.#commands.clear();
    this.#keys.clear();
    this.#total = 0;
  }
}
