/**
 * Runs vitest in a child process and returns its JSON results. Used by the kit proofs (the stubs
 * must fail test by test) and by the grader (a submission's suites, isolated from the caller).
 * The child gets its own process group so a hang is killed with everything it started.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { JsonTestResults } from 'vitest/reporters';

/** Options of {@link runVitestChild}. */
export interface VitestChildOptions {
  /** Folder of the kit to run in (its node_modules and configs are used). */
  cwd: string;
  /** Config file relative to cwd. */
  config: string;
  /** Extra CLI arguments (file filters, `--project`, …). */
  args?: string[];
  /** Extra environment (e.g. CACHELAB_TARGET). */
  env?: Record<string, string>;
  /** Whole-run limit; the process group is killed past it. Default 10 minutes. */
  timeoutMs?: number;
  /** Cap on captured stdout/stderr, in bytes. Default 1 MB. */
  outputCap?: number;
}

/** What a child run produced. */
export interface VitestChildResult {
  /** Parsed JSON results, or null when vitest wrote none (crash, timeout, bad config). */
  results: JsonTestResults | null;
  exitCode: number | null;
  timedOut: boolean;
  /** Captured output, truncated to the cap. */
  output: string;
}

/** Runs vitest once in a child process; never throws for test failures. */
export async function runVitestChild(options: VitestChildOptions): Promise<VitestChildResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cachelab-vitest-'));
  const outFile = path.join(dir, 'results.json');
  const cap = options.outputCap ?? 1_000_000;
  const vitestBin = path.join(options.cwd, 'node_modules', 'vitest', 'vitest.mjs');
  const args = [
    vitestBin, 'run', '--config', options.config,
    '--reporter=json', `--outputFile.json=${outFile}`,
    ...(options.args ?? []),
  ];
  let output = '';
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const collect = (chunk: Buffer): void => {
    if (output.length < cap) output += chunk.toString('utf8').slice(0, cap - output.length);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }, options.timeoutMs ?? 600_000);
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  clearTimeout(timer);
  let results: JsonTestResults | null = null;
  try {
    results = JSON.parse(readFileSync(outFile, 'utf8')) as JsonTestResults;
  } catch {
    results = null;
  }
  rmSync(dir, { recursive: true, force: true });
  return { results, exitCode, timedOut, output };
}
