/**
 * The student's own tests (exercises/<slug>/*.test.ts other than the visible suite) earn credit for
 * the faults they find, not the lines they touch. They run once in a vitest child: against the
 * student's files (with @vitest/coverage-v8, reported for information), and in the same run
 * against each planted bug, a copy of the exercise folder where the files the student edits are
 * replaced by the kit's own faulty versions (the untouched stub, the naive baseline). A planted bug
 * is caught when a test that passed on the student's code fails (or never reports) on it. A test
 * that asserts nothing passes everywhere and catches nothing.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { graderFile } from '../../lib/manifest.js';
import { baselineAsSubmission } from './baselines.js';
import { runGraderVitest } from './grader-vitest.js';
import type { OwnTestsRun } from './results.js';
import type { Rubric } from './rubric.js';
import type { Integrity } from './sandbox.js';

/** A faulty version of the files a student edits. */
export interface PlantedBug {
  /** What a student reads, e.g. "the untouched stub". */
  name: string;
  /** Contents by file (relative to the exercise folder); stub files it does not list keep the untouched stub's. */
  files: Record<string, string>;
}

/** What to run. */
export interface OwnTestsInput {
  workspace: string;
  slug: string;
  /** Test files relative to the exercise folder. */
  tests: string[];
  /** Files to measure coverage of, relative to the exercise folder. */
  stubs: string[];
  /** The planted bugs the tests should catch (none: the run only counts passes and coverage). */
  planted: PlantedBug[];
  limits: Rubric['limits'];
  backend: 'embedded' | 'real';
  integrity: Integrity;
}

/** Runs the student's tests against their code (with coverage) and against each planted bug. */
export async function runOwnTests(input: OwnTestsInput): Promise<OwnTestsRun> {
  if (input.tests.length === 0) return { status: 'none', files: [], passed: 0, total: 0, coverage: null, planted: [] };
  // Every copy, the student's own included, sits in a sibling folder with a random name (the
  // student's is moved there, so no folder keeps the exercise's name) and the files run in a random
  // order: a test cannot tell by where or when it runs whether it faces the student's code.
  const copies: (number | null)[] = [null, ...input.planted.map((_, k) => k)];
  const names = new Map(copies.map((k) => [k, `${input.slug}-${randomBytes(6).toString('hex')}`]));
  const folder = (k: number | null): string => `exercises/${names.get(k)!}`;
  const original = path.join(input.workspace, 'exercises', input.slug);
  const own = path.join(input.workspace, folder(null));
  const include = shuffled(copies.flatMap((k) => input.tests.map((t) => `${folder(k)}/${t}`)));
  const coverageDir = mkdtempSync(path.join(tmpdir(), 'cachelab-coverage-'));
  try {
    renameSync(original, own);
    // Planted copies sit beside the student's folder, at the same depth, so every relative import resolves alike.
    input.planted.forEach((bug, k) => {
      const dir = path.join(input.workspace, folder(k));
      cpSync(own, dir, { recursive: true });
      for (const [file, text] of Object.entries(bug.files)) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), text);
      }
    });
    const run = await runGraderVitest(input.workspace, include, {
      limits: input.limits,
      backend: input.backend,
      integrity: input.integrity,
      extraArgs: ['--coverage.enabled=true', '--coverage.reportOnFailure=true'],
      extraEnv: { CACHELAB_GRADER_COVER: JSON.stringify(input.stubs.map((s) => `${folder(null)}/${s}`)), CACHELAB_GRADER_COVERAGE_DIR: coverageDir },
    });
    /** Outcomes by `test file > test name` for one folder. */
    const outcomes = (k: number | null): Map<string, string> => {
      const found = new Map<string, string>();
      for (const [file, progress] of run.log.files) {
        const rel = path.relative(input.workspace, file).replaceAll('\\', '/');
        const test = input.tests.find((t) => rel === `${folder(k)}/${t}`);
        if (test) for (const [name, e] of progress.ended) found.set(`${test} > ${name}`, e.state);
      }
      return found;
    };
    const mine = outcomes(null);
    const passing = [...mine].filter(([, state]) => state === 'passed').map(([name]) => name);
    const planted = input.planted.map((bug, k) => {
      const there = outcomes(k);
      return { name: bug.name, caught: passing.some((name) => there.get(name) !== 'passed') };
    });
    const status: OwnTestsRun['status'] = run.timedOut || run.cpuLimited ? 'timeout' : run.log.done ? 'ran' : 'crashed';
    return { status, files: input.tests, passed: passing.length, total: mine.size, coverage: readCoverage(coverageDir), planted };
  } finally {
    rmSync(coverageDir, { recursive: true, force: true });
    input.planted.forEach((_, k) => rmSync(path.join(input.workspace, folder(k)), { recursive: true, force: true }));
    if (existsSync(own)) renameSync(own, original);
  }
}

/** A copy of `items` in a random order (Fisher-Yates with crypto's randomInt). */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * The kit's planted bugs for an exercise: its untouched stub (from the kit's exercises/) and its
 * naive baseline (grader/exercises/<slug>/baseline/, imports moved one folder up as a student's folder
 * would hold them); none when the kit has no baseline folder. The student edition ships the
 * baselines too (for `npm run check -- --baseline`), but its exercises/ hold the student's own
 * files, not the untouched stubs: only a full grade plants these bugs (run.ts), and the edition's
 * estimate counts the own-tests points as hidden.
 */
export function plantedBugs(kitRoot: string, slug: string, stubs: readonly string[]): PlantedBug[] {
  const baselineDir = path.join(kitRoot, graderFile(slug, 'baseline'));
  if (!existsSync(baselineDir)) return [];
  const read = (dir: string, asSubmission: boolean): Record<string, string> =>
    Object.fromEntries(
      stubs
        .filter((s) => existsSync(path.join(dir, s)))
        .map((s) => {
          const text = readFileSync(path.join(dir, s), 'utf8');
          return [s, asSubmission ? baselineAsSubmission(s, text) : text];
        }),
    );
  const stub = read(path.join(kitRoot, 'exercises', slug), false);
  return [
    { name: 'the untouched stub', files: stub },
    { name: 'the naive baseline', files: { ...stub, ...read(baselineDir, true) } },
  ];
}

function readCoverage(dir: string): number | null {
  const file = path.join(dir, 'coverage-summary.json');
  if (!existsSync(file)) return null;
  const summary = JSON.parse(readFileSync(file, 'utf8')) as { total?: { lines?: { total: number; covered: number } } };
  const lines = summary.total?.lines;
  if (!lines || lines.total === 0) return null;
  return Math.round((lines.covered / lines.total) * 10_000) / 100;
}
