/**
 * Runs vitest once in a workspace with the grader's config and reporter, in a child process of its
 * own process group with the rubric's time, memory and output limits. Returns what the main
 * process's reporter recorded and which tests the worker started (to name a test that hung).
 */
import { closeSync, fstatSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { childEnv, runChild } from './child.js';
import { readProgress, type ProgressLog } from './progress-log.js';
import type { Rubric } from './rubric.js';
import { isolates, sandboxed, type Integrity } from './sandbox.js';
import { registerWorkspace } from './stop.js';

/** One vitest child's outcome. */
export interface GraderRun {
  log: ProgressLog;
  /** Tests the worker started, in order, by file (names only; see worker-log.ts). */
  started: Map<string, string[]>;
  timedOut: boolean;
  /** A process of the run died at its CPU-time limit (sandbox.ts, processLimits). */
  cpuLimited: boolean;
  exitCode: number | null;
  /** True when a process of the run died for want of memory (the rubric's memoryMb). */
  outOfMemory: boolean;
  /** Stopped because no test had started within STALL_MS: the code under test never finished loading. */
  stalled: boolean;
}

/** How long a run may take before its first test starts (loading the code and the suites). */
export const STALL_MS = 30_000;

/** Runs vitest with the grader's config on `include` (workspace-relative files). */
export async function runGraderVitest(
  workspace: string,
  include: string[],
  opts: { limits: Rubric['limits']; backend: 'embedded' | 'real'; integrity: Integrity; extraArgs?: string[]; extraEnv?: Record<string, string> },
): Promise<GraderRun> {
  // The progress file lives where no test worker can reach it; the worker log (names only) is the worker's own.
  const tmp = mkdtempSync(path.join(tmpdir(), 'cachelab-progress-'));
  const scratch = mkdtempSync(path.join(tmpdir(), 'cachelab-worker-'));
  const forget = [registerWorkspace(tmp), registerWorkspace(scratch)];
  const progress = path.join(tmp, 'progress.jsonl');
  const workerLog = path.join(scratch, 'worker.jsonl');
  const sandbox = sandboxed(
    opts.integrity,
    {
      readOnly: [workspace, path.join(workspace, 'node_modules')],
      writable: [scratch],
      network: opts.backend === 'real',
      cwd: workspace,
      wallMs: opts.limits.runMs,
      memoryMb: opts.limits.memoryMb,
    },
    process.execPath,
    [],
  );
  try {
    const run = await runChild(
      process.execPath,
      [
        path.join(workspace, 'node_modules', 'vitest', 'vitest.mjs'),
        'run',
        '--config',
        'grader/src/vitest.grader.config.ts',
        `--reporter=${path.join(workspace, 'grader', 'src', 'progress-reporter.ts')}`,
        ...(opts.extraArgs ?? []),
      ],
      {
        cwd: workspace,
        env: childEnv(opts.limits.memoryMb, opts.backend, {
          CACHELAB_GRADER_INCLUDE: JSON.stringify(include),
          CACHELAB_GRADER_PROGRESS: progress,
          CACHELAB_GRADER_WORKER_LOG: workerLog,
          CACHELAB_GRADER_TEST_MS: String(opts.limits.testMs),
          ...(isolates(opts.integrity) ? { CACHELAB_GRADER_SANDBOX: JSON.stringify({ command: sandbox.command, args: sandbox.args }) } : {}),
          ...opts.extraEnv,
        }),
        timeoutMs: opts.limits.runMs,
        outputCap: opts.limits.outputKb * 1024,
        // The worker log gets a line as each test starts: still empty means the code never finished loading.
        stall: { file: workerLog, afterMs: Math.min(STALL_MS, opts.limits.runMs) },
      },
    );
    const log = readProgress(progress);
    return {
      log,
      started: readStarted(workerLog),
      timedOut: run.timedOut,
      cpuLimited: run.cpuLimited || log.cpuLimited,
      exitCode: run.exitCode,
      outOfMemory: /heap out of memory|Allocation failed/i.test(run.output),
      stalled: run.stalled,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
    forget.forEach((f) => f());
  }
}

/** How much of the end of the worker log is read: the last tests started are all that is needed. */
const WORKER_LOG_TAIL_BYTES = 256 * 1024;

/**
 * The tests the worker started, from the last WORKER_LOG_TAIL_BYTES of its log. The worker may
 * write that file (student code runs there): it can be huge or sparse, so it is never read whole,
 * and its names are matched against the reference listing before any is shown (suites.ts).
 */
function readStarted(file: string): Map<string, string[]> {
  const started = new Map<string, string[]>();
  let text: string;
  try {
    const fd = openSync(file, 'r');
    try {
      const size = fstatSync(fd).size;
      const length = Math.min(size, WORKER_LOG_TAIL_BYTES);
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, size - length);
      text = buffer.toString('utf8');
      // A tail that starts mid-line: drop the partial first line.
      if (length < size) text = text.slice(text.indexOf('\n') + 1);
    } finally {
      closeSync(fd);
    }
  } catch {
    return started;
  }
  for (const line of text.split('\n')) {
    try {
      const e = JSON.parse(line) as { file: unknown; name: unknown };
      if (typeof e.file !== 'string' || typeof e.name !== 'string') continue;
      started.set(e.file, [...(started.get(e.file) ?? []), e.name]);
    } catch {
      /* blank or cut short */
    }
  }
  return started;
}

/** Tests the worker started in the file whose path ends with `rel`. */
export function startedIn(run: GraderRun, rel: string): string[] {
  for (const [file, names] of run.started) if (file.replaceAll('\\', '/').endsWith(`/${rel}`)) return names;
  return [];
}
