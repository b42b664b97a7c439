/**
 * String commands, written for Redis 7 fidelity (ioredis-mock ignores lower-case SET flags, has
 * no overflow or type checks on INCR, …): GET, SET and its variants, GETEX, GETDEL, MGET, MSET,
 * INCR family, APPEND, STRLEN.
 */
import { ReplyError } from '../../reply-error.js';
import { StatusReply } from '../../resp.js';
import {
  isString,
  lookupRead,
  lookupWrite,
  notInteger,
  parseInteger,
  readString,
  text,
  wrongArgs,
  wrongType,
  type Arg,
  type CommandContext,
  type Handler,
} from '../context.js';
import { parseSetOptions } from './set-options.js';

const OK = new StatusReply('OK');
const key = (arg: Arg | undefined): string => text(arg);

/** SET with every option; `expireAt` already absolute. */
function setValue(ctx: CommandContext, k: string, value: Arg, expireAt: number | undefined, keepTtl: boolean): void {
  ctx.keyspace.write(k, value);
  if (expireAt !== undefined) {
    if (expireAt <= ctx.now()) ctx.keyspace.remove(k);
    else ctx.keyspace.setExpire(k, expireAt);
  } else if (!keepTtl) ctx.keyspace.setExpire(k, undefined);
}

const set: Handler = (ctx, args) => {
  const k = key(args[0]);
  const o = parseSetOptions('set', args.slice(2), ctx.now());
  const old = o.get ? readString(ctx, k) : null;
  const found = lookupWrite(ctx, k) !== undefined;
  if ((o.nx && found) || (o.xx && !found)) return o.get ? old : null;
  setValue(ctx, k, args[1]!, o.expireAt, o.keepTtl);
  return o.get ? old : OK;
};

function setIfAbsent(ctx: CommandContext, k: string, value: Arg): number {
  if (lookupWrite(ctx, k) !== undefined) return 0;
  setValue(ctx, k, value, undefined, false);
  return 1;
}

function setWithTtl(ctx: CommandContext, args: Arg[], unitMs: number): StatusReply {
  const amount = parseInteger(args[1]);
  if (amount <= 0 || amount > Number.MAX_SAFE_INTEGER / unitMs) throw new ReplyError(`ERR invalid expire time in '${ctx.name}' command`);
  lookupWrite(ctx, key(args[0]));
  setValue(ctx, key(args[0]), args[2]!, ctx.now() + amount * unitMs, false);
  return OK;
}

const getex: Handler = (ctx, args) => {
  const k = key(args[0]);
  const o = parseSetOptions('getex', args.slice(1), ctx.now());
  const value = readString(ctx, k);
  if (value === null) return null;
  if (o.expireAt !== undefined) {
    if (o.expireAt <= ctx.now()) ctx.keyspace.remove(k);
    else ctx.keyspace.setExpire(k, o.expireAt);
  } else if (o.persist) ctx.keyspace.setExpire(k, undefined);
  return value;
};

const I64_MAX = 9223372036854775807n;
const I64_MIN = -9223372036854775808n;

function incrBy(ctx: CommandContext, k: string, by: bigint): number {
  const current = lookupWrite(ctx, k);
  if (current !== undefined && !isString(current)) throw wrongType();
  let base = 0n;
  if (current !== undefined) {
    const s = text(current);
    if (!/^-?(0|[1-9][0-9]*)$/.test(s) || s.length > 20) throw notInteger();
    base = BigInt(s);
    if (base > I64_MAX || base < I64_MIN) throw notInteger();
  }
  const next = base + by;
  if (next > I64_MAX || next < I64_MIN) throw new ReplyError('ERR increment or decrement would overflow');
  ctx.keyspace.write(k, next.toString());
  return Number(next);
}

const int64 = (arg: Arg | undefined): bigint => {
  parseInteger(arg);
  return BigInt(text(arg));
};

const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseFloatArg(value: string): number {
  if (!FLOAT.test(value)) throw new ReplyError('ERR value is not a valid float');
  return Number(value);
}

/** Handlers by command name. */
export const stringCommands: Record<string, Handler> = {
  get: (ctx, args) => readString(ctx, key(args[0])),
  set,
  setnx: (ctx, args) => setIfAbsent(ctx, key(args[0]), args[1]!),
  setex: (ctx, args) => setWithTtl(ctx, args, 1000),
  psetex: (ctx, args) => setWithTtl(ctx, args, 1),
  getset: (ctx, args) => {
    const old = readString(ctx, key(args[0]));
    setValue(ctx, key(args[0]), args[1]!, undefined, false);
    return old;
  },
  getdel: (ctx, args) => {
    const value = readString(ctx, key(args[0]));
    if (value !== null) ctx.keyspace.remove(key(args[0]));
    return value;
  },
  getex,
  mget: (ctx, args) =>
    args.map((a) => {
      const value = lookupRead(ctx, key(a));
      return isString(value) ? value : null;
    }),
  mset: (ctx, args) => {
    if (args.length % 2 !== 0) throw wrongArgs(ctx.name);
    for (let i = 0; i < args.length; i += 2) setValue(ctx, key(args[i]), args[i + 1]!, undefined, false);
    return OK;
  },
  msetnx: (ctx, args) => {
    if (args.length % 2 !== 0) throw wrongArgs(ctx.name);
    for (let i = 0; i < args.length; i += 2) if (ctx.keyspace.has(key(args[i]))) return 0;
    for (let i = 0; i < args.length; i += 2) setValue(ctx, key(args[i]), args[i + 1]!, undefined, false);
    return 1;
  },
  incr: (ctx, args) => incrBy(ctx, key(args[0]), 1n),
  decr: (ctx, args) => incrBy(ctx, key(args[0]), -1n),
  incrby: (ctx, args) => incrBy(ctx, key(args[0]), int64(args[1])),
  decrby: (ctx, args) => incrBy(ctx, key(args[0]), -int64(args[1])),
  incrbyfloat: (ctx, args) => {
    const k = key(args[0]);
    const current = lookupWrite(ctx, k);
    if (current !== undefined && !isString(current)) throw wrongType();
    const base = current === undefined ? 0 : parseFloatArg(text(current));
    const next = base + parseFloatArg(text(args[1]));
    if (!Number.isFinite(next)) throw new ReplyError('ERR increment would produce NaN or Infinity');
    // Redis adds in long double and prints 17 digits; 15 digits hides the double rounding noise.
    const out = String(Number(next.toPrecision(15)));
    ctx.keyspace.write(k, out);
    return out;
  },
  append: (ctx, args) => {
    const k = key(args[0]);
    const current = lookupWrite(ctx, k);
    if (current !== undefined && !isString(current)) throw wrongType();
    const next = Buffer.concat([Buffer.from(current ?? ''), Buffer.from(args[1]!)]);
    ctx.keyspace.write(k, next.toString());
    return next.length;
  },
  strlen: (ctx, args) => {
    const value = readString(ctx, key(args[0]));
    return value === null ? 0 : Buffer.byteLength(value);
  },
};
