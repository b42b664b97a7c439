/**
 * The membrane between the grader's trusted process and the sandboxed process that runs a
 * submission's code (issue 13: nothing that decides a score is computed where student code runs).
 * Each side holds its own objects; the other side sees them as handles, and every call, property
 * read and promise settlement crosses as one framed JSON message over two FIFOs.
 *
 * The protocol is lockstep, so a run is as deterministic as it was in one process: only one side
 * runs at a time. The trusted side sends a message and then reads, synchronously, until the
 * sandbox says it is idle (its microtasks drained, waiting on nothing but the trusted side);
 * calls the sandbox makes meanwhile are served inline. A call whose result is a promise answers at
 * once with a promise handle, settled later by a message of its own.
 *
 * What the sandbox may do with a trusted handle is limited to what a caller of that object could
 * do anyway: call the methods its prototype chain declares (never `constructor`, `__proto__` or
 * Function's own methods), read data properties (copied by value), and nothing else; a function
 * handle can only be called. So code in the sandbox cannot reach the trusted process's globals.
 *
 * Written by hand: no library offers a synchronous, deterministic RPC over pipes between two Node
 * processes (worker_threads share a process; comlink and birpc are asynchronous only).
 */
import { readSync, writeSync } from 'node:fs';

/** A value as it crosses: JSON with `{ $: tag }` objects for everything JSON cannot say. */
type Tree = null | boolean | number | string | Tree[] | { [key: string]: Tree };

/** One message of the protocol. */
export type Message =
  | { t: 'call'; id: number; target: number; method: string | null; args: Tree[]; construct?: boolean; now: number; promise?: true }
  | { t: 'get'; id: number; target: number; key: string; now: number }
  | { t: 'each'; id: number; target: number; method: string; args: Tree[][]; now: number }
  | { t: 'ret'; id: number; ok: boolean; value: Tree }
  | { t: 'settle'; promise: number; ok: boolean; value: Tree; now: number }
  | { t: 'settles'; list: Array<Extract<Message, { t: 'settle' }>>; now: number }
  | { t: 'tick'; now: number }
  | { t: 'idle'; nextTimer: number | null };

/** Thrown when the other side is gone or broke the protocol. */
export class MembraneError extends Error {
  readonly code = 'E_MEMBRANE';
}

/**
 * The key under which a handle of the other side offers `callEach(method, argumentLists)`: many
 * synchronous calls in one message (lib/load/call-each.ts uses it when it is there).
 */
const CALL_EACH = Symbol.for('cachelab.membrane.callEach');

/** How long a read polls before it blocks. */
const SPIN_NS = BigInt(Number(process.env.CACHELAB_MEMBRANE_SPIN_US ?? 150) * 1000);

/** The longest message either side accepts (a trace of a large hidden run fits well within it). */
const MAX_MESSAGE = 256 * 1024 * 1024;

/** The built-in error classes, by name: an error of one of them is rebuilt as that class. */
const BUILT_IN_ERRORS: Record<string, ErrorConstructor> = { Error, RangeError, TypeError, SyntaxError, ReferenceError, EvalError, URIError };

/** Names never offered across: they lead to constructors, prototypes and the global object. */
const FORBIDDEN = new Set([
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'caller',
  'callee',
  'arguments',
  'apply',
  'call',
  'bind',
]);

/** Framed messages over two file descriptors opened in blocking mode. */
export class Channel {
  #in: number;
  #out: number;
  /** Bytes read and not yet taken: `#inBuffer[#start, #end)`; one buffer, reused (a fresh one per read cost more than the read). */
  #inBuffer = Buffer.allocUnsafe(1 << 16);
  #start = 0;
  #end = 0;
  /** Messages sent and not yet written: `#outBuffer[0, #outEnd)`. */
  #outBuffer = Buffer.allocUnsafe(1 << 16);
  #outEnd = 0;

  #spin: number | undefined;

  /**
   * @param spinFd the same FIFO opened non-blocking: a read first polls it for a few microseconds,
   * since most answers come back that fast and a blocking read costs a wake-up of the process.
   */
  constructor(input: number, output: number, spinFd?: number) {
    this.#in = input;
    this.#out = output;
    this.#spin = spinFd;
  }

