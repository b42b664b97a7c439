/**
 * Scripting and transactions of the embedded server: EVAL, EVALSHA (and their _RO forms),
 * SCRIPT LOAD/EXISTS/FLUSH, and MULTI/EXEC/DISCARD/WATCH/UNWATCH with Redis 7 semantics
 * (queue-time errors abort EXEC, a changed watched key makes EXEC return nil).
 */
import { ReplyError } from '../../reply-error.js';
import { StatusReply } from '../../resp.js';
import { parseInteger, text, type Arg, type Frame, type Handler, type Reply, type Session } from '../context.js';
import type { Keyspace } from '../keyspace.js';
import { sha1, type LuaEngine } from '../lua.js';

/** What these commands need from the server. */
export interface ScriptApi {
  readonly lua: LuaEngine;
  readonly scripts: Map<string, string>;
  readonly keyspace: Keyspace;
  /** True when memory was over maxmemory after the last eviction attempt. */
  oomState(): boolean;
  execute(session: Session, name: string, args: Arg[], frame?: Frame): Reply;
}

const OK = new StatusReply('OK');

/** Releases every WATCH of `session`. */
function unwatchAll(keyspace: Keyspace, session: Session): void {
  for (const key of session.watched.keys()) keyspace.unwatch(key);
  session.watched.clear();
}

/** Handlers by command name, bound to `server`. */
export function scriptingCommands(server: ScriptApi): Record<string, Handler> {
  const run = (session: Session, sha: string, body: string, args: Arg[], readOnly: boolean): Reply => {
    const numKeys = parseInteger(args[0]);
    if (numKeys < 0) throw new ReplyError("ERR Number of keys can't be negative");
    if (numKeys > args.length - 1) throw new ReplyError("ERR Number of keys can't be greater than number of args");
    const frame = { kind: 'script' as const, sha, oomAtStart: server.oomState(), readOnly, wrote: false };
    const keys = args.slice(1, 1 + numKeys);
    const argv = args.slice(1 + numKeys);
    return server.lua.run(sha, body, keys, argv, (name, cmdArgs) => server.execute(session, name, cmdArgs, frame));
  };
  const evalBody =
    (readOnly: boolean): Handler =>
    (ctx, args) => {
      const body = text(args[0]);
      const sha = sha1(body);
      server.scripts.set(sha, body);
      return run(ctx.session, sha, body, args.slice(1), readOnly);
    };
  const evalSha =
    (readOnly: boolean): Handler =>
    (ctx, args) => {
      const sha = text(args[0]).toLowerCase();
      const body = server.scripts.get(sha);
      if (body === undefined) throw new ReplyError('NOSCRIPT No matching script. Please use EVAL.');
      return run(ctx.session, sha, body, args.slice(1), readOnly);
    };
  const script: Handler = (_ctx, args) => {
    const sub = text(args[0]).toLowerCase();
    switch (sub) {
      case 'load': {
        if (args.length !== 2) throw new ReplyError("ERR wrong number of arguments for 'script|load' command");
        const body = text(args[1]);
        const sha = sha1(body);
        server.lua.compile(sha, body);
        server.scripts.set(sha, body);
        return sha;
      }
      case 'exists':
        return args.slice(1).map((a) => (server.scripts.has(text(a).toLowerCase()) ? 1 : 0));
      case 'flush':
        server.scripts.clear();
        server.lua.flush();
        return OK;
      case 'kill':
        throw new ReplyError('NOTBUSY No scripts in execution right now.');
      default:
        throw new ReplyError(`ERR unknown subcommand '${text(args[0])}'. Try SCRIPT HELP.`);
    }
  };
  return {
    eval: evalBody(false),
    eval_ro: evalBody(true),
    evalsha: evalSha(false),
    evalsha_ro: evalSha(true),
    script,
    multi: (ctx) => {
      if (ctx.session.multi) throw new ReplyError('ERR MULTI calls can not be nested');
      ctx.session.multi = { queue: [], failed: false };
      return OK;
    },
    discard: (ctx) => {
      if (!ctx.session.multi) throw new ReplyError('ERR DISCARD without MULTI');
      ctx.session.multi = undefined;
      unwatchAll(server.keyspace, ctx.session);
      return OK;
    },
    exec: (ctx) => {
      const multi = ctx.session.multi;
      if (!multi) throw new ReplyError('ERR EXEC without MULTI');
      ctx.session.multi = undefined;
      const dirty = [...ctx.session.watched].some(([key, version]) => server.keyspace.version(key) !== version);
      unwatchAll(server.keyspace, ctx.session);
      if (multi.failed) throw new ReplyError('EXECABORT Transaction discarded because of previous errors.');
      if (dirty) return null;
      return multi.queue.map(({ name, args }) => {
        try {
          return server.execute(ctx.session, name, args, { kind: 'exec' });
        } catch (error) {
          return error instanceof Error ? error : new ReplyError(String(error));
        }
      });
    },
    watch: (ctx, args) => {
      if (ctx.session.multi) throw new ReplyError('ERR WATCH inside MULTI is not allowed');
      for (const a of args) {
        const key = text(a);
        if (!ctx.session.watched.has(key)) ctx.session.watched.set(key, server.keyspace.watch(key));
      }
      return OK;
    },
    unwatch: (ctx) => {
      unwatchAll(server.keyspace, ctx.session);
      return OK;
    },
  };
}
