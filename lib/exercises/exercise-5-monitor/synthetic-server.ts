/**
 * A synthetic cache server for exercise 5 (given code): it answers `INFO` (in the dialect of Redis
 * 6.2, Redis 7.0 or Valkey 8.0) and `CONFIG GET` from figures the caller sets, so tests and the
 * load check can replay a labelled metric series, restart the server, or make it slow or down,
 * without moving a single key. Its client implements only what a monitor needs: `info`, `config`
 * and `call('INFO' | 'CONFIG', …)`; anything else fails with a message saying so.
 */
import type { CacheClient } from '../../backends/types.js';
import { renderInfo, type InfoFlavour, type ServerFigures } from './info-render.js';

/** How the synthetic server answers. */
export type ServerMode = { kind: 'up' } | { kind: 'down' } | { kind: 'hang' } | { kind: 'slow'; delayMs: number };

/** Options of {@link SyntheticServer}. */
export interface SyntheticServerOptions {
  flavour?: InfoFlavour;
  maxMemory?: number;
  maxClients?: number;
  policy?: string;
  /** Time source for uptime (default Date.now, virtual in simulations). */
  now?: () => number;
}

/** The counters and levels a test or a replay moves. */
export type Levels = Pick<ServerFigures, 'connectedClients' | 'usedMemory' | 'opsPerSec' | 'keys' | 'expires'>;
/** Counter increments. */
export type Increments = Partial<
  Pick<ServerFigures, 'hits' | 'misses' | 'evictedKeys' | 'expiredKeys' | 'connectionsReceived' | 'rejectedConnections' | 'commandsProcessed'>
>;

let runIds = 0;

function newRunId(): string {
  runIds += 1;
  return (runIds.toString(16).padStart(8, '0') + 'c0ffee5eed').repeat(4).slice(0, 40);
}

/** A synthetic server; see the module comment. */
export class SyntheticServer {
  flavour: InfoFlavour;
  mode: ServerMode = { kind: 'up' };
  /** INFO calls answered or attempted. */
  infoCalls = 0;
  readonly #now: () => number;
  #startedAt: number;
  #figures: ServerFigures;

  constructor(options: SyntheticServerOptions = {}) {
    this.flavour = options.flavour ?? 'redis-7.0';
    this.#now = options.now ?? (() => Date.now());
    this.#startedAt = this.#now() - 3_600_000;
    this.#figures = {
      runId: newRunId(),
      uptimeSeconds: 0,
      connectedClients: 1,
      maxClients: options.maxClients ?? 10_000,
      usedMemory: 1_000_000,
      maxMemory: options.maxMemory ?? 0,
      policy: options.policy ?? 'noeviction',
      connectionsReceived: 1,
      commandsProcessed: 0,
      opsPerSec: 0,
      rejectedConnections: 0,
      expiredKeys: 0,
      evictedKeys: 0,
      hits: 0,
      misses: 0,
      keys: 0,
      expires: 0,
    };
  }

  /** The current figures (uptime as of now). */
  figures(): ServerFigures {
    return { ...this.#figures, uptimeSeconds: Math.max(0, Math.floor((this.#now() - this.#startedAt) / 1000)) };
  }

  /** Sets levels (clients, memory, ops/s, keys) and configuration (maxmemory, maxclients, policy). */
  set(levels: Partial<Levels & Pick<ServerFigures, 'maxMemory' | 'maxClients' | 'policy'>>): void {
    Object.assign(this.#figures, levels);
  }

  /** Adds to the counters. */
  add(increments: Increments): void {
    for (const [k, v] of Object.entries(increments) as [keyof Increments, number][]) this.#figures[k] += v;
  }

  /** A restart: new run id, uptime and every counter from zero; keys survive when `keepData`. */
  restart(keepData = true): void {
    this.#startedAt = this.#now();
    Object.assign(this.#figures, {
      runId: newRunId(),
      connectionsReceived: 0,
      commandsProcessed: 0,
      rejectedConnections: 0,
      expiredKeys: 0,
      evictedKeys: 0,
      hits: 0,
      misses: 0,
      ...(keepData ? {} : { keys: 0, expires: 0, usedMemory: 900_000 }),
    });
  }

  /** The INFO text the server would send now. */
  info(): string {
    return renderInfo(this.flavour, this.figures());
  }

  /** A client with the CacheClient type that answers from this server. */
  client(): CacheClient {
    const answer = <T>(reply: () => T): Promise<T> => {
      const mode = this.mode;
      if (mode.kind === 'down') return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
      if (mode.kind === 'hang') return new Promise<T>(() => undefined);
      if (mode.kind === 'slow') return new Promise<T>((resolve) => setTimeout(() => resolve(reply()), mode.delayMs));
      return Promise.resolve(reply());
    };
    const info = (..._sections: unknown[]) => {
      this.infoCalls += 1;
      return answer(() => this.info());
    };
    const config = (sub: unknown, name: unknown) => {
      if (String(sub).toUpperCase() !== 'GET') return Promise.reject(new Error(`synthetic server: CONFIG ${String(sub)} is not supported (only CONFIG GET).`));
      const values: Record<string, string> = {
        maxclients: String(this.#figures.maxClients),
        maxmemory: String(this.#figures.maxMemory),
        'maxmemory-policy': this.#figures.policy,
      };
      const key = String(name).toLowerCase();
      return answer(() => (key in values ? [key, values[key]!] : []));
    };
    const call = (command: unknown, ...args: unknown[]) => {
      const name = String(command).toUpperCase();
      if (name === 'INFO') return info(...args);
      if (name === 'CONFIG') return config(args[0], args[1]);
      return unsupported(name);
    };
    const unsupported = (name: string) => Promise.reject(new Error(`synthetic server: ${name} is not supported; a monitor needs only INFO and CONFIG GET.`));
    const target = { info, config, call, status: 'ready', disconnect: () => undefined, quit: () => Promise.resolve('OK') };
    return new Proxy(target, {
      get: (t, prop) =>
        prop in t ? t[prop as keyof typeof t] : typeof prop === 'string' && prop !== 'then' ? (..._a: unknown[]) => unsupported(prop.toUpperCase()) : undefined,
    }) as unknown as CacheClient;
  }
}
