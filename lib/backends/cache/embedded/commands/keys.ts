/**
 * Generic key commands with Redis 7 semantics: DEL/UNLINK, EXISTS, the EXPIRE family with
 * NX/XX/GT/LT, TTL/PTTL (TTL rounds to the nearest second, as Redis does), PERSIST, EXPIRETIME,
 * TYPE, TOUCH, DBSIZE, FLUSHALL/FLUSHDB.
 */
import { ReplyError } from '../../reply-error.js';
import { StatusReply } from '../../resp.js';
import { lookupRead, lookupWrite, parseInteger, syntaxError, text, type CommandContext, type Handler } from '../context.js';
import type { StoredValue } from '../../../../sim/memory-model.js';

const OK = new StatusReply('OK');

/** The type name TYPE reports for a stored value. */
function typeOf(value: StoredValue): string {
  if (typeof value === 'string' || Buffer.isBuffer(value)) return 'string';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Set) return 'set';
  if (value instanceof Map) return 'zset';
  return 'hash';
}

function expireGeneric(ctx: CommandContext, args: readonly (string | Buffer)[], unitMs: number, absolute: boolean): number {
  const k = text(args[0]);
  let nx = false,
    xx = false,
    gt = false,
    lt = false;
  for (const raw of args.slice(2)) {
    const opt = text(raw).toUpperCase();
    if (opt === 'NX') nx = true;
    else if (opt === 'XX') xx = true;
    else if (opt === 'GT') gt = true;
    else if (opt === 'LT') lt = true;
    else throw new ReplyError(`ERR Unsupported option ${text(raw)}`);
  }
  if (nx && (xx || gt || lt)) throw new ReplyError('ERR NX and XX, GT or LT options at the same time are not compatible');
  if (gt && lt) throw new ReplyError('ERR GT and LT options at the same time are not compatible');
  const amount = parseInteger(args[1]);
  if (unitMs === 1000 && Math.abs(amount) > Number.MAX_SAFE_INTEGER / 1000) {
    throw new ReplyError(`ERR invalid expire time in '${ctx.name}' command`);
  }
  const when = amount * unitMs + (absolute ? 0 : ctx.now());
  if (lookupWrite(ctx, k) === undefined) return 0;
  const current = ctx.keyspace.expireAt(k);
  if (nx && current !== undefined) return 0;
  if (xx && current === undefined) return 0;
  if (gt && (current === undefined || when <= current)) return 0;
  if (lt && current !== undefined && when >= current) return 0;
  if (when <= ctx.now())
    ctx.keyspace.remove(k); // already in the past: Redis deletes the key
  else ctx.keyspace.setExpire(k, when);
  return 1;
}

function ttlGeneric(ctx: CommandContext, key: string, ms: boolean, absolute: boolean): number {
  if (lookupRead(ctx, key, true) === undefined) return -2;
  const at = ctx.keyspace.expireAt(key);
  if (at === undefined) return -1;
  if (absolute) return ms ? at : Math.floor(at / 1000);
  const left = Math.max(0, at - ctx.now());
  return ms ? left : Math.floor((left + 500) / 1000);
}

function flush(ctx: CommandContext, args: readonly (string | Buffer)[]): StatusReply {
  const mode = args[0] === undefined ? '' : text(args[0]).toUpperCase();
  if (args.length > 1 || (mode !== '' && mode !== 'SYNC' && mode !== 'ASYNC')) throw syntaxError();
  ctx.keyspace.flush();
  return OK;
}

/** Handlers by command name. */
export const keyCommands: Record<string, Handler> = {
  del: (ctx, args) => args.reduce<number>((n, a) => n + (ctx.keyspace.remove(text(a)) ? 1 : 0), 0),
  unlink: (ctx, args) => args.reduce<number>((n, a) => n + (ctx.keyspace.remove(text(a)) ? 1 : 0), 0),
  exists: (ctx, args) => args.reduce<number>((n, a) => n + (lookupRead(ctx, text(a), true) !== undefined ? 1 : 0), 0),
  touch: (ctx, args) => args.reduce<number>((n, a) => n + (lookupRead(ctx, text(a)) !== undefined ? 1 : 0), 0),
  expire: (ctx, args) => expireGeneric(ctx, args, 1000, false),
  pexpire: (ctx, args) => expireGeneric(ctx, args, 1, false),
  expireat: (ctx, args) => expireGeneric(ctx, args, 1000, true),
  pexpireat: (ctx, args) => expireGeneric(ctx, args, 1, true),
  ttl: (ctx, args) => ttlGeneric(ctx, text(args[0]), false, false),
  pttl: (ctx, args) => ttlGeneric(ctx, text(args[0]), true, false),
  expiretime: (ctx, args) => ttlGeneric(ctx, text(args[0]), false, true),
  pexpiretime: (ctx, args) => ttlGeneric(ctx, text(args[0]), true, true),
  persist: (ctx, args) => {
    const k = text(args[0]);
    if (lookupWrite(ctx, k) === undefined || ctx.keyspace.expireAt(k) === undefined) return 0;
    ctx.keyspace.setExpire(k, undefined);
    return 1;
  },
  type: (ctx, args) => {
    const value = lookupRead(ctx, text(args[0]), true);
    return new StatusReply(value === undefined ? 'none' : typeOf(value));
  },
  dbsize: (ctx) => {
    ctx.keyspace.sweep();
    return ctx.keyspace.size;
  },
  flushall: flush,
  flushdb: flush,
};
