/**
 * The embedded server: one keyspace, memory budget, config, stats and Lua engine shared by all
 * its clients, and the command executor they all go through. `execute` follows Redis's
 * processCommand/call order: reject unknown commands and wrong arity, expire and evict before
 * the command, refuse denyoom commands while over maxmemory, run it, count it. Commands it does
 * not implement itself run on ioredis-mock's implementations with Redis's lookup semantics.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { ReplyError } from '../reply-error.js';
import { MemoryBudget, type MemoryBudgetOptions } from '../../../sim/memory-budget.js';
import { EmbeddedUnsupportedError } from '../errors.js';
import { StatusReply } from '../resp.js';
import { commandKeys, emptyNetwork, type NetworkCounters } from '../traffic.js';
import { keyCommands } from './commands/keys.js';
import { scriptingCommands } from './commands/scripting.js';
import { serverCommands } from './commands/server.js';
import { stringCommands } from './commands/strings.js';
import { ConfigStore } from './config.js';
import { lookupRead, lookupWrite, text, type Arg, type CommandContext, type Frame, type Handler, type Reply, type Session } from './context.js';
import { Keyspace } from './keyspace.js';
import { LuaEngine } from './lua.js';
import { channelListenerCount, rawCommands } from './ioredis-mock.js';
import { ServerStats } from './stats.js';

interface CommandInfo {
  arity: number;
  flags: string[];
}

// Redis's command table (arity, flags) as ioredis ships it; loaded with require because a JSON
// module with a key named `eval` does not survive tsx's ESM transform.
const COMMANDS = createRequire(import.meta.url)('@ioredis/commands/built/commands.json') as Record<string, CommandInfo>;
const OOM = "OOM command not allowed when used memory > 'maxmemory'.";
// Commands allowed while a MULTI is open that run immediately instead of being queued.
const NOT_QUEUED = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);
// Read-only commands that look keys up without touching them (LOOKUP_NOTOUCH in Redis).
const NO_TOUCH = new Set(['exists', 'ttl', 'pttl', 'type', 'object', 'expiretime', 'pexpiretime']);

/** Options of {@link EmbeddedCore}. */
export interface EmbeddedCoreOptions extends MemoryBudgetOptions {
  /** The port clients' ioredis-mock instances use (their pub/sub channels are shared per port). */
  port: number;
}

/** One embedded Redis server; see the module comment. */
let executedInProcess = 0;

/** Commands every embedded server of this process has run (`npm run bench:grade` divides it by the wall time of a load check). */
export function commandsExecutedInProcess(): number {
  return executedInProcess;
}

export class EmbeddedCore {
  readonly port: number;
  readonly runId = randomBytes(20).toString('hex');
  readonly startedAt = Date.now();
  readonly stats = new ServerStats();
  readonly budget: MemoryBudget;
  readonly keyspace: Keyspace;
  readonly config: ConfigStore;
  readonly lua = new LuaEngine();
  readonly scripts = new Map<string, string>();
  readonly network: NetworkCounters = emptyNetwork();
  readonly sessions = new Set<Session>();
  peakMemory = 0;
  #handlers = new Map<string, Handler>();
  #oom = false;
  #nextId = 1;

  constructor(options: EmbeddedCoreOptions) {
    this.port = options.port;
    this.budget = new MemoryBudget(options);
    this.keyspace = new Keyspace(this.budget);
    this.config = new ConfigStore(this.budget);
    const all = { ...stringCommands, ...keyCommands, ...serverCommands(this), ...scriptingCommands(this) };
    for (const [name, handler] of Object.entries(all)) this.#handlers.set(name, handler);
  }

  /** Clients connected now. */
  get connectedClients(): number {
    let n = 0;
    for (const s of this.sessions) if (!s.closed) n++;
    return n;
  }

  get pubsubChannels(): number {
    return this.#listenerCount('channels');
  }

  get pubsubPatterns(): number {
    return this.#listenerCount('patternChannels');
  }

  /** True when memory was over maxmemory after the last eviction attempt. */
  oomState(): boolean {
    return this.#oom;
  }

  /** Registers a client connection. */
  openSession(mock: Record<string, unknown>, name?: string): Session {
    const now = Date.now();
    const session: Session = {
      id: this.#nextId++,
      name,
      mock,
      watched: new Map(),
      createdAt: now,
      lastCommandAt: now,
      lastCommand: 'NULL',
      closed: false,
      multi: undefined,
    };
    this.sessions.add(session);
    this.stats.connectionsReceived += 1;
    this.budget.setClients(this.connectedClients);
    return session;
  }

  /** Marks a connection closed (its memory is released). */
  closeSession(session: Session): void {
    if (session.closed) return;
    session.closed = true;
    for (const key of session.watched.keys()) this.keyspace.unwatch(key);
    session.watched.clear();
    this.sessions.delete(session);
    this.budget.setClients(this.connectedClients);
  }

