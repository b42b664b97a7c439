/**
 * What a command implementation of the embedded server sees: the server, the calling session,
 * the script it runs in (if any), and the lookups Redis itself uses (lookupKeyRead counts a
 * keyspace hit or miss and touches the key for LRU/LFU; lookupKeyWrite only touches).
 */
import { ReplyError } from '../reply-error.js';
import type { StoredValue } from '../../../sim/memory-model.js';
import type { StatusReply } from '../resp.js';
import type { Keyspace } from './keyspace.js';

/** A command argument as the client layer hands it over. */
export type Arg = string | Buffer;

/** A reply before the client layer turns it into what ioredis would return (errors only inside EXEC arrays). */
export type Reply = string | Buffer | number | null | StatusReply | Error | Reply[];

/** The server-side state of one client connection. */
export interface Session {
  readonly id: number;
  name: string | undefined;
  /** The RedisMock instance ioredis-mock's implementations run against (pub/sub state lives here). */
  readonly mock: Record<string, unknown>;
  /** Watched keys and their version token at WATCH time. */
  readonly watched: Map<string, string>;
  readonly createdAt: number;
  lastCommandAt: number;
  lastCommand: string;
  closed: boolean;
  /** Commands queued after MULTI, until EXEC or DISCARD; `failed` when one was refused. */
  multi: { queue: { name: string; args: Arg[] }[]; failed: boolean } | undefined;
}

/** A Lua script being run: Redis refuses its first write if memory was over the limit when it started. */
interface ScriptFrame {
  readonly kind: 'script';
  readonly sha: string;
  readonly oomAtStart: boolean;
  readonly readOnly: boolean;
  wrote: boolean;
}

/** Commands run by EXEC: no eviction or OOM check between them (Redis checked them when queued). */
interface ExecFrame {
  readonly kind: 'exec';
}

/** Where a nested command runs from. */
export type Frame = ScriptFrame | ExecFrame;

/** Counters the lookups update (a slice of the server's stats). */
interface LookupStats {
  keyspaceHits: number;
  keyspaceMisses: number;
}

/** What every command implementation receives. */
export interface CommandContext {
  readonly keyspace: Keyspace;
  readonly stats: LookupStats;
  readonly session: Session;
  readonly frame: Frame | undefined;
  /** Lower-case command name. */
  readonly name: string;
  /** Milliseconds since the epoch (Date.now, so it follows the virtual clock). */
  now(): number;
}

/** A command implementation: synchronous, returns a reply or throws a ReplyError. */
export type Handler = (ctx: CommandContext, args: Arg[]) => Reply;

/** Redis's WRONGTYPE error. */
export const wrongType = (): ReplyError => new ReplyError('WRONGTYPE Operation against a key holding the wrong kind of value');
/** Redis's generic syntax error. */
export const syntaxError = (): ReplyError => new ReplyError('ERR syntax error');
/** Redis's error for a malformed integer argument. */
export const notInteger = (): ReplyError => new ReplyError('ERR value is not an integer or out of range');
/** Redis's arity error. */
export const wrongArgs = (name: string): ReplyError => new ReplyError(`ERR wrong number of arguments for '${name}' command`);

/** A key or option argument as text. */
export function text(arg: Arg | undefined): string {
  return arg === undefined ? '' : typeof arg === 'string' ? arg : arg.toString();
}

/** Parses a strict 64-bit integer the way Redis's string2ll does; throws Redis's error otherwise. */
export function parseInteger(arg: Arg | undefined): number {
  const s = text(arg);
  if (!/^-?(0|[1-9][0-9]*)$/.test(s) || s === '-0' || s.length > 20) throw notInteger();
  const n = BigInt(s);
  if (n > 9223372036854775807n || n < -9223372036854775808n) throw notInteger();
  return Number(n);
}

/** True for a value of the string type. */
export function isString(value: StoredValue | undefined): value is string | Buffer {
  return typeof value === 'string' || Buffer.isBuffer(value);
}

/** lookupKeyRead: counts a hit or a miss, touches the key unless `noTouch`. */
export function lookupRead(ctx: CommandContext, key: string, noTouch = false): StoredValue | undefined {
  const value = ctx.keyspace.get(key);
  if (value === undefined) {
    ctx.stats.keyspaceMisses += 1;
    return undefined;
  }
  ctx.stats.keyspaceHits += 1;
  if (!noTouch) ctx.keyspace.budget.keys.touch(key);
  return value;
}

/** lookupKeyWrite: no hit/miss stats, touches the key. */
export function lookupWrite(ctx: CommandContext, key: string): StoredValue | undefined {
  const value = ctx.keyspace.get(key);
  if (value !== undefined) ctx.keyspace.budget.keys.touch(key);
  return value;
}

/** Reads a string-typed key for a read command (WRONGTYPE for other types). */
export function readString(ctx: CommandContext, key: string): string | Buffer | null {
  const value = lookupRead(ctx, key);
  if (value === undefined) return null;
  if (!isString(value)) throw wrongType();
  return value;
}
