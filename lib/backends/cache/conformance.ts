/**
 * The cache conformance suite: one set of command-level cases that every cache backend must pass,
 * so the embedded cache answers as Redis 7 does for everything the exercises use (including the
 * places where ioredis-mock alone differs: SET flag case, CONFIG SET, INFO, OBJECT FREQ, MEMORY
 * USAGE, eviction, expiry). Run by conformance-embedded.test.ts and conformance-real.test.ts.
 *
 * `createServer('shared')` may return a server other tests use at the same time: cases there
 * only touch keys under a unique prefix and never flush. `createServer('isolated')` must return
 * a server of the suite's own: cases there CONFIG SET, FLUSHALL and read server-wide INFO.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import type { CacheClient } from '../types.js';
import { registerKeyCases } from './conformance/keys.js';
import { registerScriptCases } from './conformance/scripting.js';
import { registerServerCases } from './conformance/server.js';
import { registerTransactionCases } from './conformance/transactions.js';
import type { InstrumentedCacheServer } from './traffic.js';

/** Where a case runs. */
type ConformanceScope = 'shared' | 'isolated';

/** Creates the server a scope's cases run on. */
export type CreateConformanceServer = (scope: ConformanceScope) => Promise<InstrumentedCacheServer>;

/** What the case files get. */
export interface ConformanceContext {
  /** The server of a scope (available inside tests). */
  server(scope: ConformanceScope): InstrumentedCacheServer;
  /** The main client of a scope. */
  client(scope: ConformanceScope): CacheClient;
  /** A unique key name for shared-scope cases. */
  key(name: string): string;
  /** Resets the isolated server: no maxmemory, noeviction, no keys, stats zeroed. */
  resetIsolated(): Promise<void>;
  /** Whose answers to expect where Valkey 8 and Redis 7 differ (the embedded cache answers as Redis 7). */
  readonly flavour: 'redis' | 'valkey';
}

/** Options of {@link registerCacheConformanceSuite}. */
export interface ConformanceOptions {
  /** `valkey` when the servers are Valkey (default `redis`: real Redis 7 or the embedded cache). */
  flavour?: 'redis' | 'valkey';
}

/** Wall-clock sleep (the expiry cases run on real time on both backends). */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Reads one numeric field from an INFO reply. */
export function infoField(info: string, field: string): number {
  const m = new RegExp(`^${field}:(\\S+)`, 'm').exec(info);
  if (!m) throw new Error(`INFO has no field ${field}`);
  return Number(m[1]);
}

/** Registers the whole suite under `name`. */
export function registerCacheConformanceSuite(name: string, createServer: CreateConformanceServer, options: ConformanceOptions = {}): void {
  describe(`cache conformance: ${name}`, () => {
    const prefix = `conf:${randomBytes(4).toString('hex')}:`;
    const servers = new Map<ConformanceScope, InstrumentedCacheServer>();
    const clients = new Map<ConformanceScope, CacheClient>();

    beforeAll(async () => {
      for (const scope of ['shared', 'isolated'] as const) {
        const server = await createServer(scope);
        servers.set(scope, server);
        clients.set(scope, server.createClient(`conformance-${scope}`));
      }
    });

    afterAll(async () => {
      const shared = clients.get('shared');
      if (shared) {
        let cursor = '0';
        do {
          const [next, keys] = await shared.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length > 0) await shared.unlink(...keys);
        } while (cursor !== '0');
      }
      const isolated = clients.get('isolated');
      if (isolated) await isolated.config('SET', 'maxmemory', '0', 'maxmemory-policy', 'noeviction').catch(() => undefined);
      await Promise.all([...servers.values()].map((s) => s.close()));
    });

    const ctx: ConformanceContext = {
      flavour: options.flavour ?? 'redis',
      server: (scope) => servers.get(scope)!,
      client: (scope) => clients.get(scope)!,
      key: (k) => `${prefix}${k}`,
      async resetIsolated() {
        const c = clients.get('isolated')!;
        await c.config('SET', 'maxmemory', '0', 'maxmemory-policy', 'noeviction', 'maxmemory-samples', '5');
        await c.flushall();
        await c.config('RESETSTAT');
      },
    };

    registerKeyCases(ctx);
    registerScriptCases(ctx);
    registerTransactionCases(ctx);
    registerServerCases(ctx);
  });
}
