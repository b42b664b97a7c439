/**
 * Every use of ioredis-mock's internals, in one file (ioredis-mock is pinned exactly in
 * package.json for this reason). The embedded cache runs ioredis-mock's command implementations
 * against its own keyspace and reuses its client plumbing (events, pub/sub), none of which is
 * public API: the command functions (its public `Pipeline` hands each one to `_createCommand` when
 * it is built; a subclass records them there), ioredis's transformers, `_initCommands`, the WATCH
 * listener, `data`/`expires`, `subscriberMode`, the pub/sub channel emitters and `disconnect`.
 * {@link selfTest} checks all of them when this module loads and names what changed.
 */
import RedisMock from 'ioredis-mock';

/** A synchronous ioredis-mock command implementation. */
export type RawCommand = (this: unknown, ...args: unknown[]) => unknown;

interface PipelineCtor {
  new (redis: unknown): object;
  prototype: { _createCommand(name: string, fn: RawCommand): unknown };
}

interface MockStatics {
  Pipeline: PipelineCtor;
  Command: { transformers: { argument: Record<string, (args: unknown[]) => unknown[]>; reply: Record<string, (reply: unknown) => unknown> } };
  prototype: { _initCommands?: unknown; disconnect(this: unknown): void };
}

/** The internals of one ioredis-mock instance that the embedded client uses. */
interface MockInternals {
  context: { modifiedKeyEvents: NodeJS.EventEmitter };
  _signalModifiedKey: () => void;
  subscriberMode?: boolean;
  channels?: { instanceListeners?: Map<unknown, unknown> };
  patternChannels?: { instanceListeners?: Map<unknown, unknown> };
}

const statics = RedisMock as unknown as MockStatics;

/** Thrown at start-up when the installed ioredis-mock no longer has an internal the embedded cache uses. */
export class IoredisMockChangedError extends Error {
  readonly code = 'E_IOREDIS_MOCK_CHANGED';
  constructor(what: string) {
    super(
      `ioredis-mock changed: ${what}. The embedded cache adapts ioredis-mock 8.13.1 (lib/backends/cache/embedded/ioredis-mock.ts); install that version (npm ci) or adapt that file.`,
    );
    this.name = 'IoredisMockChangedError';
  }
}

function harvest(): ReadonlyMap<string, RawCommand> {
  const table = new Map<string, RawCommand>();
  class Recorder extends statics.Pipeline {
    _createCommand(name: string, fn: RawCommand): unknown {
      table.set(name, fn);
      return () => undefined;
    }
  }
  new Recorder({ customCommands: {} });
  if (!table.has('get') || !table.has('hset')) throw new IoredisMockChangedError('its Pipeline no longer lists the command implementations');
  return table;
}

/** ioredis-mock's implementations by command name (`get`, `getBuffer`, `hset`, …). */
export const rawCommands: ReadonlyMap<string, RawCommand> = harvest();

/** ioredis's argument transformers (objects/Maps for mset, hset, …) as ioredis-mock exposes them. */
export const argumentTransformers = statics.Command.transformers.argument;

/** ioredis's reply transformers (hgetall → object). */
export const replyTransformers = statics.Command.transformers.reply;

/**
 * ioredis-mock's client class without its per-instance command binding: RedisMock binds ~600
 * command functions per instance in `_initCommands`, and the embedded client replaces all of them
 * with prototype methods, so the subclass skips that step.
 */
export class MockClientBase extends (RedisMock as unknown as new (port: number, host: string) => object) {
  _initCommands(): void {
    // the command methods are on the subclass's prototype
  }
}

/**
 * Makes `mock` run its commands against `keyspace`; drops ioredis-mock's per-client WATCH listener
 * (WATCH is the executor's job, and many clients would leak listeners).
 */
export function attachKeyspace(mock: object, keyspace: { data: unknown; expires: unknown }): void {
  const m = mock as MockInternals;
  m.context.modifiedKeyEvents.off('modified', m._signalModifiedKey);
  Object.assign(mock, { data: keyspace.data, expires: keyspace.expires });
}

/** Whether `mock` is in subscriber mode (after SUBSCRIBE, only pub/sub commands may be used). */
export function inSubscriberMode(mock: object): boolean {
  return (mock as MockInternals).subscriberMode === true;
}

/** ioredis-mock's own disconnect of `mock`: unsubscribes and emits 'end'. */
export function disconnectMock(mock: object): void {
  statics.prototype.disconnect.call(mock);
}

/** How many channels (or patterns) the clients of `mock`'s port listen on. */
export function channelListenerCount(mock: object | undefined, field: 'channels' | 'patternChannels'): number {
  return (mock as MockInternals | undefined)?.[field]?.instanceListeners?.size ?? 0;
}

/** Checks, once at start-up, every internal above on a throwaway instance; throws {@link IoredisMockChangedError}. */
function selfTest(): void {
  if (typeof statics.prototype._initCommands !== 'function') throw new IoredisMockChangedError('RedisMock.prototype._initCommands is gone');
  if (typeof statics.prototype.disconnect !== 'function') throw new IoredisMockChangedError('RedisMock.prototype.disconnect is gone');
  if (typeof argumentTransformers !== 'object' || typeof replyTransformers !== 'object')
    throw new IoredisMockChangedError('RedisMock.Command.transformers is gone');
  // A port of its own, so the probe shares pub/sub state with no embedded server.
  const probe = new MockClientBase(1, 'ioredis-mock-self-test') as unknown as MockInternals;
  try {
    if (typeof probe.context?.modifiedKeyEvents?.off !== 'function') throw new IoredisMockChangedError('an instance has no context.modifiedKeyEvents');
    if (typeof probe._signalModifiedKey !== 'function') throw new IoredisMockChangedError('an instance has no _signalModifiedKey');
    if (typeof probe.subscriberMode !== 'boolean') throw new IoredisMockChangedError('an instance has no subscriberMode');
    if (typeof probe.channels !== 'object' || typeof probe.patternChannels !== 'object')
      throw new IoredisMockChangedError('an instance has no channels/patternChannels');
  } finally {
    disconnectMock(probe);
  }
}

selfTest();
