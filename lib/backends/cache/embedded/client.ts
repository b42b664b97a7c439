/**
 * One client of the embedded cache: an ioredis-mock instance (it supplies ioredis's events, pub/sub
 * plumbing and the `this` its command functions expect) whose command methods all send the
 * command over the embedded link (counters, cost model) to the server's executor. pipeline/multi,
 * defineCommand, duplicate, call/sendCommand, scan streams, quit and disconnect are replaced too.
 * The methods live on a shared prototype and reach the client's state through one symbol, so a
 * client costs little to create (naive code opens one per request).
 */
import { list as commandNames } from '@ioredis/commands';
import { ScanStream } from 'ioredis';
import type { CacheClient } from '../../types.js';
import { replySize, requestSize } from '../resp.js';
import type { TrafficCounter } from '../traffic.js';
import type { Arg, Reply, Session } from './context.js';
import type { EmbeddedCore } from './core.js';
import { attachKeyspace, disconnectMock, inSubscriberMode, MockClientBase } from './ioredis-mock.js';
import type { Link } from './link.js';
import { sha1 } from './lua.js';
import { EmbeddedPipeline } from './pipeline.js';
import { clientReply, commandArgs, splitCallback, withCallback } from './wire.js';

/** A script registered with defineCommand. */
interface CustomCommand {
  sha: string;
  lua: string;
  numberOfKeys: number | undefined;
}

/** What the client's methods and its pipelines share. */
export interface ClientInternals {
  readonly core: EmbeddedCore;
  readonly session: Session;
  readonly link: Link;
  readonly traffic: TrafficCounter;
  readonly custom: Map<string, CustomCommand>;
  /** EVALSHA arguments for a custom command (loads the script, as ioredis's NOSCRIPT fallback would). */
  customArgs(def: CustomCommand, args: unknown[]): Arg[];
  /** Throws ioredis's error if the connection is closed or in subscriber mode. */
  assertUsable(names: string[]): void;
}

/** Options of {@link createEmbeddedClient}. */
export interface EmbeddedClientOptions {
  core: EmbeddedCore;
  link: Link;
  traffic: TrafficCounter;
  name?: string;
  /** Called when the client quits or disconnects. */
  onClose(): void;
  /** Creates a sibling client for duplicate() (stored as the client's own, so a function property). */
  duplicate: () => CacheClient;
}

type Callback = (err: Error | null, res?: unknown) => void;

/** The per-client half of the methods. */
interface ClientImpl {
  readonly internals: ClientInternals;
  closed: boolean;
  send(method: string, args: unknown[]): Promise<unknown>;
  dispatch(name: string, args: Arg[], asBuffer: boolean): Promise<unknown>;
  close(): void;
  duplicate(): CacheClient;
}

const IMPL = Symbol('embedded client');
const SUBSCRIBER_OK = new Set(['subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe', 'ssubscribe', 'sunsubscribe', 'ping', 'quit']);

class EmbeddedMock extends MockClientBase {
  declare [IMPL]: ClientImpl;
}

type Self = EmbeddedMock & Record<string, unknown>;
const proto = EmbeddedMock.prototype as unknown as Record<string, unknown>;

