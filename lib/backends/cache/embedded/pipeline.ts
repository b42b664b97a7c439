/**
 * `pipeline()` and `multi()` of the embedded client, shaped like ioredis's: chain commands, then
 * `exec()` sends them all in ONE round trip and resolves `[[err, reply], …]`. A MULTI block
 * runs MULTI, the queued commands and EXEC on the server, so queue-time errors abort it
 * (EXECABORT, with `previousErrors`) and a changed WATCHed key makes `exec()` resolve null.
 */
import { list as commandNames } from '@ioredis/commands';
import { replySize, requestSize } from '../resp.js';
import type { Arg, Reply } from './context.js';
import type { ClientInternals } from './client.js';
import { clientReply, commandArgs, splitCallback, withCallback } from './wire.js';

type Callback = (err: Error | null, res?: unknown) => void;

interface Queued {
  name: string;
  args: Arg[];
  asBuffer: boolean;
  callback: Callback | undefined;
}

type Result = [Error | null, unknown];

/** A batch of commands sent in one round trip; see the module comment. */
export class EmbeddedPipeline {
  #queue: Queued[] = [];
  #internals: ClientInternals;
  #transaction: boolean;

  constructor(internals: ClientInternals, transaction: boolean, initial: unknown[][] = []) {
    this.#internals = internals;
    this.#transaction = transaction;
    for (const [name, def] of internals.custom) {
      const add =
        (asBuffer: boolean) =>
        (...raw: unknown[]) => {
          const { args, callback } = splitCallback(raw);
          return this.queue('evalsha', internals.customArgs(def, args), asBuffer, callback);
        };
      Object.assign(this, { [name]: add(false), [`${name}Buffer`]: add(true) });
    }
    for (const [name, ...args] of initial) (this as unknown as Record<string, (...a: unknown[]) => unknown>)[String(name)]!(...args);
  }

  /** Commands queued so far. */
  get length(): number {
    return this.#queue.length;
  }

  /** Adds one command (used by the generated command methods). */
  queue(name: string, args: Arg[], asBuffer: boolean, callback: Callback | undefined): this {
    this.#queue.push({ name, args, asBuffer, callback });
    return this;
  }

  /** Adds a command by name, as ioredis's `pipeline.call('set', 'k', 'v')`. */
  call(name: string, ...raw: unknown[]): this {
    const { args, callback } = splitCallback(raw);
    const lower = String(name).toLowerCase();
    return this.queue(lower, commandArgs(lower, args), false, callback);
  }

  /** `call` with Buffer replies. */
  callBuffer(name: string, ...raw: unknown[]): this {
    const { args, callback } = splitCallback(raw);
    const lower = String(name).toLowerCase();
    return this.queue(lower, commandArgs(lower, args), true, callback);
  }

  /** Drops the queued commands. */
  discard(): this {
    this.#queue = [];
    return this;
  }

  /** Sends the batch in one round trip. */
  exec(callback?: Callback): Promise<Result[] | null> {
    const queue = this.#queue;
    this.#queue = [];
    return withCallback(this.#send(queue), callback as ((err: Error | null, res?: Result[] | null) => void) | undefined);
  }

  async #send(queue: Queued[]): Promise<Result[] | null> {
    const int = this.#internals;
    if (queue.length === 0) return [];
    int.assertUsable(queue.map((q) => q.name));
    const wire: { name: string; args: Arg[] }[] = [
      ...(this.#transaction ? [{ name: 'multi', args: [] }] : []),
      ...queue,
      ...(this.#transaction ? [{ name: 'exec', args: [] }] : []),
    ];
    for (const c of wire) int.traffic.record(c.name, c.args);
    const bytes = wire.reduce((sum, c) => sum + requestSize(c.name, c.args), 0);
    const results = await int.link.exchange(bytes, wire.length, () => {
      let replyBytes = 0;
      const run = (name: string, args: Arg[]): Reply | Error => {
        try {
          const reply = int.core.execute(int.session, name, args);
          replyBytes += replySize(reply);
          return reply;
        } catch (error) {
          replyBytes += replySize(error);
          return error as Error;
        }
      };
      if (!this.#transaction) return { value: queue.map((q) => run(q.name, q.args)), replyBytes };
      run('multi', []);
      const queued = queue.map((q) => run(q.name, q.args));
      const exec = run('exec', []);
      if (exec instanceof Error && /^EXECABORT/.test(exec.message)) {
        Object.assign(exec, { previousErrors: queued.filter((r) => r instanceof Error) });
      }
      return { value: exec, replyBytes };
    });
    if (results === null) return null;
    if (results instanceof Error) throw results;
    const list = results as (Reply | Error)[];
    return queue.map((q, i): Result => {
      const reply = list[i];
      const result: Result = reply instanceof Error ? [reply, null] : [null, clientReply(q.name, reply ?? null, q.asBuffer)];
      q.callback?.(result[0], result[1]);
      return result;
    });
  }
}

// One method per Redis command (and its *Buffer variant) on the prototype, like ioredis's Pipeline.
for (const name of commandNames) {
  for (const [method, asBuffer] of [
    [name, false],
    [`${name}Buffer`, true],
  ] as const) {
    if (method === 'exec' || method === 'discard') continue;
    Object.defineProperty(EmbeddedPipeline.prototype, method, {
      value(this: EmbeddedPipeline, ...raw: unknown[]) {
        const { args, callback } = splitCallback(raw);
        return this.queue(name, commandArgs(name, args), asBuffer, callback);
      },
      writable: true,
      configurable: true,
    });
  }
}
