/**
 * The trusted side of the membrane (wire.ts): starts host.ts in the grader's sandbox, connected by
 * two FIFOs in a folder of its own, and gives the load check a module whose classes and functions
 * run there. The check itself, the cache, the data source, the clock and every counter stay in
 * this process, which runs no submission code.
 *
 * Lockstep: after each message it sends, this side reads until the host says it is idle, serving
 * the host's calls (a GET on the cache, a load from the source) inline. A timer the submission's
 * code sets is mirrored by one timer here, on this process's clock (the virtual one inside a
 * simulation), so simulated time moves for both sides at once and only when both are idle.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sandboxed, type Integrity, type SandboxSpec } from '../sandbox.js';
import { Channel, Endpoint, MembraneError, type Message } from './wire.js';

/** How to start the host. */
export interface HostOptions {
  integrity: Integrity;
  /** What the host may see (its FIFO folder is added, writable). */
  sandbox: SandboxSpec;
  /** host.ts in the workspace the host runs in. */
  script: string;
  env: NodeJS.ProcessEnv;
  /** Longest wait for the host to start. Default 60 s. */
  startMs?: number;
}

/** A running host. */
export interface Host {
  /** Imports `exports` (file → export names) from `dir`: a module of handles to the submission's code. */
  load(dir: string, exports: Record<string, readonly string[]>): Promise<Record<string, unknown>>;
  /** Seeds the host's Math.random. */
  seed(seed: string): void;
  /** process.exit calls and uncaught errors in the host so far. */
  stats(): { exitCalls: number; stray: string[] };
  /** The last lines the host wrote on stderr (for a diagnosis; never shown to a student). */
  stderr(): string;
  /** How the host ended, once it has (waits up to `ms` for it); null while it runs. */
  ended(ms: number): Promise<{ code: number | null; signal: string | null; outOfMemory: boolean } | null>;
  close(): void;
}

interface Control {
  load(dir: string, exports: Record<string, readonly string[]>): Promise<Record<string, unknown>>;
  seed(seed: string): void;
  stats(): { exitCalls: number; stray: string[] };
}

class Trusted extends Endpoint {
  #serving = 0;
  #idle = true;
  #armed: { at: number; handle: unknown; clear: (h: never) => void; set: unknown } | null = null;
  /** The calls this side is waiting on: an answer to any other id is a forgery. */
  #asked = new Set<number>();
  /** The call of this side's own code (not one made while serving the host) being waited on. */
  #top: number | null = null;

  protected now(): number {
    return Date.now();
  }

