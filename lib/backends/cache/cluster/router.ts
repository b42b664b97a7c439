/**
 * The cluster client: looks like one ioredis client, sends each command to the node owning its
 * keys' hash slot. Multi-key commands must keep their keys in one slot (CROSSSLOT otherwise, as
 * Redis Cluster answers); pipelines must stay on one node and MULTI in one slot, as with
 * ioredis's Cluster. Keyless commands other than PING/ECHO have no node to go to.
 */
import { list as commandNames } from '@ioredis/commands';
import type { CacheClient } from '../../types.js';
import { CacheConfigError, CrossSlotError } from '../errors.js';
import { commandKeys } from '../traffic.js';
import { commandArgs, splitCallback } from '../embedded/wire.js';
import { keySlot } from './slots.js';

/** A routing client: the CacheClient API plus where keys live. */
export type ClusterClient = CacheClient & {
  /** Index of the node that owns `key`. */
  nodeOf(key: string): number;
  /** The plain client of node `index`, for per-node commands (INFO, DBSIZE, …). */
  nodeClient(index: number): CacheClient;
};

/** Thrown for a command the router cannot send to one node (no key, or a pipeline spanning nodes). */
export class ClusterRoutingError extends CacheConfigError {
  override readonly name = 'ClusterRoutingError';
}

const COMMANDS = new Set(commandNames);
const KEYLESS_TO_FIRST = new Set(['ping', 'echo', 'time']);

type AnyFn = (...args: unknown[]) => unknown;

/** Builds a routing client over one client per node; `table` maps slot → node. */
export function createClusterClient(clients: CacheClient[], table: Uint16Array): ClusterClient {
  const custom = new Map<string, number | undefined>();
  const baseName = (method: string) => (method.endsWith('Buffer') ? method.slice(0, -'Buffer'.length) : method);

  /** Node index for a call, and the slot its keys share (undefined when keyless). */
  const locate = (method: string, rawArgs: unknown[]): { node: number; slot: number | undefined } => {
    const name = baseName(method).toLowerCase();
    const { args } = splitCallback(rawArgs);
    let keys: string[];
    if (custom.has(baseName(method))) {
      const flat = commandArgs('evalsha', args).map(String);
      const declared = custom.get(baseName(method));
      keys = declared === undefined ? flat.slice(1, 1 + Number(flat[0])) : flat.slice(0, declared);
    } else keys = commandKeys(name, commandArgs(name, args));
    if (keys.length === 0) {
      if (KEYLESS_TO_FIRST.has(name)) return { node: 0, slot: undefined };
      throw new ClusterRoutingError(
        `The cluster client cannot route '${name}': it names no key. Send it to each node with client.nodeClient(i).${name}(…)` +
          (name === 'eval' || name === 'evalsha' ? ', or declare the keys the script uses in KEYS.' : '.'),
      );
    }
    const slots = keys.map((k) => keySlot(k));
    if (slots.some((s) => s !== slots[0])) throw new CrossSlotError(name, keys);
    return { node: table[slots[0]!]!, slot: slots[0] };
  };

  const call =
    (method: string) =>
    (...args: unknown[]) => {
      try {
        const client = clients[locate(method, args).node]! as unknown as Record<string, AnyFn>;
        return client[method]!(...args);
      } catch (error) {
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a routing error or what the node's client threw, passed on unchanged as the call's rejection
        return Promise.reject(error);
      }
    };

  const batch = (transaction: boolean) => {
    const queued: [string, unknown[]][] = [];
    const recorder: Record<string | symbol, unknown> = {
      exec: async () => {
        if (queued.length === 0) return [];
        const where = queued.map(([m, a]) => locate(m, a));
        const nodes = new Set(where.map((w) => w.node));
        const slots = new Set(where.map((w) => w.slot).filter((s) => s !== undefined));
        if (nodes.size > 1)
          throw new ClusterRoutingError('All keys in the pipeline should belong to the same slots allocation group (one node); split the pipeline per node.');
        if (transaction && slots.size > 1)
          throw new CrossSlotError(
            'multi',
            queued.flatMap(([m, a]) => commandKeys(baseName(m).toLowerCase(), commandArgs(baseName(m).toLowerCase(), splitCallback(a).args))),
          );
        const node = clients[where[0]!.node]! as unknown as Record<string, AnyFn>;
        const pipe = node[transaction ? 'multi' : 'pipeline']!() as Record<string, AnyFn>;
        for (const [m, a] of queued) pipe[m]!(...a);
        return pipe.exec!();
      },
      get length() {
        return queued.length;
      },
    };
    const proxy: object = new Proxy(recorder, {
      get(target, prop) {
        if (prop in target) return target[prop];
        if (typeof prop === 'string' && (COMMANDS.has(baseName(prop)) || custom.has(baseName(prop)))) {
          return (...args: unknown[]) => {
            queued.push([prop, args]);
            return proxy;
          };
        }
        return undefined;
      },
    });
    return proxy;
  };

  const own: Record<string, unknown> = {
    nodeOf: (key: string) => table[keySlot(key)]!,
    nodeClient: (index: number) => {
      const client = clients[index];
      if (!client) throw new RangeError(`The cluster has nodes 0..${clients.length - 1}; there is no node ${index}.`);
      return client;
    },
    pipeline: () => batch(false),
    multi: () => batch(true),
    defineCommand: (name: string, definition: { lua: string; numberOfKeys?: number }) => {
      for (const c of clients) c.defineCommand(name, definition);
      custom.set(name, definition.numberOfKeys);
    },
    quit: async () => {
      await Promise.all(clients.map((c) => c.quit().catch(() => undefined)));
      return 'OK';
    },
    disconnect: () => clients.forEach((c) => c.disconnect()),
    on: (event: string, listener: AnyFn) => {
      for (const c of clients) c.on(event, listener);
      return proxyClient;
    },
    status: 'ready',
  };

  const proxyClient = new Proxy(own, {
    get(target, prop) {
      if (prop in target) return target[prop as string];
      if (typeof prop === 'string' && (COMMANDS.has(baseName(prop)) || custom.has(baseName(prop)) || prop === 'call')) {
        if (prop === 'call') return (name: string, ...args: unknown[]) => call(String(name).toLowerCase())(...args);
        return call(prop);
      }
      return undefined;
    },
  }) as unknown as ClusterClient;
  return proxyClient;
}
