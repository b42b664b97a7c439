/**
 * Runs one command in a child process of its own process group, with a time limit (the whole
 * group is killed past it) and a cap on captured output, for every child of the grader (vitest,
 * tsc, the load-check runner) and the kit proofs' vitest runs (tests/kit/vitest-child.ts).
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { DEFAULT_CACHE_URL, DEFAULT_DATABASE_URL } from '../../lib/config.js';
import { diedOfCpuLimit } from './sandbox.js';
import { registerGroup, stopRequested, throwIfStopping } from './stop.js';

/** Options of {@link runChild}. */
export interface ChildOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Bytes of stdout+stderr kept. */
  outputCap: number;
  /** Written to the child's stdin, which is then closed (default: no stdin). */
  input?: string;
  /** Open a pipe as the child's fd 3 and return what it wrote there (at most `outputCap` bytes). */
  resultPipe?: boolean;
  /** Stop the child early, as `stalled`, when `file` is still empty `afterMs` after the start (no work began). */
  stall?: { file: string; afterMs: number };
}

/** What a child did. */
export interface ChildResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Stopped at the time limit, or died at its CPU-time limit (`cpuLimited`): a time limit either way. */
  timedOut: boolean;
  /** The (sandboxed) process died of SIGXCPU: its CPU-time limit (sandbox.ts, processLimits). */
  cpuLimited: boolean;
  output: string;
  /** What the child wrote to fd 3 (with `resultPipe`). */
  result: string;
  /** Stopped by `stall`: nothing had started. */
  stalled: boolean;
}

/**
 * Runs `command args` to the end (or the time limit); never throws for a failing command. Throws
 * `Interrupted` when the grader is stopping (before starting, or when the stop killed the child),
 * so a stopped run is never read as the submission's failure.
 */
export async function runChild(command: string, args: string[], options: ChildOptions): Promise<ChildResult> {
  throwIfStopping();
  // The time limit starts when the child does: waiting for a free core is not the submission's time.
  const release = await childSlots.acquire();
  try {
    return await spawnChild(command, args, options);
  } finally {
    release();
  }
}

/**
 * A first-come-first-served limit on the children running at once. The grader starts the phases
 * of a submission's exercises (and a class's submissions) concurrently; this keeps one child per
 * core at work, so no time limit is spent waiting for a core. Hand-written: a dozen lines, where
 * a dependency would add nothing.
 */
class Slots {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(count: number) {
    this.#free = count;
  }

  async acquire(): Promise<() => void> {
    if (this.#free > 0) this.#free -= 1;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free += 1;
    };
  }
}

/** How many children run at once: one per core, or CACHELAB_GRADER_PROCESSES. */
function childSlotCount(env: NodeJS.ProcessEnv = process.env): number {
  const asked = Number(env.CACHELAB_GRADER_PROCESSES);
  return Number.isInteger(asked) && asked > 0 ? asked : Math.max(1, availableParallelism());
}

const childSlots = new Slots(childSlotCount());

async function spawnChild(command: string, args: string[], options: ChildOptions): Promise<ChildResult> {
  throwIfStopping();
  let output = '';
  let result = '';
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe', ...(options.resultPipe ? (['pipe'] as const) : [])],
    detached: true,
  });
  // Registered so that a stop (SIGINT/SIGTERM to the grader) kills this group too.
  const forget = child.pid === undefined ? () => undefined : registerGroup(child.pid);
  const collect = (chunk: Buffer): void => {
    if (output.length < options.outputCap) output += chunk.toString('utf8').slice(0, options.outputCap - output.length);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  if (options.input !== undefined) {
    child.stdin!.on('error', () => undefined); // a child that exits before reading its input
    child.stdin!.end(options.input);
  }
  const resultStream = options.resultPipe ? (child.stdio[3] as NodeJS.ReadableStream | null) : null;
  resultStream?.on('data', (chunk: Buffer) => {
    if (result.length < options.outputCap) result += chunk.toString('utf8').slice(0, options.outputCap - result.length);
  });
  let timedOut = false;
  let stalled = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid);
  }, options.timeoutMs);
  const stall = options.stall;
  const watch = stall
    ? setTimeout(() => {
        if (!hasContent(stall.file)) {
          stalled = true;
          timedOut = true;
          killGroup(child.pid);
        }
      }, stall.afterMs)
    : undefined;
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
    child.on('error', (error) => {
      output += `\n${error.message}`;
      resolve([null, null]);
    });
    child.on('close', (code, sig) => resolve([code, sig]));
  });
  clearTimeout(timer);
  if (watch) clearTimeout(watch);
  // Anything the child left running in its group (a detached timer loop, a grandchild) goes too.
  killGroup(child.pid);
  forget();
  if (stopRequested()) throwIfStopping();
  const cpuLimited = !timedOut && diedOfCpuLimit(exitCode, signal);
  return { exitCode, signal, timedOut: timedOut || cpuLimited, cpuLimited, output, result, stalled };
}

function hasContent(file: string): boolean {
  try {
    return statSync(file).size > 0;
  } catch {
    return false;
  }
}

/** Kills a whole process group; quiet when it is already gone. */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

/** The environment every child of a submission gets: memory limit, no colours, the chosen backend. */
export function childEnv(memoryMb: number, backend: 'embedded' | 'real', extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0', CACHELAB_BACKEND: backend, ...extra };
  // Vitest workers inherit NODE_OPTIONS, so the heap limit holds in every process of the run.
  env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${memoryMb}`.trim();
  if (backend === 'embedded') {
    delete env.CACHE_URL;
    delete env.DATABASE_URL;
  } else {
    env.CACHE_URL ??= DEFAULT_CACHE_URL;
    env.DATABASE_URL ??= DEFAULT_DATABASE_URL;
  }
  delete env.CACHELAB_TARGET;
  return env;
}
