/**
 * Server and introspection commands of the embedded server: INFO, CONFIG, OBJECT (FREQ needs an
 * LFU policy, with Redis's exact error otherwise), MEMORY USAGE, PING, ECHO, TIME, SELECT,
 * CLIENT SETNAME/GETNAME/ID/LIST.
 */
import { ReplyError } from '../../reply-error.js';
import { memoryUsage, stringEncoding, type StoredValue } from '../../../../sim/memory-model.js';
import { StatusReply } from '../../resp.js';
import type { ConfigStore } from '../config.js';
import { lookupRead, parseInteger, text, type Handler, type Session } from '../context.js';
import { renderInfo, type InfoSource } from '../info.js';

/** What the server commands need from the server. */
export interface ServerApi extends InfoSource {
  readonly config: ConfigStore;
  readonly sessions: ReadonlySet<Session>;
}

const OK = new StatusReply('OK');
const subArity = (cmd: string, sub: string) => new ReplyError(`ERR wrong number of arguments for '${cmd}|${sub}' command`);
const unknownSub = (cmd: string, sub: string) => new ReplyError(`ERR unknown subcommand '${sub}'. Try ${cmd.toUpperCase()} HELP.`);

function encodingOf(value: StoredValue): string {
  if (typeof value === 'string' || Buffer.isBuffer(value)) return stringEncoding(value);
  if (Array.isArray(value)) return 'quicklist';
  if (value instanceof Set)
    return value.size <= 512 && [...value].every((m) => /^-?\d{1,18}$/.test(String(m))) ? 'intset' : value.size <= 128 ? 'listpack' : 'hashtable';
  if (value instanceof Map) return value.size <= 128 ? 'listpack' : 'skiplist';
  return Object.keys(value).length <= 128 ? 'listpack' : 'hashtable';
}

const LFU_ONLY =
  'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';
const LRU_ONLY =
  'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';

/** Handlers by command name, bound to `server`. */
export function serverCommands(server: ServerApi): Record<string, Handler> {
  const object: Handler = (ctx, args) => {
    const sub = text(args[0]).toLowerCase();
    if (!['freq', 'idletime', 'encoding', 'refcount', 'help'].includes(sub)) throw unknownSub('object', text(args[0]));
    if (sub === 'help')
      return ['OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:', 'ENCODING <key>', 'FREQ <key>', 'IDLETIME <key>', 'REFCOUNT <key>'];
    if (args.length !== 2) throw subArity('object', sub);
    const key = text(args[1]);
    const value = lookupRead(ctx, key, true);
    if (value === undefined) return null;
    const lfu = server.budget.config.policy.endsWith('-lfu');
    switch (sub) {
      case 'freq':
        if (!lfu) throw new ReplyError(LFU_ONLY);
        return server.budget.keys.frequency(key) ?? 0;
      case 'idletime':
        if (lfu) throw new ReplyError(LRU_ONLY);
        return server.budget.keys.idleSeconds(key) ?? 0;
      case 'encoding':
        return encodingOf(value);
      default:
        return 1;
    }
  };
  const memory: Handler = (ctx, args) => {
    const sub = text(args[0]).toLowerCase();
    if (sub === 'usage') {
      if (args.length !== 2 && !(args.length === 4 && text(args[2]).toUpperCase() === 'SAMPLES'))
        throw args.length < 2 ? subArity('memory', sub) : new ReplyError('ERR syntax error');
      if (args.length === 4) parseInteger(args[3]);
      const key = text(args[1]);
      const value = ctx.keyspace.get(key);
      return value === undefined ? null : memoryUsage(key, value);
    }
    if (sub === 'stats') {
      const used = server.budget.used();
      return [
        'peak.allocated',
        server.peakMemory,
        'total.allocated',
        used,
        'startup.allocated',
        server.budget.baseline(),
        'keys.count',
        ctx.keyspace.size,
        'dataset.bytes',
        used - server.budget.baseline(),
      ];
    }
    if (sub === 'doctor') return 'Hi Sam, this is the embedded cache: memory is modelled, see docs/cost-model.md.';
    if (sub === 'purge') return OK;
    if (sub === 'help') return ['MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:', 'DOCTOR', 'STATS', 'USAGE <key> [SAMPLES <count>]'];
    throw unknownSub('memory', text(args[0]));
  };
  const config: Handler = (_ctx, args) => {
    const sub = text(args[0]).toLowerCase();
    const rest = args.slice(1).map(text);
    switch (sub) {
      case 'get':
        if (rest.length === 0) throw subArity('config', sub);
        return server.config.get(rest);
      case 'set':
        server.config.set(rest);
        return OK;
      case 'resetstat':
        server.stats.reset();
        server.keyspace.expiredKeys = 0;
        server.keyspace.evictedKeys = 0;
        return OK;
      case 'rewrite':
        throw new ReplyError('ERR The server is running without a config file');
      default:
        throw unknownSub('config', text(args[0]));
    }
  };
  const client: Handler = (ctx, args) => {
    const sub = text(args[0]).toLowerCase();
    switch (sub) {
      case 'setname':
        if (/\s/.test(text(args[1]))) throw new ReplyError('ERR Client names cannot contain spaces, newlines or special characters.');
        ctx.session.name = text(args[1]) || undefined;
        return OK;
      case 'getname':
        return ctx.session.name ?? null;
      case 'id':
        return ctx.session.id;
      case 'list':
        return [...server.sessions]
          .filter((s) => !s.closed)
          .map(
            (s) =>
              `id=${s.id} addr=embedded:${s.id} name=${s.name ?? ''} age=${Math.floor((ctx.now() - s.createdAt) / 1000)} idle=${Math.floor((ctx.now() - s.lastCommandAt) / 1000)} db=0 cmd=${s.lastCommand}\n`,
          )
          .join('');
      default:
        throw unknownSub('client', text(args[0]));
    }
  };
  return {
    info: (ctx, args) => renderInfo(server, args.map(text), ctx.now()),
    config,
    object,
    memory,
    client,
    ping: (_ctx, args) => (args.length === 0 ? new StatusReply('PONG') : args[0]!),
    echo: (_ctx, args) => args[0]!,
    time: (ctx) => [String(Math.floor(ctx.now() / 1000)), String((ctx.now() % 1000) * 1000)],
    select: (_ctx, args) => {
      // Redis has 16 databases; the embedded cache only database 0, and says so.
      if (parseInteger(args[0]) !== 0)
        throw new ReplyError('ERR DB index is out of range (the embedded cache has only database 0; use CACHELAB_BACKEND=real for SELECT)');
      return OK;
    },
    quit: () => OK,
  };
}