  /** Runs one command for `session`; `frame` is set for commands run by a script or by EXEC. */
  execute(session: Session, rawName: string, args: Arg[], frame?: Frame): Reply {
    const name = rawName.toLowerCase();
    const info = COMMANDS[name];
    const handler = this.#handlers.get(name);
    const inScript = frame?.kind === 'script';
    try {
      if (!info && !handler) {
        const shown = args.map((a) => `'${text(a).slice(0, 128)}' `).join('');
        throw new ReplyError(
          inScript ? 'ERR Unknown Redis command called from script' : `ERR unknown command '${rawName}', with args beginning with: ${shown}`,
        );
      }
      if (info && (info.arity > 0 ? args.length + 1 !== info.arity : args.length + 1 < -info.arity)) {
        throw new ReplyError(inScript ? 'ERR Wrong number of args calling Redis command from script' : `ERR wrong number of arguments for '${name}' command`);
      }
      if (inScript && info?.flags.includes('noscript')) throw new ReplyError('ERR This Redis command is not allowed from script');
      if (inScript && frame.readOnly && info?.flags.includes('write')) throw new ReplyError('ERR Write commands are not allowed from read-only scripts.');
      if (!frame) this.#beforeCommand();
      const overLimit = inScript ? frame.oomAtStart && !frame.wrote : !frame && this.#oom;
      if (overLimit && info?.flags.includes('denyoom')) throw new ReplyError(OOM);
    } catch (error) {
      this.stats.rejected(name);
      if (session.multi && !NOT_QUEUED.has(name)) session.multi.failed = true;
      this.stats.errorReply((error as Error).message);
      throw error;
    }
    if (session.multi && !frame && !NOT_QUEUED.has(name)) {
      session.multi.queue.push({ name, args });
      return new StatusReply('QUEUED');
    }
    return this.#run(session, name, args, frame, handler, info);
  }

  #run(session: Session, name: string, args: Arg[], frame: Frame | undefined, handler: Handler | undefined, info: CommandInfo | undefined): Reply {
    const now = Date.now();
    session.lastCommandAt = now;
    session.lastCommand = name;
    const ctx: CommandContext = { keyspace: this.keyspace, stats: this.stats, session, frame, name, now: () => Date.now() };
    let failed = false;
    try {
      const reply = handler ? handler(ctx, args) : this.#runRaw(ctx, args, info);
      if (frame?.kind === 'script' && info?.flags.includes('write')) frame.wrote = true;
      return reply;
    } catch (error) {
      failed = true;
      const converted = this.#convertError(name, error);
      if (converted instanceof ReplyError) this.stats.errorReply(converted.message);
      throw converted;
    } finally {
      executedInProcess += 1;
      this.stats.executed(name, now, failed);
      this.budget.setTrackedCommands(this.stats.trackedCommands);
      this.peakMemory = Math.max(this.peakMemory, this.budget.used());
    }
  }

  #runRaw(ctx: CommandContext, args: Arg[], info: CommandInfo | undefined): Reply {
    const impl = rawCommands.get(ctx.name);
    if (!impl) throw new EmbeddedUnsupportedError(ctx.name);
    const readonly = info?.flags.includes('readonly') ?? false;
    for (const key of commandKeys(ctx.name, args)) {
      if (readonly) lookupRead(ctx, key, NO_TOUCH.has(ctx.name));
      else lookupWrite(ctx, key);
    }
    const result = impl.apply(ctx.session.mock, args);
    return normalize(result);
  }

  #convertError(name: string, error: unknown): Error {
    if (error instanceof ReplyError || error instanceof EmbeddedUnsupportedError) return error;
    const message = error instanceof Error ? error.message : String(error);
    // ioredis-mock throws plain Errors with Redis's text ("ERR …", "WRONGTYPE …"); anything else is a gap.
    if (/^[A-Z][A-Z_-]+ /.test(message)) return new ReplyError(message);
    return new EmbeddedUnsupportedError(name, { cause: error });
  }

  // processCommand's housekeeping: expire what is due, shrink dicts, evict to maxmemory.
  #beforeCommand(): void {
    this.keyspace.sweep();
    this.budget.cron();
    this.#oom = !this.keyspace.evict();
  }

  #listenerCount(field: 'channels' | 'patternChannels'): number {
    return channelListenerCount([...this.sessions][0]?.mock, field);
  }
}

// ioredis-mock replies: hashes come back as objects, missing values as undefined.
function normalize(result: unknown): Reply {
  if (result === undefined || result === null) return null;
  if (Array.isArray(result)) return result.map(normalize);
  if (typeof result === 'object' && !Buffer.isBuffer(result) && !(result instanceof StatusReply) && !(result instanceof Error)) {
    return Object.entries(result as Record<string, unknown>).flatMap(([k, v]) => [k, normalize(v)]);
  }
  if (typeof result === 'boolean') return result ? 1 : 0;
  return result as Reply;
}
