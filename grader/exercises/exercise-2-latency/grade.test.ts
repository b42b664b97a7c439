/**
 * The grader on exercise 2 fixture submissions (exercise-2-fixtures.ts), graded as a class on the
 * embedded backend with the hidden suite on both backends: each gets its exact expected score.
 */
import { describe, it } from 'vitest';
import { EXERCISE_2_FIXTURES } from './fixtures.js';
import { expectFullMarks, gradeFixtureClass } from '../../test/fixture-class.js';

describe('exercise 2 fixture submissions', () => {
  const graded = gradeFixtureClass(2, EXERCISE_2_FIXTURES);

  it('waits-for-subscription: an optimizer that trusts its local tier only once subscribed scores full marks', () => {
    expectFullMarks(graded.row('waits-for-subscription'), 'if the real-backend hidden tests failed, is Redis up at 127.0.0.1:6379?');
  });
});
