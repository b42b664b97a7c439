/**
 * The grader on exercise 2 fixture submissions (exercise-2-fixtures.ts), graded as a class on the
 * embedded backend with the hidden suite on both backends: each gets its exact expected score.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXERCISES, KIT_ROOT } from '../../lib/manifest.js';
import { gradeClass, type ClassRow } from '../src/class.js';
import { openSession } from '../src/grade.js';
import { kitCacheDir } from '../src/kit-cache.js';
import { EXERCISE_2_FIXTURES } from './exercise-2-fixtures.js';

const entry = EXERCISES.find((e) => e.id === 2)!;

describe('exercise 2 fixture submissions', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'cachelab-ex2-'));
  let rows: ClassRow[];

  beforeAll(async () => {
    for (const [name, build] of Object.entries(EXERCISE_2_FIXTURES)) build(path.join(work, 'class', name));
    const session = await openSession({ kitRoot: KIT_ROOT, exercise: entry.slug, cacheDir: kitCacheDir(KIT_ROOT) });
    rows = await gradeClass(path.join(work, 'class'), session, path.join(work, 'out'), { jobs: 1 });
  }, 600_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('waits-for-subscription: an optimizer that trusts its local tier only once subscribed scores full marks', () => {
    const row = rows.find((r) => r.student === 'waits-for-subscription')!;
    expect(row.error ?? 'ok').toBe('ok');
    const ex = row.report!.exercises[0]!;
    const missed = ex.items.filter((i) => i.points !== i.max).map((i) => `${i.id}: ${i.points}/${i.max} ${i.feedback}`);
    expect(missed, 'if the real-backend hidden tests failed, is Redis up at 127.0.0.1:6379?').toEqual([]);
    expect(ex.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(ex.score).toBe(100);
  });
});