for (const name of commandNames) {
  proto[name] = function (this: Self, ...a: unknown[]) {
    return this[IMPL].send(name, a);
  };
  proto[`${name}Buffer`] = function (this: Self, ...a: unknown[]) {
    return this[IMPL].send(`${name}Buffer`, a);
  };
}
for (const [method, command, keyed] of [
  ['scanStream', 'scan', false],
  ['scanBufferStream', 'scanBuffer', false],
  ['sscanStream', 'sscan', true],
  ['sscanBufferStream', 'sscanBuffer', true],
  ['hscanStream', 'hscan', true],
  ['hscanBufferStream', 'hscanBuffer', true],
  ['zscanStream', 'zscan', true],
  ['zscanBufferStream', 'zscanBuffer', true],
] as const) {
  proto[method] = function (this: Self, ...a: unknown[]) {
    const [key, options] = keyed ? [a[0], a[1]] : [undefined, a[0]];
    return new ScanStream({ objectMode: true, key: key as string | undefined, redis: this, command, ...(options as object) });
  };
}
Object.assign(proto, {
  connect: async () => undefined,
  call(this: Self, name: string, ...a: unknown[]) {
    return this[IMPL].send(String(name), a);
  },
  callBuffer(this: Self, name: string, ...a: unknown[]) {
    return this[IMPL].send(`${String(name)}Buffer`, a);
  },
  sendCommand(this: Self, command: { name: string; args: unknown[]; resolve: (v: unknown) => void; reject: (e: unknown) => void; promise: Promise<unknown> }) {
    this[IMPL].dispatch(command.name, commandArgs(command.name.toLowerCase(), command.args), false).then(command.resolve, command.reject);
    return command.promise;
  },
  pipeline(this: Self, commands?: unknown[][]) {
    return new EmbeddedPipeline(this[IMPL].internals, false, commands);
  },
  multi(this: Self, commandsOrOptions?: unknown[][] | { pipeline?: boolean }) {
    if (commandsOrOptions && !Array.isArray(commandsOrOptions) && commandsOrOptions.pipeline === false) return this[IMPL].send('multi', []);
    return new EmbeddedPipeline(this[IMPL].internals, true, Array.isArray(commandsOrOptions) ? commandsOrOptions : []);
  },
  defineCommand(this: Self, name: string, definition: { lua: string; numberOfKeys?: number }) {
    const impl = this[IMPL];
    const def: CustomCommand = { sha: sha1(definition.lua), lua: definition.lua, numberOfKeys: definition.numberOfKeys };
    impl.internals.custom.set(name, def);
    const invoke =
      (asBuffer: boolean) =>
      (...raw: unknown[]) => {
        const { args, callback } = splitCallback(raw);
        return withCallback(impl.dispatch('evalsha', impl.internals.customArgs(def, args), asBuffer), callback);
      };
    Object.assign(this, { [name]: invoke(false), [`${name}Buffer`]: invoke(true) });
  },
  duplicate(this: Self) {
    return this[IMPL].duplicate();
  },
  quit(this: Self, callback?: Callback) {
    const impl = this[IMPL];
    return withCallback(
      impl.dispatch('quit', [], false).finally(() => impl.close()),
      callback,
    );
  },
  disconnect(this: Self) {
    this[IMPL].close();
  },
});
Object.defineProperty(proto, 'status', {
  get(this: Self) {
    return this[IMPL].closed ? 'end' : 'ready';
  },
  configurable: true,
});

/** Builds one embedded client; see the module comment. */
export function createEmbeddedClient(options: EmbeddedClientOptions): CacheClient {
  const { core, link, traffic } = options;
  const mock = new EmbeddedMock(core.port, '127.0.0.1') as Self;
  attachKeyspace(mock, core.keyspace);
  const session = core.openSession(mock, options.name);

  const internals: ClientInternals = {
    core,
    session,
    link,
    traffic,
    custom: new Map(),
    customArgs(def, args) {
      if (!core.scripts.has(def.sha)) core.scripts.set(def.sha, def.lua);
      const flat = commandArgs('evalsha', args);
      return def.numberOfKeys === undefined ? [def.sha, ...flat] : [def.sha, String(def.numberOfKeys), ...flat];
    },
    assertUsable(names) {
      if (impl.closed) throw new Error('Connection is closed.');
      if (inSubscriberMode(mock) && names.some((n) => !SUBSCRIBER_OK.has(n)))
        throw new Error('Connection in subscriber mode, only subscriber commands may be used');
    },
  };

  const impl: ClientImpl = {
    internals,
    closed: false,
    // `name` keeps the caller's letter case: Redis echoes it in "unknown command" errors.
    async dispatch(name, args, asBuffer) {
      const lower = name.toLowerCase();
      internals.assertUsable([lower]);
      traffic.record(lower, args);
      return link.exchange(requestSize(name, args), 1, () => {
        try {
          const reply = core.execute(session, name, args);
          return { value: lower === 'exec' ? execPairs(reply, asBuffer) : clientReply(lower, reply, asBuffer), replyBytes: replySize(reply) };
        } catch (error) {
          return { error: error as Error, replyBytes: replySize(error) };
        }
      });
    },
    send(method, raw) {
      const { args, callback } = splitCallback(raw);
      const asBuffer = method.endsWith('Buffer');
      const name = asBuffer ? method.slice(0, -'Buffer'.length) : method;
      return withCallback(impl.dispatch(name, commandArgs(name.toLowerCase(), args), asBuffer), callback);
    },
    close() {
      if (impl.closed) return;
      impl.closed = true;
      core.closeSession(session);
      disconnectMock(mock);
      options.onClose();
    },
    duplicate: options.duplicate,
  };
  mock[IMPL] = impl;
  return mock as unknown as CacheClient;
}

// EXEC sent on its own (multi({ pipeline: false })): ioredis resolves [[err, reply], …].
function execPairs(reply: Reply, asBuffer: boolean): unknown {
  if (!Array.isArray(reply)) return clientReply('exec', reply, asBuffer);
  return reply.map((r) => (r instanceof Error ? [r, null] : [null, clientReply('exec', r, asBuffer)]));
}