  /** One message from the host, served. */
  #step(): void {
    const m = this.channel.receive();
    switch (m.t) {
      case 'ret':
        // Only an answer to a call this side made and is still waiting on (issue 13: a forged
        // `ret` for a later call would otherwise answer that call before it is made).
        if (!this.#asked.has(m.id) || this.returns.has(m.id))
          throw new MembraneError(`the host answered call ${String(m.id)}, which was not asked or was answered already`);
        this.returns.set(m.id, { ok: m.ok === true, value: m.value });
        return;
      case 'idle':
        // The host answers a call before it drains and says it is idle: an idle first is a forgery
        // (issue 13), which would leave the lockstep one idle behind, the host's next settlement
        // unread and the await on it hanging until the time limit. It ends the call instead.
        if (this.#serving === 0 && this.#top !== null && !this.returns.has(this.#top))
          throw new MembraneError(`the host said it was idle before it answered call ${this.#top}`);
        this.#idle = true;
        this.#arm(m.nextTimer);
        return;
      case 'call':
      case 'get':
      case 'each':
        this.#serving += 1;
        try {
          this.serve(m);
        } finally {
          this.#serving -= 1;
        }
        return;
      case 'settle':
        this.settled(m);
        return;
      default:
        throw new MembraneError(`the host sent an unexpected message (${String((m as { t?: unknown }).t)})`);
    }
  }

  protected waitFor(id: number): void {
    const top = this.#serving === 0;
    if (top) this.#idle = false;
    this.#asked.add(id);
    if (top) this.#top = id;
    try {
      while (!this.returns.has(id) || (top && !this.#idle)) this.#step();
    } finally {
      this.#asked.delete(id);
      if (top) this.#top = null;
    }
  }

  /** Sends a message that sets the host going and waits until it is idle again. */
  #drive(message: Message): void {
    this.#idle = false;
    this.channel.send(message);
    while (!this.#idle) this.#step();
  }

  #settles: Array<Extract<Message, { t: 'settle' }>> = [];

  /**
   * Settlements of this side's promises go to the host together, once this side's microtasks of
   * the moment have run (ioredis-mock answers a pipeline's commands in one tick): one wake-up of
   * the host for all of them. A promise settles in a microtask, so never while a host call is served.
   */
  protected sendSettle(message: Extract<Message, { t: 'settle' }>): void {
    // Never sent while serving (the host is not idle then): settlements wait for the next drive.
    this.#settles.push(message);
    if (this.#settles.length === 1) {
      process.nextTick(() => {
        const list = this.#settles;
        this.#settles = [];
        this.#drive(list.length === 1 ? list[0]! : { t: 'settles', list, now: Date.now() });
      });
    }
  }

  /** Mirrors the host's next timer with one on this process's clock (virtual inside a simulation). */
  #arm(at: number | null): void {
    const set = globalThis.setTimeout;
    if (this.#armed && this.#armed.at === at && this.#armed.set === set) return;
    if (this.#armed) this.#armed.clear(this.#armed.handle as never);
    this.#armed = null;
    if (at === null || typeof at !== 'number' || !Number.isFinite(at)) return;
    const clear = globalThis.clearTimeout as (h: never) => void;
    const handle = set(
      () => {
        this.#armed = null;
        this.#drive({ t: 'tick', now: Date.now() });
      },
      Math.max(0, at - Date.now()),
    );
    this.#armed = { at, handle, clear, set };
  }

  control(): Control {
    return this.root() as Control;
  }

  disarm(): void {
    if (this.#armed) this.#armed.clear(this.#armed.handle as never);
    this.#armed = null;
  }
}

/**
 * CACHELAB_MEMBRANE_PROFILE=<folder>: `--cpu-prof` arguments, so the host and the load runner each
 * write a CPU profile there (a maintainer's tool; the folder must be visible in the sandbox).
 */
export function profileArgs(): string[] {
  const dir = process.env.CACHELAB_MEMBRANE_PROFILE;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** Starts host.ts in the sandbox and connects to it. */
export async function startHost(options: HostOptions): Promise<Host> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cachelab-membrane-'));
  const toHost = path.join(dir, 'to-host');
  const toTrusted = path.join(dir, 'to-trusted');
  const made = spawnSync('mkfifo', ['-m', '600', toHost, toTrusted], { encoding: 'utf8' });
  if (made.status !== 0) throw new MembraneError(`mkfifo failed: ${(made.stderr || made.error?.message || '').trim()}`);
  // Opened so that neither side's open blocks: to-host read-write here (the host opens it for
  // reading), to-trusted non-blocking for reading until the host has opened it for writing.
  const out = openSync(toHost, constants.O_RDWR);
  const holder = openSync(toTrusted, constants.O_RDONLY | constants.O_NONBLOCK);
  const run = sandboxed(options.integrity, { ...options.sandbox, writable: [...(options.sandbox.writable ?? []), dir] }, process.execPath, [
    ...profileArgs(),
    '--import',
    'tsx',
    options.script,
    dir,
  ]);
  const child: ChildProcess = spawn(run.command, run.args, { cwd: options.sandbox.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let exit: { code: number | null; signal: string | null } | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve();
    }),
  );
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    if (process.env.CACHELAB_MEMBRANE_DEBUG) process.stderr.write(chunk);
  });
  const cleanup = () => {
    for (const fd of [out, holder]) {
      try {
        closeSync(fd);
      } catch {
        /* already closed */
      }
    }
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(
        () => reject(new MembraneError(`the sandboxed host did not start within ${(options.startMs ?? 60_000) / 1000} s`)),
        options.startMs ?? 60_000,
      );
      const onData = (chunk: Buffer) => {
        seen += chunk.toString('utf8');
        if (seen.includes('ready\n')) {
          clearTimeout(timer);
          child.stdout!.off('data', onData);
          child.stdout!.resume(); // whatever the submission prints is dropped
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(
          new MembraneError(
            `the sandboxed host exited before it started (exit ${String(code)}${signal ? `, ${signal}` : ''}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`,
          ),
        );
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new MembraneError(`the sandboxed host could not be started: ${error.message}`));
      });
    });
  } catch (error) {
    cleanup();
    throw error;
  }
  // The host holds the write end now: a blocking read fd sees its end of file when it dies.
  const input = openSync(toTrusted, constants.O_RDONLY);
  const trusted = new Trusted(new Channel(input, out, holder));
  const control = trusted.control();
  let closed = false;
  return {
    load: (at, exports) => control.load(at, exports),
    seed: (seed) => control.seed(seed),
    stats: () => control.stats(),
    stderr: () => stderr,
    async ended(ms) {
      if (!exit) await Promise.race([exited, new Promise((r) => setTimeout(r, ms).unref())]);
      const e = exit;
      return e ? { ...e, outOfMemory: /heap out of memory|Allocation failed/i.test(stderr) } : null;
    },
    close() {
      if (closed) return;
      closed = true;
      trusted.disarm();
      for (const fd of [input, holder]) {
        try {
          closeSync(fd);
        } catch {
          /* closed */
        }
      }
      try {
        closeSync(out);
      } catch {
        /* closed */
      }
      // The host sees the end of its channel and exits; one that does not is killed.
      setTimeout(() => child.kill('SIGKILL'), 2_000).unref();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
