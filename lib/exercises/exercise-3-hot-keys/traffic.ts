/**
 * Exercise 3's traffic meter: counts what reaches each cache node, after the app's local tier,
 * by wrapping every per-node client the routing client uses. It counts commands per node (node
 * load) and reads per key (the hot-key share). A read is any command Redis flags read-only (GET,
 * MGET, EXISTS, …), a script (its declared KEYS), or GETEX/GETDEL/GETSET. The same wrapper can
 * switch a node off, so tests can see what a mitigator does when a node goes down. On a real Redis
 * Cluster one client reaches every master: `wrap` then takes a function naming each command's
 * node (the master of its first key's slot).
 */
import { exists, hasFlag, list as commandNames } from '@ioredis/commands';
import { commandArgs, splitCallback } from '../../backends/cache/embedded/wire.js';
import { commandKeys } from '../../backends/cache/traffic.js';
import type { CacheClient } from '../../backends/types.js';
import { NodeDownError } from './errors.js';

const COMMANDS = new Set(commandNames);
const SCRIPTS = new Set(['eval', 'evalsha', 'eval_ro', 'evalsha_ro', 'fcall', 'fcall_ro']);
const READ_AND_WRITE = new Set(['getex', 'getdel', 'getset']);

/** The node a command goes to, from its name and flattened arguments (a client of every node); undefined: not counted (a command without keys). */
export type NodeOfCommand = (name: string, args: string[]) => number | undefined;

/** What one node received since the last reset. */
export interface NodeTraffic {
  commands: number;
  /** Reads by key. */
  reads: Map<string, number>;
}

/** Counters of every node of a cluster, and the switch that takes a node down. */
export class TrafficMeter {
  #nodes: NodeTraffic[];
  readonly #down: boolean[];

  constructor(readonly nodeCount: number) {
    this.#nodes = Array.from({ length: nodeCount }, () => ({ commands: 0, reads: new Map() }));
    this.#down = new Array<boolean>(nodeCount).fill(false);
  }

  /** Counts one command sent to `node`. */
  record(node: number, name: string, args: unknown[], declaredKeys?: number): void {
    const tally = this.#nodes[node]!;
    tally.commands += 1;
    const lower = name.toLowerCase();
    const isRead = SCRIPTS.has(lower) || declaredKeys !== undefined || READ_AND_WRITE.has(lower) || (exists(lower) && hasFlag(lower, 'readonly'));
    if (!isRead) return;
    const flat = commandArgs(lower, splitCallback(args).args).map(String);
    const keys = declaredKeys !== undefined ? flat.slice(0, declaredKeys) : commandKeys(lower, flat);
    for (const key of keys) tally.reads.set(key, (tally.reads.get(key) ?? 0) + 1);
  }

  /** Commands per node, in node order. */
  commandsByNode(): number[] {
    return this.#nodes.map((n) => n.commands);
  }

