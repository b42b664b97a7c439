/**
 * Canary tests: assertions that must FAIL. The grader registers a few in every suite file it runs,
 * in the same file (so in the same worker as the student's code), some before the suite and some
 * after it. If one passes, the code under test patched `expect`, chai or a global the assertions
 * rely on, and the suite scores 0 with a flag. Their names are drawn at random for each run from
 * the same vocabulary as real test names, so code that spares "the canary" cannot find it by name.
 */
import { randomInt } from 'node:crypto';
import { expect, it } from 'vitest';

const SUBJECTS = [
  'a read',
  'a write',
  'a second get',
  'a slow load',
  'an expired key',
  'a hot key',
  'a failed load',
  'a cold start',
  'an empty value',
  'a long key',
  'a burst of callers',
  'a restart',
];
const VERBS = ['keeps', 'returns', 'refreshes', 'shares', 'rejects', 'serves', 'counts', 'reports', 'evicts', 'retries'];
const OBJECTS = [
  'the cached value',
  'one load',
  'the newest value',
  'its error',
  'the right key',
  'every caller',
  'the loader result',
  'a fresh copy',
  'the last write',
  'its counters',
];

/** `count` distinct random names none of which is in `taken` (the suite's own test names). */
export function canaryNames(count: number, taken: readonly string[] = []): string[] {
  const names = new Set<string>();
  const pick = (list: readonly string[]): string => list[randomInt(list.length)]!;
  while (names.size < count) {
    const name = `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)}`;
    if (!taken.includes(name)) names.add(name);
  }
  return [...names];
}

const BODIES: (() => void)[] = [
  () => expect(1).toBe(2),
  () => expect({ a: 1 }).toEqual({ a: 2 }),
  () =>
    expect(() => {
      throw new Error('expected');
    }).not.toThrow(),
];

/**
 * Registers one canary test per name at the current level of the current test file.
 * @public imported by the wrapper files grader/src/wrappers.ts writes, which knip cannot see.
 */
export function registerCanaries(names: readonly string[]): void {
  names.forEach((name, i) => it(name, BODIES[i % BODIES.length]));
}
