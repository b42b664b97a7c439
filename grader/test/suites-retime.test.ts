/**
 * A test failed at vitest's per-test time limit runs once more alone (suites.ts): its limit is wall
 * time, which a loaded machine can use up for a correct, heavy test (exercise 1's quarter-size
 * trace took 14 s of its 20 s in CI, and timed out twice at a load average near 10). Which tests
 * rerun, and how the second result replaces the first.
 */
import { describe, expect, it } from 'vitest';
import type { FileProgress } from '../src/progress-log.js';
import { timedOutTests, withRetimed } from '../src/suites.js';

const progress = (ended: [string, string, string?][]): FileProgress => ({
  ended: new Map(ended.map(([name, state, message]) => [name, { state, ...(message ? { error: { message } } : {}) }])),
  running: [],
  moduleErrors: [],
  complete: true,
});

describe('retiming tests that ran past the per-test limit', () => {
  const first = progress([
    ['s > heavy', 'failed', 'Test timed out in 20000ms.\nIf this is a long-running test, pass a timeout value as the last argument'],
    ['s > wrong', 'failed', 'expected 1 to be 2'],
    ['s > fine', 'passed'],
    ['s > forged', 'failed', 'Test timed out in 20000ms.'],
  ]);

  it('picks the expected tests vitest failed for their time, not other failures or unknown names', () => {
    expect(timedOutTests(first, ['s > heavy', 's > wrong', 's > fine'])).toEqual(['s > heavy']);
    expect(timedOutTests(first, ['s > heavy', 's > forged'])).toEqual(['s > heavy', 's > forged']);
  });

  it('counts the second result of a retimed test, keeps the first when it did not end again, and leaves the others alone', () => {
    const again = progress([
      ['s > heavy', 'passed'],
      ['s > wrong', 'passed'],
    ]);
    const merged = withRetimed(first, again, ['s > heavy', 's > forged']);
    expect([...merged.ended].map(([n, e]) => [n, e.state])).toEqual([
      ['s > heavy', 'passed'],
      ['s > wrong', 'failed'],
      ['s > fine', 'passed'],
      ['s > forged', 'failed'],
    ]);
    // the first progress is not changed in place
    expect(first.ended.get('s > heavy')!.state).toBe('failed');
  });

  it('a test that times out again stays failed with its second message', () => {
    const again = progress([['s > heavy', 'failed', 'Test timed out in 20000ms.']]);
    expect(withRetimed(first, again, ['s > heavy']).ended.get('s > heavy')).toEqual({ state: 'failed', error: { message: 'Test timed out in 20000ms.' } });
  });
});
