/**
 * The client side of the embedded wire: turns ioredis-style call arguments into command
 * arguments (flatten one level, ioredis's argument transformers, toString) and server replies
 * into what ioredis returns (status → string, bulk → string or Buffer for *Buffer calls,
 * hgetall → object).
 */
import { StatusReply } from '../resp.js';
import type { Arg, Reply } from './context.js';
import { argumentTransformers, replyTransformers } from './ioredis-mock.js';

/** Splits a trailing Node-style callback off the arguments. */
export function splitCallback(args: unknown[]): { args: unknown[]; callback: ((err: Error | null, res?: unknown) => void) | undefined } {
  const last = args[args.length - 1];
  if (typeof last === 'function') return { args: args.slice(0, -1), callback: last as (err: Error | null, res?: unknown) => void };
  return { args, callback: undefined };
}

/** ioredis's argument processing for command `name`. */
export function commandArgs(name: string, args: unknown[]): Arg[] {
  let flat: unknown[] = args.flat();
  const transform = argumentTransformers[name];
  if (transform) flat = transform(flat);
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- ioredis sends every other argument as String(arg), an object's toString() included
  return flat.map((a) => (a === null || a === undefined ? '' : Buffer.isBuffer(a) ? a : String(a)));
}

function convert(reply: Reply, asBuffer: boolean): unknown {
  if (reply instanceof StatusReply) return asBuffer ? Buffer.from(reply.value) : reply.value;
  if (typeof reply === 'string') return asBuffer ? Buffer.from(reply) : reply;
  if (Buffer.isBuffer(reply)) return asBuffer ? reply : reply.toString();
  if (Array.isArray(reply)) return reply.map((r) => convert(r, asBuffer));
  return reply;
}

/** The value ioredis resolves for `name` (`asBuffer` for the *Buffer variants). */
export function clientReply(name: string, reply: Reply, asBuffer: boolean): unknown {
  const value = convert(reply, asBuffer);
  const transform = replyTransformers[name];
  return transform && Array.isArray(value) ? transform(value) : value;
}

/** Settles a Node-style callback from a promise, as ioredis does. */
export function withCallback<T>(promise: Promise<T>, callback: ((err: Error | null, res?: T) => void) | undefined): Promise<T> {
  if (callback)
    promise.then(
      (v) => callback(null, v),
      (e: Error) => callback(e),
    );
  return promise;
}
