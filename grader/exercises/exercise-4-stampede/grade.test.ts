/**
 * The grader on exercise 4's real files: the reference solution, the untouched stubs and the
 * naive baseline, graded as a class on the embedded backend. Runs once the exercise's solution,
 * stubs and hidden suite exist (the manifest entry is treated as ready here, so this test does not
 * wait for the status flip).
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meets } from '../../../lib/load/types.js';
import { EXERCISES, graderFile, KIT_ROOT } from '../../../lib/manifest.js';
import { copyBaselineAsSubmission } from '../../src/baselines.js';
import { gradeClass, type ClassRow } from '../../src/class.js';
import { listFiles } from '../../src/files.js';
import { gradeSubmission, openSession, type Session } from '../../src/grade.js';
import { kitCacheDir } from '../../src/kit-cache.js';
import type { Report } from '../../src/report.js';

const entry = EXERCISES.find((e) => e.id === 4)!;
const dirs = {
  solution: path.join(KIT_ROOT, 'solutions', entry.slug),
  stubs: path.join(KIT_ROOT, 'exercises', entry.slug),
  baseline: path.join(KIT_ROOT, graderFile(entry.slug, 'baseline')),
};
const available =
  Object.values(dirs).every((d) => entry.files.stubs.every((f) => existsSync(path.join(d, f)))) &&
  existsSync(path.join(KIT_ROOT, graderFile(entry.slug, 'hidden')));

describe.runIf(available)('exercise 4 fixture submissions', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'cachelab-ex4-'));
  let session: Session;
  let rows: ClassRow[];
  const report = (student: string): Report => rows.find((r) => r.student === student)!.report!;
  const item = (student: string, id: string) => report(student).exercises[0]!.items.find((i) => i.id === id)!;

  beforeAll(async () => {
    for (const [name, dir] of Object.entries(dirs)) {
      const to = path.join(work, 'class', name, 'exercises', entry.slug);
      if (name === 'baseline') copyBaselineAsSubmission(dir, to);
      else cpSync(dir, to, { recursive: true });
    }
    session = await openSession({ kitRoot: KIT_ROOT, manifest: [entry], cacheDir: kitCacheDir(KIT_ROOT) });
    rows = await gradeClass(path.join(work, 'class'), session, path.join(work, 'out'), { jobs: 2 });
  }, 600_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('grades all three without a grader error', () => {
    expect(rows.map((r) => [r.student, r.error ?? 'ok'])).toEqual([
      ['baseline', 'ok'],
      ['solution', 'ok'],
      ['stubs', 'ok'],
    ]);
  });

  it('solution: full marks on every load-check figure, the hidden suite and the visible suite, no problem', () => {
    const ex = report('solution').exercises[0]!;
    const errors = ex.problems.filter((p) => p.severity === 'error');
    expect(errors, 'if the real-backend hidden tests failed, is Redis up at 127.0.0.1:6379?').toEqual([]);
    const perf = ex.items.filter((i) => i.criterion === 'performance');
    expect(perf.length).toBeGreaterThan(0);
    expect(perf.filter((i) => i.points !== i.max).map((i) => i.feedback)).toEqual([]);
    expect(item('solution', 'technical/hidden-suite')).toMatchObject({ points: 30, max: 30 });
    expect(item('solution', 'problem-solving/visible-suite')).toMatchObject({ points: 10, max: 10 });
    // The documentation and own-tests points are the student's writing: solutions/ earns them only if it ships a model ANALYSIS.md and tests.
    const modelAnswer = existsSync(path.join(dirs.solution, entry.files.analysis)) && listFiles(dirs.solution).some((f) => f.endsWith('.test.ts'));
    if (modelAnswer) expect(ex.score).toBe(100);
    else expect(ex.criteria.filter((c) => c.id === 'performance' || c.id === 'technical').map((c) => c.score)).toEqual([40, 30]);
  });

  it('stubs: fail every hidden and visible test and earn nothing for them', () => {
    const run = rows.find((r) => r.student === 'stubs')!.report!;
    expect(item('stubs', 'technical/hidden-suite').points).toBe(0);
    expect(item('stubs', 'problem-solving/visible-suite').points).toBe(0);
    expect(run.total).toBeLessThan(10);
  });

  it('baseline: partial credit starts at the baseline, so every figure it misses earns 0', () => {
    const perf = report('baseline').exercises[0]!.items.filter((i) => i.criterion === 'performance' && i.figure);
    expect(perf.length).toBeGreaterThan(0);
    for (const i of perf) {
      const f = i.figure!;
      if (f.value !== null && meets(f.value, f.target)) continue;
      expect([i.id, i.points]).toEqual([i.id, 0]);
    }
  });

  it('gives the solution the same report on a second run', async () => {
    const again = await gradeSubmission(path.join(work, 'class', 'solution'), { ...session, force: true }, path.join(work, 'again'), 'solution');
    expect(again.cached).toBe(false);
    expect(again.report).toEqual(report('solution'));
  }, 300_000);
});
