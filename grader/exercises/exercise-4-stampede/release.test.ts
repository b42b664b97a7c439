/**
 * Exercise 4's load check and grader on a lock whose release is a plain DEL (issue 19, item 8;
 * exercise-4-fixtures.ts): the short-pause run wakes a holder whose load failed, its release frees
 * the newer holder's lock, and a third caller loads while the second still does. The visible check
 * reports that duplicate load as a missed target; the grader pays nothing for it (step curve).
 */
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, loadImplementation } from '../../../lib/exercises/exercise-4-stampede/check.js';
import { meets } from '../../../lib/load/types.js';
import { EXERCISES, KIT_ROOT } from '../../../lib/manifest.js';
import { EXERCISE_4_FIXTURES, plainDelRelease } from './fixtures.js';
import { gradeFixtureClass } from '../../test/fixture-class.js';

const entry = EXERCISES.find((e) => e.id === 4)!;

describe('exercise 4, a release by plain DEL', () => {
  const graded = gradeFixtureClass(4, EXERCISE_4_FIXTURES, 900_000);
  const work = graded.work;

  it('the visible load check misses duplicate-loads (1 load while the new holder still loads) and meets every other target', async () => {
    // `npm run check` runs the folder in place: a kit-shaped copy whose lib/ is the kit's, so its relative imports resolve.
    const kit = path.join(work, 'kit');
    mkdirSync(path.join(kit, 'exercises'), { recursive: true });
    symlinkSync(path.join(KIT_ROOT, 'lib'), path.join(kit, 'lib'));
    plainDelRelease(path.join(kit, 'exercises', entry.slug));
    const impl = await loadImplementation(path.join(kit, 'exercises', entry.slug));
    const result = await check.run(impl, check.visible);
    const missed = result.figures.filter((f) => !meets(f.value, f.target)).map((f) => [f.id, f.value]);
    expect(missed).toEqual([['duplicate-loads', 1]]);
  }, 120_000);

  it('the grader pays nothing for duplicate-loads and less for the lock-safety tests it fails: 85.62', () => {
    const ex = graded.row('plain-del-release').report!.exercises[0]!;
    expect(
      ex.problems.filter((p) => p.severity === 'error'),
      'if the real-backend hidden tests failed, is Redis up at 127.0.0.1:6379?',
    ).toEqual([]);
    const missed = Object.fromEntries(ex.items.filter((i) => i.points !== i.max).map((i) => [i.id, `${i.points}/${i.max}`]));
    expect(missed).toEqual({
      'performance/duplicate-loads': '0/5.71', // 1 on the secret parameters too: a step curve, no partial credit
      'technical/hidden-suite': '22.5/30', // lock-safety tests of release
      'problem-solving/visible-suite': '9.33/10', // "release frees the lock; an old owner cannot release …"
      'documentation/figures': '3.5/4', // the copied ANALYSIS.md quotes duplicate-loads 0, the check measures 1
    });
    expect(ex.score).toBe(85.62);
  });
});
