/**
 * Counts the keys an implementation fetches from the cache server, to measure its local tier:
 * every connection it gets (the `cache` one and the pooled ones) is wrapped in a Proxy that counts
 * the keys of string reads (GET, MGET, GETEX, GETDEL, GETRANGE and their Buffer forms), sent
 * directly, through call(), or queued on a pipeline or MULTI. A key read from the local tier never
 * reaches the server, so hit ratio = 1 − fetched / requested.
 */
import type { CacheClient } from '../../../backends/types.js';

const READS = new Set(['get', 'mget', 'getex', 'getdel', 'getrange']);

function readName(prop: string): string | undefined {
  const name = prop.toLowerCase().replace(/buffer$/, '');
  return READS.has(name) ? name : undefined;
}

function keysOf(name: string, args: unknown[]): number {
  const plain = args.filter((a) => typeof a !== 'function'); // a trailing callback
  if (name !== 'mget') return 1;
  return plain.flat().length;
}

/** The counter; `wrap` every connection the implementation may use. */
export class ReadCounter {
  /** Keys fetched from the server since the last reset. */
  keys = 0;

  reset(): void {
    this.keys = 0;
  }

  /** `client`, counting the keys it reads. */
  wrap(client: CacheClient): CacheClient {
    return new Proxy(client, {
      get: (target, prop) => {
        const value: unknown = Reflect.get(target, prop, target);
        if (typeof value !== 'function' || typeof prop !== 'string') return value;
        const fn = value as (...a: unknown[]) => unknown;
        if (prop === 'pipeline' || prop === 'multi') return (...args: unknown[]) => this.#batch(fn.apply(target, args));
        if (prop === 'call' || prop === 'callBuffer') {
          return (...args: unknown[]) => {
            const name = readName(String(args[0]));
            if (name) this.keys += keysOf(name, args.slice(1));
            return fn.apply(target, args);
          };
        }
        const name = readName(prop);
        if (!name) return fn.bind(target);
        return (...args: unknown[]) => {
          this.keys += keysOf(name, args);
          return fn.apply(target, args);
        };
      },
    });
  }

  // A pipeline or MULTI: count reads as they are queued (exec sends them).
  #batch(batch: unknown): unknown {
    if (!batch || typeof batch !== 'object') return batch;
    return new Proxy(batch, {
      get: (target, prop, receiver: unknown) => {
        const value: unknown = Reflect.get(target, prop, target);
        if (typeof value !== 'function' || typeof prop !== 'string') return value;
        const fn = value as (...a: unknown[]) => unknown;
        const name = readName(prop);
        return (...args: unknown[]) => {
          if (name) this.keys += keysOf(name, args);
          const out = fn.apply(target, args);
          return out === target ? receiver : out;
        };
      },
    });
  }
}
