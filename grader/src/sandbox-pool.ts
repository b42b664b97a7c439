/**
 * A vitest pool whose workers (the processes that import and run submission code) start inside
 * the grader's sandbox, while vitest's main process, its reporter and the progress file stay
 * outside it. Like vitest's own `forks` pool (same worker entry, same IPC), with three changes:
 * the worker is started through bwrap with the mounts the grader chose (CACHELAB_GRADER_SANDBOX,
 * read in the main process only); its environment loses every grader variable; and transformed
 * modules travel over IPC instead of through a cache folder the worker would have to read.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import type { PoolOptions, PoolRunnerInitializer, PoolWorker, WorkerRequest } from 'vitest/node';
import type { ProgressEvent } from './progress-reporter.js';
import { diedOfCpuLimit } from './sandbox.js';

/** What the grader passes in CACHELAB_GRADER_SANDBOX: the command that wraps node (null: plain fork). */
interface WorkerSandbox {
  command: string;
  /** Its arguments, ending with node's path (node's own options follow). */
  args: string[];
}

/** Variables a worker must never see: where results go, how the sandbox is built. */
const PRIVATE = /^CACHELAB_GRADER_(?!TEST_MS$|WORKER_LOG$)|^CACHELAB_SANDBOX/;

class SandboxedWorker implements PoolWorker {
  readonly name = 'cachelab-sandbox';
  readonly cacheFs = false;
  #options: PoolOptions;
  #sandbox: WorkerSandbox | null;
  #child: ChildProcess | undefined;

  constructor(options: PoolOptions, sandbox: WorkerSandbox | null) {
    this.#options = options;
    this.#sandbox = sandbox;
  }

  get #fork(): ChildProcess {
    if (!this.#child) throw new Error('the sandboxed test worker is not running');
    return this.#child;
  }

  // vitest's PoolWorker types the callback's argument as any: its messages are of every shape.
  on(event: string, callback: Parameters<PoolWorker['on']>[1]): void {
    this.#fork.on(event, callback);
  }

  off(event: string, callback: Parameters<PoolWorker['off']>[1]): void {
    this.#fork.off(event, callback);
  }

  send(message: WorkerRequest): void {
    this.#fork.send(message);
  }

  async start(): Promise<void> {
    if (this.#child) return;
    const env = Object.fromEntries(Object.entries({ ...process.env, ...this.#options.env }).filter(([k]) => !PRIVATE.test(k)));
    const entry = path.resolve(this.#options.distPath, 'workers/forks.js');
    const execArgv = this.#options.execArgv;
    this.#child = fork(entry, [], {
      env,
      ...(this.#sandbox ? { execPath: this.#sandbox.command, execArgv: [...this.#sandbox.args, ...execArgv] } : { execArgv }),
      stdio: 'pipe',
      serialization: 'advanced',
    });
    // The worker cannot write the progress file: a death at the CPU-time limit is told there from here.
    const progress = process.env.CACHELAB_GRADER_PROGRESS;
    this.#child.once('exit', (code, signal) => {
      if (progress && diedOfCpuLimit(code, signal)) appendFileSync(progress, `${JSON.stringify({ ev: 'cpu-limit' } satisfies ProgressEvent)}\n`);
    });
    const logger = this.#options.project.vitest.logger;
    this.#child.stdout?.pipe(logger.outputStream, { end: false });
    this.#child.stderr?.pipe(logger.errorStream, { end: false });
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
    const kill = setTimeout(() => child.kill('SIGKILL'), 1_000);
    child.kill();
    await exited;
    clearTimeout(kill);
    child.stdout?.unpipe();
    child.stderr?.unpipe();
    this.#child = undefined;
  }

  deserialize(data: unknown): unknown {
    return data;
  }
}

/** The pool for vitest's config: sandboxed when the grader asked for it, a plain fork otherwise. */
export function sandboxPool(): PoolRunnerInitializer {
  const raw = process.env.CACHELAB_GRADER_SANDBOX;
  const sandbox = raw ? (JSON.parse(raw) as WorkerSandbox) : null;
  return { name: 'cachelab-sandbox', createPoolWorker: (options) => new SandboxedWorker(options, sandbox) };
}
