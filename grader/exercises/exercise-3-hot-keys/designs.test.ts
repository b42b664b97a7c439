/**
 * The grader on exercise 3 fixture submissions (exercise-3-fixtures.ts): designs the README leaves
 * open (issue 19, item 6), graded as a class on the embedded backend with the hidden suite on both
 * backends: each gets its exact expected score.
 */
import { describe, it } from 'vitest';
import { EXERCISE_3_FIXTURES } from './fixtures.js';
import { expectFullMarks, gradeFixtureClass } from '../../test/fixture-class.js';

describe('exercise 3 fixture submissions', () => {
  const graded = gradeFixtureClass(3, EXERCISE_3_FIXTURES);

  it.each([
    ['no-local-copy-of-replicas', "serves a replica's value without keeping it locally"],
    ['invalidates-replicas', 'deletes the replicas on a write instead of updating them'],
  ])('%s: a mitigator that %s scores full marks', (name) => {
    expectFullMarks(graded.row(name));
  });
});
