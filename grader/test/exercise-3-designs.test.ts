/**
 * The grader on exercise 3 fixture submissions (exercise-3-fixtures.ts): designs the README leaves
 * open (issue 19, item 6), graded as a class on the embedded backend with the hidden suite on both
 * backends: each gets its exact expected score.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXERCISES, KIT_ROOT } from '../../lib/manifest.js';
import { gradeClass, type ClassRow } from '../src/class.js';
import { openSession } from '../src/grade.js';
import { kitCacheDir } from '../src/kit-cache.js';
import { EXERCISE_3_FIXTURES } from './exercise-3-fixtures.js';

const entry = EXERCISES.find((e) => e.id === 3)!;

describe('exercise 3 fixture submissions', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'cachelab-ex3-'));
  let rows: ClassRow[];

  beforeAll(async () => {
    for (const [name, build] of Object.entries(EXERCISE_3_FIXTURES)) build(path.join(work, 'class', name));
    const session = await openSession({ kitRoot: KIT_ROOT, exercise: entry.slug, cacheDir: kitCacheDir(KIT_ROOT) });
    rows = await gradeClass(path.join(work, 'class'), session, path.join(work, 'out'), { jobs: 1 });
  }, 600_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each([
    ['no-local-copy-of-replicas', 'serves a replica\'s value without keeping it locally'],
    ['invalidates-replicas', 'deletes the replicas on a write instead of updating them'],
  ])('%s: a mitigator that %s scores full marks', (name) => {
    const row = rows.find((r) => r.student === name)!;
    expect(row.error ?? 'ok').toBe('ok');
    const ex = row.report!.exercises[0]!;
    const missed = ex.items.filter((i) => i.points !== i.max).map((i) => `${i.id}: ${i.points}/${i.max} ${i.feedback}`);
    expect(missed).toEqual([]);
    expect(ex.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(ex.score).toBe(100);
  });
});
