/**
 * The embedded cache server: an in-process Redis 7 look-alike that every client of one server
 * shares. Clients are ioredis-mock instances whose commands go to one executor (embedded/core.ts)
 * that keeps Redis's semantics where ioredis-mock differs (SET flags in any case, CONFIG, INFO,
 * OBJECT FREQ, MEMORY USAGE, maxmemory eviction, active expiry, Lua), counts traffic per command
 * and per key, and, given a cost model and a clock, delays each reply by its network cost.
 * docs/backends.md lists what is covered; docs/cost-model.md the memory and network models.
 */
import { realClock, type Clock } from '../../sim/clock.js';
import { validateCostModel, type CostModel } from '../../sim/cost-model.js';
import { isEvictionPolicy, type EvictionPolicy } from '../../sim/eviction.js';
import type { CacheClient } from '../types.js';
import { CacheConfigError } from './errors.js';
import { createEmbeddedClient } from './embedded/client.js';
import { parseMemory } from './embedded/config.js';
import { EmbeddedCore } from './embedded/core.js';
import { Link } from './embedded/link.js';
import { addNetwork, emptyNetwork, TrafficCounter, type InstrumentedCacheServer } from './traffic.js';

/** Options of {@link createEmbeddedCacheServer}. */
export interface EmbeddedCacheOptions {
  /** `maxmemory` in bytes or as Redis writes it ('100mb'); 0 means no limit (Redis's default). */
  maxmemory?: number | string;
  /** `maxmemory-policy`: an {@link EvictionPolicy} name in any case; default `noeviction` as in Redis. */
  policy?: string;
  /** `maxmemory-samples` (default 5). */
  samples?: number;
  /** `lfu-log-factor` (default 10) and `lfu-decay-time` in minutes (default 1). */
  lfuLogFactor?: number;
  lfuDecayTime?: number;
  /** Seed of eviction sampling and LFU increments (default fixed, so runs repeat). */
  seed?: number | string;
  /** Network cost model; without one, replies are immediate. */
  cost?: CostModel;
  /** Clock the cost is spent on (default the wall clock; pass the VirtualClock in simulations). */
  clock?: Clock;
  /** Memory of the empty server, per client and per command used (defaults calibrated on Redis 7.0.15). */
  startupBytes?: number;
  clientBytes?: number;
  histogramBytes?: number;
}

/** An embedded cache server with its counters and memory figures. */
export interface EmbeddedCacheServer extends InstrumentedCacheServer {
  readonly kind: 'embedded';
  /** The ioredis-mock port its clients share (never contacted over the network). */
  readonly port: number;
  /** `used_memory` in bytes, as INFO reports it. */
  usedMemory(): number;
}

// ioredis-mock shares a keyspace between clients of the same host:port, so each embedded server
// gets a port of its own that no real server is contacted on.
let nextPort = 47_000;

function checkOptions(options: EmbeddedCacheOptions): { maxmemory: number; policy: EvictionPolicy } {
  const raw = options.maxmemory ?? 0;
  const maxmemory = typeof raw === 'number' ? raw : parseMemory(raw);
  if (maxmemory === undefined || !Number.isFinite(maxmemory) || maxmemory < 0) {
    throw new CacheConfigError(`Embedded cache option maxmemory=${String(raw)} is not a memory size. Use bytes (1048576) or Redis units ('100mb', '1gb').`);
  }
  const policy = (options.policy ?? 'noeviction').toLowerCase();
  if (!isEvictionPolicy(policy)) {
    throw new CacheConfigError(
      `Embedded cache option policy='${options.policy}' is not a maxmemory-policy. Use one of: noeviction, allkeys-lru, allkeys-lfu, allkeys-random, volatile-lru, volatile-lfu, volatile-random, volatile-ttl.`,
    );
  }
  if (options.cost) validateCostModel(options.cost);
  return { maxmemory, policy };
}

/** An embedded cache server; see the module comment. */
export function createEmbeddedCacheServer(options: EmbeddedCacheOptions = {}): EmbeddedCacheServer {
  const { maxmemory, policy } = checkOptions(options);
  const port = nextPort++;
  const core = new EmbeddedCore({
    port,
    maxmemory,
    policy,
    samples: options.samples,
    lfuLogFactor: options.lfuLogFactor,
    lfuDecayTime: options.lfuDecayTime,
    seed: options.seed,
    startupBytes: options.startupBytes,
    clientBytes: options.clientBytes,
    histogramBytes: options.histogramBytes,
  });
  const clock = options.clock ?? realClock;
  const traffic = new TrafficCounter();
  const clients = new Set<CacheClient>();
  const links = new WeakMap<CacheClient, Link>();
  const liveLinks = new Set<Link>();
  // Server totals include clients that have since closed.
  const serverNetwork = core.network;

  const server: EmbeddedCacheServer = {
    kind: 'embedded',
    port,
    createClient(name?: string): CacheClient {
      const link = new Link(clock, options.cost, serverNetwork);
      const client: CacheClient = createEmbeddedClient({
        core,
        link,
        traffic,
        name,
        onClose: () => {
          clients.delete(client);
          liveLinks.delete(link);
        },
        duplicate: () => server.createClient(name),
      });
      clients.add(client);
      links.set(client, link);
      liveLinks.add(link);
      return client;
    },
    traffic: () => traffic.snapshot(),
    resetTraffic: () => traffic.reset(),
    network: () => addNetwork(emptyNetwork(), serverNetwork),
    networkOf: (client) => {
      const link = links.get(client);
      return link && addNetwork(emptyNetwork(), link.counters);
    },
    resetNetwork() {
      Object.assign(serverNetwork, emptyNetwork());
      for (const link of liveLinks) Object.assign(link.counters, emptyNetwork());
    },
    usedMemory: () => core.budget.used(),
    async flush() {
      core.keyspace.flush();
      traffic.reset();
    },
    async close() {
      await Promise.all([...clients].map((c) => c.quit().catch(() => undefined)));
      clients.clear();
    },
  };
  return server;
}
