/** Messages shown to students: one line, no stack, no temporary paths. */
import { describe, expect, it } from 'vitest';
import { describeError, oneLine, tidyPaths } from '../src/sanitize.js';

describe('sanitize', () => {
  it('shortens workspace paths to kit-relative ones', () => {
    expect(tidyPaths('at /tmp/cachelab-grade-Ab1/exercises/exercise-9-demo/memo.ts:3:1 and file:///work/main/lib/load/types.ts')).toBe(
      'at exercises/exercise-9-demo/memo.ts:3:1 and lib/load/types.ts',
    );
    expect(tidyPaths("Cannot find module '../../lib/x.js'")).toBe("Cannot find module '../../lib/x.js'");
  });

  it('keeps the line a "failed with 1 error:" header announces, and drops stack frames', () => {
    expect(
      oneLine(
        'Transform failed with 1 error:\n/tmp/ws/exercises/x/memo.ts:11:23: ERROR: Expected ")" but found ":"\n    at failureErrorWithLog (esbuild.js:1:1)',
      ),
    ).toBe('Transform failed with 1 error: exercises/x/memo.ts:11:23: ERROR: Expected ")" but found ":"');
  });

  it('names the error class unless it is plain Error', () => {
    expect(describeError(new TypeError('x is not a function\n    at y (/tmp/a.js:1:1)'))).toBe('TypeError: x is not a function');
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError('a string')).toBe('a string');
  });
});