  /** Queues a message; queued messages leave together before this side next blocks on a read. */
  send(message: Message): void {
    const text = JSON.stringify(message);
    if (process.env.CACHELAB_MEMBRANE_DEBUG) process.stderr.write(`[${process.pid} >] ${text.slice(0, 300)}\n`);
    // At most 3 bytes of UTF-8 per UTF-16 unit: room for the longest encoding, then the exact length.
    const room = 4 + text.length * 3;
    if (this.#outEnd + room > this.#outBuffer.length) {
      if (this.#outEnd > 0 && this.#outEnd + room > 1 << 20) this.flush();
      if (this.#outEnd + room > this.#outBuffer.length) {
        const bigger = Buffer.allocUnsafe(Math.max(this.#outBuffer.length * 2, this.#outEnd + room));
        this.#outBuffer.copy(bigger, 0, 0, this.#outEnd);
        this.#outBuffer = bigger;
      }
    }
    const length = this.#outBuffer.write(text, this.#outEnd + 4, 'utf8');
    this.#outBuffer.writeUInt32LE(length, this.#outEnd);
    this.#outEnd += 4 + length;
  }

  /** Writes every queued message. */
  flush(): void {
    if (this.#outEnd === 0) return;
    let done = 0;
    while (done < this.#outEnd) {
      try {
        done += writeSync(this.#out, this.#outBuffer, done, this.#outEnd - done);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        throw new MembraneError(`the other side of the membrane is gone (${(error as Error).message})`);
      }
    }
    this.#outEnd = 0;
    if (this.#outBuffer.length > 1 << 22) this.#outBuffer = Buffer.allocUnsafe(1 << 16); // a large message passed: give the memory back
  }

  /** The next message; blocks until one arrives. */
  receive(): Message {
    this.#fill(4);
    const length = this.#inBuffer.readUInt32LE(this.#start);
    if (length > MAX_MESSAGE) throw new MembraneError(`a message of ${length} bytes is over the limit of ${MAX_MESSAGE}`);
    this.#fill(4 + length);
    const text = this.#inBuffer.toString('utf8', this.#start + 4, this.#start + 4 + length);
    this.#start += 4 + length;
    try {
      const message = JSON.parse(text) as Message;
      if (process.env.CACHELAB_MEMBRANE_DEBUG) process.stderr.write(`[${process.pid} <] ${text.slice(0, 300)}\n`);
      return message;
    } catch {
      throw new MembraneError('a message was not JSON');
    }
  }

  /** Reads until `#inBuffer` holds at least `n` bytes from `#start`. */
  #fill(n: number): void {
    while (this.#end - this.#start < n) {
      this.flush();
      if (this.#start === this.#end) this.#start = this.#end = 0;
      if (this.#inBuffer.length - this.#start < n || this.#inBuffer.length === this.#end) {
        // Move what is left to the front, in a bigger buffer when `n` needs one.
        const size = Math.max(this.#inBuffer.length > 1 << 22 ? 1 << 16 : this.#inBuffer.length, n + (1 << 16), this.#end - this.#start + (1 << 16));
        const next = size === this.#inBuffer.length ? this.#inBuffer : Buffer.allocUnsafe(size);
        this.#inBuffer.copy(next, 0, this.#start, this.#end);
        this.#end -= this.#start;
        this.#start = 0;
        this.#inBuffer = next;
      }
      const at = this.#end;
      const space = this.#inBuffer.length - at;
      let got = -1;
      if (this.#spin !== undefined) {
        const until = process.hrtime.bigint() + SPIN_NS;
        while (got < 0 && process.hrtime.bigint() < until) {
          try {
            got = readSync(this.#spin, this.#inBuffer, at, space, null);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'EAGAIN')
              throw new MembraneError(`the other side of the membrane is gone (${(error as Error).message})`);
          }
        }
        if (got === 0) got = -1; // no writer at this instant: let the blocking read decide
      }
      try {
        if (got < 0) got = readSync(this.#in, this.#inBuffer, at, space, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        throw new MembraneError(`the other side of the membrane is gone (${(error as Error).message})`);
      }
      if (got === 0) throw new MembraneError('the other side of the membrane closed the channel');
      this.#end += got;
    }
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

const methodCache = new WeakMap<object, string[]>();

/** Methods of an object: every function on its prototype chain below Object.prototype, and its own. */
function methodsOf(value: object): string[] {
  const known = methodCache.get(value);
  if (known) return known;
  const names = new Set<string>();
  for (let o: object | null = value; o && o !== Object.prototype && o !== Function.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const name of Object.getOwnPropertyNames(o)) {
      if (FORBIDDEN.has(name)) continue;
      const d = Object.getOwnPropertyDescriptor(o, name);
      if (d && typeof d.value === 'function') names.add(name);
    }
  }
  const list = [...names];
  methodCache.set(value, list);
  return list;
}

/**
 * A plain object decoded from `tree`: own data properties only (Object.fromEntries never calls the
 * `__proto__` setter), without a `__proto__` key, so that no later `Object.assign` or spread of it
 * on this side can swap a prototype, and without a function under `then` (the other side sends a
 * thenable as a promise), so that awaiting it never calls the other side at a moment of its choosing.
 */
function plainOf(tree: { [key: string]: Tree }, decode: (t: Tree) => unknown): Record<string, unknown> {
  const entries: Array<[string, unknown]> = [];
  for (const key of Object.keys(tree)) {
    if (key === '__proto__') continue;
    const value = decode(tree[key]!);
    if (key === 'then' && typeof value === 'function') continue;
    entries.push([key, value]);
  }
  return Object.fromEntries(entries);
}

/**
 * `String(value)`, under a name. A field of a tree may hold any JSON value (the other side's, or a
 * forged message's), and a thrown value any value at all: each becomes the text String() gives it,
 * '[object Object]' for a plain object, on purpose (never a JSON dump of what the other side sent).
 */
function textOf(value: unknown): string {
  return String(value);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * One side of the membrane. Subclasses decide when to read: the trusted side after every message
 * it sends, the sandbox in its main loop.
 */
export abstract class Endpoint {
  protected readonly channel: Channel;
  #objects = new Map<number, object>();
  #ids = new WeakMap<object, number>();
  #nextObject = 1;
  #proxies = new Map<number, unknown>();
  /** The other side's id of each proxy here, so a proxy sent back arrives as the original object. */
  #remoteIds = new WeakMap<object, number>();
  #pending = new Map<number, Pending>();
  #early = new Map<number, Extract<Message, { t: 'settle' }>>();
  #promises = new Map<number, Promise<unknown>>();
  #nextCall = 1;
  protected readonly returns = new Map<number, { ok: boolean; value: Tree }>();
  /** Methods of the other side's objects that answered with a promise: later calls do not wait for the answer. */
  #async = new Map<number, Set<string>>();
  #lastWasPromise = false;
  /** Whether this side may send calls without waiting (the sandbox does; the trusted side always waits). */
  protected optimistic = false;

  constructor(channel: Channel) {
    this.channel = channel;
  }

  /** Virtual (or real) time as this side sees it, sent with every message. */
  protected abstract now(): number;

  /** Reads and serves messages until the answer to call `id` has arrived. */
  protected abstract waitFor(id: number): void;

  /** Makes `value` (held here) reachable from the other side as handle 0. */
  protected expose(value: object): void {
    this.#objects.set(0, value);
    this.#ids.set(value, 0);
  }

  /** Handle 0 of the other side. */
  protected root(): unknown {
    return this.#proxy(0, 'h', []);
  }

  // ---- calls to the other side -------------------------------------------------------------

  protected request(
    message:
      | Omit<Extract<Message, { t: 'call' }>, 'id' | 'now'>
      | Omit<Extract<Message, { t: 'get' }>, 'id' | 'now'>
      | Omit<Extract<Message, { t: 'each' }>, 'id' | 'now'>,
  ): unknown {
    const id = this.#nextCall++;
    this.channel.send({ ...message, id, now: this.now() });
    this.waitFor(id);
    const answer = this.returns.get(id)!;
    this.returns.delete(id);
    this.#lastWasPromise = answer.ok && answer.value !== null && typeof answer.value === 'object' && !Array.isArray(answer.value) && answer.value.$ === 'p';
    const value = this.decode(answer.value);
    if (!answer.ok) throw value;
    return value;
  }

  /** Calls a method known to answer with a promise: the call leaves with the next batch, the promise settles later. */
  #callAhead(target: number, method: string, args: unknown[]): Promise<unknown> {
    const id = this.#nextCall++;
    this.channel.send({ t: 'call', id, target, method, args: args.map((a) => this.encode(a)), now: this.now(), promise: true });
    const promise = new Promise((resolve, reject) => this.#pending.set(-id, { resolve, reject }));
    promise.catch(() => undefined);
    return promise;
  }

  #callMethod(target: number, method: string, args: unknown[]): unknown {
    const known = this.#async.get(target);
    if (this.optimistic && known?.has(method)) return this.#callAhead(target, method, args);
    const value = this.request({ t: 'call', target, method, args: args.map((a) => this.encode(a)) });
    if (this.optimistic && this.#lastWasPromise) {
      if (known) known.add(method);
      else this.#async.set(target, new Set([method]));
    }
    return value;
  }

  #proxy(id: number, kind: 'h' | 'f', methods: readonly string[]): unknown {
    const known = this.#proxies.get(id);
    if (known) return known;
    const stubs = new Map<string, (...args: unknown[]) => unknown>();
    const methodSet = new Set(methods);
    const get = (key: string | symbol): unknown => {
      if (key === CALL_EACH)
        return (method: string, calls: unknown[][]) => this.request({ t: 'each', target: id, method, args: calls.map((a) => a.map((v) => this.encode(v))) });
      if (typeof key === 'symbol' || key === 'then' || FORBIDDEN.has(key)) return undefined;
      if (methodSet.has(key)) {
        let stub = stubs.get(key);
        if (!stub) {
          // A method, or a class exported by a module: it can be called and constructed.
          stub = new Proxy(function method() {}, {
            apply: (_t, _this, args: unknown[]) => this.#callMethod(id, key, args),
            construct: (_t, args: unknown[]) =>
              this.request({ t: 'call', target: id, method: key, args: args.map((a) => this.encode(a)), construct: true }) as object,
          });
          stubs.set(key, stub);
        }
        return stub;
      }
      return this.request({ t: 'get', target: id, key });
    };
    const proxy =
      kind === 'f'
        ? new Proxy(function remote() {}, {
            apply: (_t, _this, args: unknown[]) => this.request({ t: 'call', target: id, method: null, args: args.map((a) => this.encode(a)) }),
            construct: (_t, args: unknown[]) =>
              this.request({ t: 'call', target: id, method: null, args: args.map((a) => this.encode(a)), construct: true }) as object,
            get: (_t, key) => (key === 'prototype' ? {} : get(key)),
          })
        : new Proxy({}, { get: (_t, key) => get(key), has: (_t, key) => typeof key === 'string' && methodSet.has(key) });
    this.#proxies.set(id, proxy);
    this.#remoteIds.set(proxy, id);
    return proxy;
  }

  // ---- serving the other side's messages ---------------------------------------------------

  /** Serves a call or a property read of the other side and answers it. */
  protected serve(message: Extract<Message, { t: 'call' | 'get' | 'each' }>): void {
    if (message.t === 'call' && message.promise === true) return this.#serveAhead(message);
    let ok = true;
    let value: unknown;
    try {
      value = message.t === 'get' ? this.#read(message.target, message.key) : message.t === 'each' ? this.#each(message) : this.#invoke(message);
    } catch (error) {
      ok = false;
      value = error;
    }
    let encoded: Tree;
    try {
      encoded = this.encode(value, !ok);
    } catch (error) {
      ok = false;
      encoded = this.encode(error, true);
    }
    this.channel.send({ t: 'ret', id: message.id, ok, value: encoded });
  }

  /** One method called with each list of arguments in turn: every outcome, in order. */
  #each(message: Extract<Message, { t: 'each' }>): Array<{ ok: boolean; value: unknown }> {
    if (!Array.isArray(message.args)) throw new TypeError('each: no argument lists');
    return message.args.map((args) => {
      try {
        return {
          ok: true,
          value: this.#invoke({
            t: 'call',
            id: message.id,
            target: message.target,
            method: message.method,
            args: Array.isArray(args) ? args : [],
            now: message.now,
          }),
        };
      } catch (error) {
        return { ok: false, value: error };
      }
    });
  }

  /** A call made without waiting: its outcome, whatever it is, settles the caller's promise. */
  #serveAhead(message: Extract<Message, { t: 'call' }>): void {
    const promise = -message.id;
    let outcome: Promise<unknown>;
    try {
      outcome = Promise.resolve(this.#invoke(message));
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the caller gets exactly what was thrown, an Error or not
      outcome = Promise.reject(error);
    }
    outcome.then(
      (v) => this.sendSettle({ t: 'settle', promise, ok: true, value: this.#safely(v, false), now: this.now() }),
      (e: unknown) => this.sendSettle({ t: 'settle', promise, ok: false, value: this.#safely(e, true), now: this.now() }),
    );
  }

  #target(id: number): object {
    const target = this.#objects.get(id);
    if (target === undefined) throw new TypeError(`no object with handle ${id}`);
    return target;
  }

  #read(id: number, key: string): unknown {
    const target = this.#target(id) as Record<string, unknown>;
    if (typeof key !== 'string' || FORBIDDEN.has(key)) return undefined;
    const value = target[key];
    // A method read as a property: a bound function handle, so it can still only be called.
    if (typeof value === 'function') return (value as (...a: unknown[]) => unknown).bind(target);
    return value;
  }

  #invoke(message: Extract<Message, { t: 'call' }>): unknown {
    const target = this.#target(message.target);
    const args = message.args.map((a) => this.decode(a));
    if (message.method === null) {
      if (typeof target !== 'function') throw new TypeError('not a function');
      return message.construct ? Reflect.construct(target, args) : Reflect.apply(target, undefined, args);
    }
    const method = typeof message.method === 'string' && !FORBIDDEN.has(message.method) ? (target as Record<string, unknown>)[message.method] : undefined;
    if (typeof method !== 'function') throw new TypeError(`${String(message.method)} is not a function`);
    return message.construct ? Reflect.construct(method, args) : Reflect.apply(method, target, args);
  }

  /** A promise of the other side has settled. */
  protected settled(message: Extract<Message, { t: 'settle' }>): void {
    const pending = this.#pending.get(message.promise);
    // A promise can settle before its handle is decoded (the answer is read before it is used).
    if (!pending) return void this.#early.set(message.promise, message);
    this.#pending.delete(message.promise);
    let value: unknown;
    try {
      value = this.decode(message.value);
    } catch (error) {
      return pending.reject(error); // a value that cannot cross rejects the promise, never this side's loop
    }
    if (message.ok === true) pending.resolve(value);
    else pending.reject(value);
  }

  /** Sends the settlement of one of this side's promises; the trusted side then waits for the sandbox. */
  protected abstract sendSettle(message: Extract<Message, { t: 'settle' }>): void;

  // ---- values --------------------------------------------------------------------------------

  #handle(value: object): number {
    let id = this.#ids.get(value);
    if (id === undefined) {
      id = this.#nextObject++;
      this.#ids.set(value, id);
      this.#objects.set(id, value);
    }
    return id;
  }

  /** `value` as it crosses to the other side. */
  encode(value: unknown, asError = false, depth = 0): Tree {
    if (depth > 64) throw new TypeError('a value nested more than 64 levels deep cannot cross to the grader');
    switch (typeof value) {
      case 'undefined':
      case 'symbol':
        return { $: 'u' };
      case 'boolean':
      case 'string':
        return value;
      case 'number':
        return Number.isFinite(value) && !Object.is(value, -0) ? value : { $: 'n', v: String(Object.is(value, -0) ? '-0' : value) };
      case 'bigint':
        return { $: 'big', v: value.toString() };
      case 'function': {
        const theirs = this.#remoteIds.get(value);
        if (theirs !== undefined) return { $: 'r', id: theirs };
        return { $: 'f', id: this.#handle(value), m: methodsOf(value) };
      }
    }
    if (value === null) return null;
    const object = value as object;
    const theirs = this.#remoteIds.get(object);
    if (theirs !== undefined) return { $: 'r', id: theirs };
    if (asError || object instanceof Error) {
      const e = object as Partial<Error> & { code?: unknown };
      return {
        $: 'err',
        name: String(e.name ?? 'Error'),
        message: textOf(e.message ?? object),
        stack: typeof e.stack === 'string' ? e.stack : '',
        ...(typeof e.code === 'string' || typeof e.code === 'number' ? { code: e.code } : {}),
      };
    }
    if (isThenable(object)) {
      const id = this.#handle(object);
      if (!this.#promises.has(id)) {
        const watched = Promise.resolve(object);
        this.#promises.set(id, watched);
        watched.then(
          (v) => this.sendSettle({ t: 'settle', promise: id, ok: true, value: this.#safely(v, false), now: this.now() }),
          (e: unknown) => this.sendSettle({ t: 'settle', promise: id, ok: false, value: this.#safely(e, true), now: this.now() }),
        );
      }
      return { $: 'p', id };
    }
    if (Array.isArray(object)) return object.map((v) => this.encode(v, false, depth + 1));
    if (ArrayBuffer.isView(object)) {
      const bytes = Buffer.from(object.buffer, object.byteOffset, object.byteLength);
      return { $: 'bin', t: Buffer.isBuffer(object) ? 'Buffer' : object.constructor.name, b: bytes.toString('base64') };
    }
    if (object instanceof ArrayBuffer) return { $: 'ab', b: Buffer.from(object).toString('base64') };
    if (object instanceof Date) return { $: 'date', v: object.getTime() };
    if (object instanceof RegExp) return { $: 're', s: object.source, f: object.flags };
    if (object instanceof Map) return { $: 'map', e: [...object].map(([k, v]) => [this.encode(k, false, depth + 1), this.encode(v, false, depth + 1)]) };
    if (object instanceof Set) return { $: 'set', e: [...object].map((v) => this.encode(v, false, depth + 1)) };
    // An object with methods crosses as a handle (its methods keep their `this`, its data is read live).
    if (methodsOf(object).length > 0) return { $: 'h', id: this.#handle(object), m: methodsOf(object) };
    const entries: [string, Tree][] = [];
    for (const key of Object.keys(object)) entries.push([key, this.encode((object as Record<string, unknown>)[key], false, depth + 1)]);
    const plain = Object.fromEntries<Tree>(entries);
    return '$' in plain ? { $: 'o', v: plain } : plain;
  }

  #safely(value: unknown, asError: boolean): Tree {
    try {
      return this.encode(value, asError);
    } catch (error) {
      return this.encode(error, true);
    }
  }

  /** A value that crossed from the other side. */
  decode(tree: Tree, depth = 0): unknown {
    if (tree === null || typeof tree !== 'object') return tree;
    // The same limit as encode's: a deeper value is a forged one, refused before it can exhaust the stack.
    if (depth > 64) throw new TypeError('a value nested more than 64 levels deep cannot cross the membrane');
    if (Array.isArray(tree)) return tree.map((t) => this.decode(t, depth + 1));
    const tag = tree.$;
    if (typeof tag !== 'string') return plainOf(tree, (t) => this.decode(t, depth + 1));
    const t = tree as Record<string, Tree>;
    switch (tag) {
      case 'u':
        return undefined;
      case 'n':
        return t.v === '-0' ? -0 : Number(t.v);
      case 'big':
        return BigInt(textOf(t.v));
      case 'f':
      case 'h':
        return this.#proxy(Number(t.id), tag, Array.isArray(t.m) ? t.m.filter((m): m is string => typeof m === 'string') : []);
      case 'r':
        return this.#target(Number(t.id));
      case 'p': {
        const id = Number(t.id);
        const known = this.#promises.get(-id);
        if (known) return known;
        const promise = new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject }));
        promise.catch(() => undefined); // a rejection nobody awaits is the code's own business
        this.#promises.set(-id, promise);
        const early = this.#early.get(id);
        if (early) {
          this.#early.delete(id);
          this.settled(early);
        }
        return promise;
      }
      case 'err': {
        // A built-in class crosses as itself, so `instanceof RangeError` holds on this side too.
        const Class = Object.hasOwn(BUILT_IN_ERRORS, textOf(t.name)) ? BUILT_IN_ERRORS[textOf(t.name)]! : Error;
        const error = new Class(textOf(t.message));
        Object.defineProperty(error, 'name', { value: textOf(t.name), enumerable: false, configurable: true, writable: true });
        error.stack = typeof t.stack === 'string' && t.stack !== '' ? t.stack : `${textOf(t.name)}: ${textOf(t.message)}`;
        if (typeof t.code === 'string' || typeof t.code === 'number') Object.defineProperty(error, 'code', { value: t.code, enumerable: true });
        return error;
      }
      case 'bin': {
        const bytes = Buffer.from(textOf(t.b), 'base64');
        return t.t === 'Buffer' ? bytes : new Uint8Array(bytes);
      }
      case 'ab':
        return new Uint8Array(Buffer.from(textOf(t.b), 'base64')).buffer;
      case 'date':
        return new Date(Number(t.v));
      case 're':
        return new RegExp(textOf(t.s), textOf(t.f));
      case 'map':
        return new Map(
          (Array.isArray(t.e) ? t.e : []).map((pair) =>
            Array.isArray(pair) ? [this.decode(pair[0]!, depth + 1), this.decode(pair[1]!, depth + 1)] : [undefined, undefined],
          ),
        );
      case 'set':
        return new Set((Array.isArray(t.e) ? t.e : []).map((v) => this.decode(v, depth + 1)));
      case 'o': {
        const v = t.v;
        return v !== null && typeof v === 'object' && !Array.isArray(v) ? plainOf(v, (x) => this.decode(x, depth + 1)) : {};
      }
      default:
        return plainOf(tree, (x) => this.decode(x, depth + 1));
    }
  }
}
