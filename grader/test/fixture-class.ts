/**
 * Grades an exercise's fixture submissions as one class on the real kit (embedded backend, the
 * kit's grader cache), once per test file: what exercise 2's grade.test.ts, exercise 3's designs.test.ts and
 * exercise 4's release.test.ts (in grader/exercises/<slug>/) share.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { EXERCISES, KIT_ROOT } from '../../lib/manifest.js';
import { gradeClass, type ClassRow } from '../src/class.js';
import { openSession } from '../src/grade.js';
import { kitCacheDir } from '../src/kit-cache.js';

/** A class graded in the test file's beforeAll. */
export interface FixtureClass {
  /** The folder the class and its reports live in (removed after the file). */
  work: string;
  /** One submission's row; fails the test when it was not graded. */
  row(student: string): ClassRow;
}

/** Registers the grading of `fixtures` (student → writer of its folder) for exercise `id`. */
export function gradeFixtureClass(id: number, fixtures: Record<string, (dir: string) => void>, timeoutMs = 600_000): FixtureClass {
  const entry = EXERCISES.find((e) => e.id === id)!;
  const work = mkdtempSync(path.join(tmpdir(), `cachelab-ex${id}-`));
  let rows: ClassRow[] = [];
  beforeAll(async () => {
    for (const [name, build] of Object.entries(fixtures)) build(path.join(work, 'class', name));
    const session = await openSession({ kitRoot: KIT_ROOT, exercise: entry.slug, cacheDir: kitCacheDir(KIT_ROOT) });
    rows = await gradeClass(path.join(work, 'class'), session, path.join(work, 'out'), { jobs: 1 });
  }, timeoutMs);
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  return {
    work,
    row(student) {
      const row = rows.find((r) => r.student === student);
      expect(row, `${student} was not graded`).toBeDefined();
      expect(row!.error ?? 'ok').toBe('ok');
      return row!;
    },
  };
}

/** Asserts that a graded row earned every item of its one exercise, with no error. */
export function expectFullMarks(row: ClassRow, hint?: string): void {
  const ex = row.report!.exercises[0]!;
  const missed = ex.items.filter((i) => i.points !== i.max).map((i) => `${i.id}: ${i.points}/${i.max} ${i.feedback}`);
  expect(missed, hint).toEqual([]);
  expect(ex.problems.filter((p) => p.severity === 'error')).toEqual([]);
  expect(ex.score).toBe(100);
}
