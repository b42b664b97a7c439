/**
 * Runs vitest in a child process and returns its JSON results, for the kit proofs (the stubs must
 * fail test by test). The child goes through the grader's runChild: its own process group, killed
 * whole past the time limit, output capped, one child per core.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { JsonTestResults } from 'vitest/reporters';
import { runChild } from '../../grader/src/child.js';

/** Options of {@link runVitestChild}. */
interface VitestChildOptions {
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
interface VitestChildResult {
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
  const vitestBin = path.join(options.cwd, 'node_modules', 'vitest', 'vitest.mjs');
  const args = [vitestBin, 'run', '--config', options.config, '--reporter=json', `--outputFile.json=${outFile}`, ...(options.args ?? [])];
  try {
    const run = await runChild(process.execPath, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' },
      timeoutMs: options.timeoutMs ?? 600_000,
      outputCap: options.outputCap ?? 1_000_000,
    });
    return { results: readResults(outFile), exitCode: run.exitCode, timedOut: run.timedOut, output: run.output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function readResults(file: string): JsonTestResults | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as JsonTestResults;
  } catch {
    return null;
  }
}
