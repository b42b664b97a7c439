/**
 * The sandboxed side of the membrane (wire.ts): `tsx host.ts <fifo folder>`, run in the grader's
 * sandbox. It imports the submission's files when asked and serves the trusted side's calls on
 * them; everything the submission's code gets from the kit (the cache client, the data source, the
 * options' callbacks) is a handle to an object in the trusted process. Its clock is a fake one
 * moved only by the trusted side's messages, its Math.random a generator seeded by the trusted
 * side: what the code sees depends on nothing but the messages, so a run is reproducible.
 *
 * Nothing this process says is believed beyond the values it returns to the calls the trusted
 * side makes: figures, counters and the trace's parameters live on the trusted side only.
 */
import FakeTimers from '@sinonjs/fake-timers';
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRng } from '../../../lib/workload/rng.js';
import { describeError } from '../sanitize.js';
import { Channel, Endpoint, MembraneError, type Message } from './wire.js';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: host.ts <fifo folder>\n');
  process.exit(2);
}

const realSetImmediate = setImmediate;
const realExit = process.exit.bind(process);
let exitCalls = 0;
const stray: string[] = [];

class ExitCalledError extends Error {
  readonly code = 'E_PROCESS_EXIT_CALLED';
}

process.exit = (code?: number) => {
  exitCalls += 1;
  throw new ExitCalledError(`process.exit(${String(code ?? '')}) was called by the code under test`);
};
process.on('unhandledRejection', (reason) => void (stray.length < 20 && stray.push(describeError(reason))));
process.on('uncaughtException', (error) => void (stray.length < 20 && stray.push(describeError(error))));

// Date, timers and performance are the trusted side's time. tsx transforms a file on real timers,
// so they are real while the submission's files are imported (at the start, before any call).
const FAKED = ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'performance'] as const;
const install = (now: number) => FakeTimers.withGlobal(globalThis).install({ now, toFake: [...FAKED], loopLimit: 10_000_000 });
let fake = install(0);

function nextTimer(): number | null {
  let first: number | null = null;
  for (const timer of (fake as unknown as { timers?: Map<unknown, { callAt: number }> }).timers?.values() ?? []) {
    if (first === null || timer.callAt < first) first = timer.callAt;
  }
  return first;
}

class Host extends Endpoint {
  protected override optimistic = true;
  /** Real asynchronous work of the host itself (importing files): the host is not idle until it is done. */
  #work: Array<Promise<unknown>> = [];

  protected now(): number {
    return fake.now;
  }

  protected waitFor(id: number): void {
    for (;;) {
      if (this.returns.has(id)) return;
      const m = this.channel.receive();
      if (m.t === 'ret') this.returns.set(m.id, { ok: m.ok, value: m.value });
      else if (m.t === 'call' || m.t === 'get' || m.t === 'each') this.serve(m);
      else throw new MembraneError(`unexpected ${m.t} while waiting for an answer`);
    }
  }

  protected sendSettle(message: Extract<Message, { t: 'settle' }>): void {
    this.channel.send(message);
  }

  /** Moves the fake clock to the trusted side's time, firing what falls due on the way. */
  async #advance(now: number): Promise<void> {
    if (typeof now !== 'number' || !Number.isFinite(now)) return;
    if (now < fake.now)
      fake.setSystemTime(now); // a new virtual clock started on the trusted side
    else if (now > fake.now) {
      const due = nextTimer();
      // tickAsync yields a real macrotask per step; with nothing due, moving the clock is enough.
      if (due !== null && due <= now) await fake.tickAsync(now - fake.now);
      else fake.tick(now - fake.now);
    }
  }

  async loop(): Promise<never> {
    for (;;) {
      let m: Message;
      try {
        m = this.channel.receive();
      } catch {
        return realExit(0); // the trusted side is gone
      }
      if (m.t !== 'ret' && m.t !== 'idle') await this.#advance(m.now);
      if (m.t === 'call' || m.t === 'get' || m.t === 'each') this.serve(m);
      else if (m.t === 'settle') this.settled(m);
      else if (m.t === 'settles') for (const one of m.list) this.settled(one);
      while (this.#work.length > 0) await Promise.allSettled(this.#work.splice(0));
      // Drain: every microtask and nextTick the message started runs before the trusted side goes on.
      await new Promise((resolve) => realSetImmediate(resolve));
      this.channel.send({ t: 'idle', nextTimer: nextTimer() });
    }
  }

  /** What the trusted side may ask of the host itself (handle 0). */
  control() {
    return {
      /** Imports `exports` (file → names) from the exercise folder `at`; the errors name the file and the fix. */
      load: (at: string, exports: Record<string, readonly string[]>) => {
        const loading = this.#load(at, exports);
        this.#work.push(loading);
        return loading;
      },
      /** Seeds Math.random (the trusted side derives the seed; it is never the secret one). */
      seed: (seed: string) => {
        const rng = createRng(seed);
        Math.random = () => rng.next();
      },
      stats: () => ({ exitCalls, stray: stray.slice(0, 3) }),
    };
  }

  async #load(at: string, exports: Record<string, readonly string[]>): Promise<Record<string, unknown>> {
    const now = fake.now;
    fake.uninstall();
    try {
      return await this.#import(at, exports);
    } finally {
      fake = install(now);
    }
  }

  async #import(at: string, exports: Record<string, readonly string[]>): Promise<Record<string, unknown>> {
    const module: Record<string, unknown> = {};
    for (const [file, names] of Object.entries(exports)) {
      const where = path.join(at, file);
      if (!existsSync(where)) throw new Error(`${where} is missing: the exercise needs ${Object.keys(exports).join(', ')} in ${at}.`);
      const loaded = (await import(pathToFileURL(where).href)) as Record<string, unknown>;
      for (const name of names) {
        if (typeof loaded[name] !== 'function') throw new Error(`${where} does not export ${name}; keep the stub's \`export\` of ${name}.`);
        module[name] = loaded[name];
      }
    }
    return module;
  }

  start(): Promise<never> {
    this.expose(this.control());
    return this.loop();
  }
}

const toHost = openSync(path.join(dir, 'to-host'), constants.O_RDONLY);
const toTrusted = openSync(path.join(dir, 'to-trusted'), constants.O_WRONLY);
const polled = openSync(path.join(dir, 'to-host'), constants.O_RDONLY | constants.O_NONBLOCK);
writeSync(1, 'ready\n');
try {
  await new Host(new Channel(toHost, toTrusted, polled)).start();
} finally {
  closeSync(toHost);
  closeSync(toTrusted);
}
