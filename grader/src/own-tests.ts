/**
 * The student's own tests (exercises/<slug>/*.test.ts other than the visible suite), run in a
 * vitest child with @vitest/coverage-v8 over the files they edit: how many pass, and what share
 * of the stub files' lines they execute.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { OwnTestsRun } from './results.js';
import type { Rubric } from './rubric.js';
import type { Integrity } from './sandbox.js';
import { runGraderVitest } from './grader-vitest.js';

/** What to run. */
export interface OwnTestsInput {
  workspace: string;
  slug: string;
  /** Test files relative to the exercise folder. */
  tests: string[];
  /** Files to measure coverage of, relative to the exercise folder. */
  stubs: string[];
  limits: Rubric['limits'];
  backend: 'embedded' | 'real';
  integrity: Integrity;
}

/** Runs the student's tests with coverage. */
export async function runOwnTests(input: OwnTestsInput): Promise<OwnTestsRun> {
  if (input.tests.length === 0) return { status: 'none', files: [], passed: 0, total: 0, coverage: null };
  const rel = (f: string): string => `exercises/${input.slug}/${f}`;
  const coverageDir = mkdtempSync(path.join(tmpdir(), 'cachelab-coverage-'));
  try {
    const run = await runGraderVitest(input.workspace, input.tests.map(rel), {
      limits: input.limits,
      backend: input.backend,
      integrity: input.integrity,
      extraArgs: ['--coverage.enabled=true'],
      extraEnv: { CACHELAB_GRADER_COVER: JSON.stringify(input.stubs.map(rel)), CACHELAB_GRADER_COVERAGE_DIR: coverageDir },
    });
    const results = [...run.log.files.values()].flatMap((f) => [...f.ended.values()]);
    const passed = results.filter((r) => r.state === 'passed').length;
    const status: OwnTestsRun['status'] = run.timedOut ? 'timeout' : run.log.done ? 'ran' : 'crashed';
    return { status, files: input.tests, passed, total: results.length, coverage: readCoverage(coverageDir) };
  } finally {
    rmSync(coverageDir, { recursive: true, force: true });
  }
}

function readCoverage(dir: string): number | null {
  const file = path.join(dir, 'coverage-summary.json');
  if (!existsSync(file)) return null;
  const summary = JSON.parse(readFileSync(file, 'utf8')) as { total?: { lines?: { total: number; covered: number } } };
  const lines = summary.total?.lines;
  if (!lines || lines.total === 0) return null;
  return Math.round((lines.covered / lines.total) * 10_000) / 100;
}
