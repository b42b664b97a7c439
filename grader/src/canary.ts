/**
 * Canary tests: assertions that must FAIL. The grader appends them to every suite it runs, in the
 * same file (so in the same worker, after the student's code was imported and ran). If a canary
 * passes, the student's code patched `expect`, chai or a global the assertions rely on, and the
 * suite scores 0 with a flag. Hidden suites may also call registerCanary() themselves.
 */
import { describe, expect, it } from 'vitest';

/** Name of the canary block; the grader recognises canary tests by it. */
export const CANARY_SUITE = 'grader canary (these tests must fail)';

/** Registers the canary tests in the current test file. */
export function registerCanary(): void {
  describe(CANARY_SUITE, () => {
    it('strict equality of different numbers fails', () => {
      expect(1).toBe(2);
    });
    it('deep equality of different objects fails', () => {
      expect({ a: 1 }).toEqual({ a: 2 });
    });
    it('a thrown error is seen', () => {
      expect(() => {
        throw new Error('canary');
      }).not.toThrow();
    });
  });
}