  /** Reads by key over every node. */
  readsByKey(): Map<string, number> {
    const all = new Map<string, number>();
    for (const n of this.#nodes) for (const [k, v] of n.reads) all.set(k, (all.get(k) ?? 0) + v);
    return all;
  }

  /** Reads per node (all keys), in node order. */
  readsByNode(): number[] {
    return this.#nodes.map((n) => [...n.reads.values()].reduce((a, b) => a + b, 0));
  }

  /** Reads of one key (over every node). */
  reads(key: string): number {
    return this.#nodes.reduce((sum, n) => sum + (n.reads.get(key) ?? 0), 0);
  }

  /** Zeroes every counter. */
  reset(): void {
    this.#nodes = Array.from({ length: this.nodeCount }, () => ({ commands: 0, reads: new Map() }));
  }

  /** Switches node `node` off (every command to it fails with NodeDownError) or back on. */
  setDown(node: number, down: boolean): void {
    if (!Number.isInteger(node) || node < 0 || node >= this.nodeCount)
      throw new RangeError(`The cluster has nodes 0..${this.nodeCount - 1}; there is no node ${node}.`);
    this.#down[node] = down;
  }

  isDown(node: number): boolean {
    return this.#down[node]!;
  }

  /**
   * Wraps the plain client of node `node` so that its commands are counted (and fail while it is
   * down); `node` may be a function of each command (name, arguments) for a client of every node.
   */
  wrap(client: CacheClient, node: number | NodeOfCommand): CacheClient {
    if (typeof node === 'number') return this.#wrap(client, () => node);
    return this.#wrap(client, (name, args) => {
      const flat = commandArgs(name.toLowerCase(), splitCallback(args).args).map(String);
      return node(name, flat);
    });
  }

  #wrap(client: CacheClient, nodeFor: (name: string, args: unknown[]) => number | undefined): CacheClient {
    const meter = this; // eslint-disable-line @typescript-eslint/no-this-alias -- the proxy's handlers have their own `this`
    const custom = new Map<string, number | undefined>();
    const base = (m: string) => (m.endsWith('Buffer') ? m.slice(0, -'Buffer'.length) : m);
    const isCommand = (m: string) => COMMANDS.has(base(m).toLowerCase()) || custom.has(base(m));
    const keysOf = (m: string) => (custom.has(base(m)) ? (custom.get(base(m)) ?? -1) : undefined);
    const record = (m: string, args: unknown[], node: number | undefined) => {
      if (node === undefined) return;
      const declared = keysOf(m);
      // A custom command with numberOfKeys undefined takes the key count as its first argument.
      if (declared === -1) meter.record(node, 'evalsha', ['sha', ...args]);
      else meter.record(node, base(m), args, declared);
    };
    const batch = (kind: 'pipeline' | 'multi') => {
      const inner = (client as unknown as Record<string, () => Record<string, (...a: unknown[]) => unknown>>)[kind]!();
      const queued: [string, unknown[]][] = [];
      const proxy: object = new Proxy(inner, {
        get(target, prop) {
          if (prop === 'exec') {
            return async () => {
              const nodes = queued.map(([m, a]) => nodeFor(base(m), a));
              const down = nodes.find((n) => n !== undefined && meter.isDown(n));
              if (down !== undefined) throw new NodeDownError(down);
              queued.forEach(([m, a], i) => record(m, a, nodes[i]));
              return target.exec!();
            };
          }
          const value = Reflect.get(target, prop) as unknown;
          if (typeof prop === 'string' && typeof value === 'function' && isCommand(prop)) {
            return (...args: unknown[]) => {
              queued.push([prop, args]);
              (value as (...a: unknown[]) => unknown).apply(target, args);
              return proxy;
            };
          }
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      return proxy;
    };
    return new Proxy(client, {
      get(target, prop) {
        if (prop === 'pipeline' || prop === 'multi') return () => batch(prop);
        const value = Reflect.get(target, prop, target) as unknown;
        if (typeof value !== 'function' || typeof prop !== 'string') return value;
        const fn = value as (...a: unknown[]) => unknown;
        if (prop === 'defineCommand') {
          return (name: string, definition: { lua: string; numberOfKeys?: number }) => {
            custom.set(name, definition.numberOfKeys);
            return fn.call(target, name, definition);
          };
        }
        if (prop === 'call') {
          return (name: string, ...args: unknown[]) => {
            const node = nodeFor(String(name), args);
            if (node !== undefined && meter.isDown(node)) return Promise.reject(new NodeDownError(node));
            if (node !== undefined) meter.record(node, String(name), args);
            return fn.call(target, name, ...args);
          };
        }
        if (!isCommand(prop) || prop === 'quit') return fn.bind(target);
        return (...args: unknown[]) => {
          const node = nodeFor(base(prop), args);
          if (node !== undefined && meter.isDown(node)) return Promise.reject(new NodeDownError(node));
          record(prop, args, node);
          return fn.apply(target, args);
        };
      },
    });
  }
}
