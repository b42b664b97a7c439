/**
 * ioredis-mock's command implementations, taken as plain synchronous functions. ioredis-mock does
 * not export them, but its public `Pipeline` class hands each one to `_createCommand` when it is
 * built; a subclass records them there. They run with `this` set to a RedisMock instance whose
 * `data` / `expires` are the embedded keyspace.
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
}

const statics = RedisMock as unknown as MockStatics;

function harvest(): ReadonlyMap<string, RawCommand> {
  const table = new Map<string, RawCommand>();
  class Recorder extends statics.Pipeline {
    _createCommand(name: string, fn: RawCommand): unknown {
      table.set(name, fn);
      return () => undefined;
    }
  }
  new Recorder({ customCommands: {} });
  if (!table.has('get') || !table.has('hset')) {
    throw new Error('ioredis-mock changed: its Pipeline no longer lists the command implementations (lib/backends/cache/embedded/raw.ts).');
  }
  return table;
}

/** ioredis-mock's implementations by command name (`get`, `getBuffer`, `hset`, …). */
export const rawCommands: ReadonlyMap<string, RawCommand> = harvest();

/** ioredis's argument transformers (objects/Maps for mset, hset, …) as ioredis-mock exposes them. */
export const argumentTransformers = statics.Command.transformers.argument;

/** ioredis's reply transformers (hgetall → object). */
export const replyTransformers = statics.Command.transformers.reply;
