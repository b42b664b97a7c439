/**
 * Fixture submissions for exercise 4, built from the reference solution by small, named edits:
 * attacks on lock safety that the load check must see. exercise-4-release.test.ts grades each
 * and asserts its exact score.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KIT_ROOT } from '../../../lib/manifest.js';

const SLUG = 'exercise-4-stampede';
const SOLUTION = path.join(KIT_ROOT, 'solutions', SLUG);

/** Replaces `from` by `to` in the text, or throws when `from` is gone (the solution changed: update the fixture). */
function edit(text: string, from: string, to: string): string {
  if (!text.includes(from))
    throw new Error(
      `exercise 4 fixture: the solution no longer contains ${JSON.stringify(from.slice(0, 80))}; update grader/exercises/exercise-4-stampede/fixtures.ts.`,
    );
  return text.replace(from, to);
}

/**
 * The reference with a release that is a plain DEL (issue 19, item 8): a holder whose lock
 * expired while it was frozen deletes whoever holds the lock now, and a third caller gets in
 * while the second still loads.
 */
export function plainDelRelease(exerciseDir: string): void {
  cpSync(SOLUTION, exerciseDir, { recursive: true });
  const file = path.join(exerciseDir, 'lock-manager.ts');
  const text = edit(
    readFileSync(file, 'utf8'),
    '    return (await this.#cache.eval(RELEASE, 1, this.#key(lock.resource), lock.token)) === 1;',
    '    return (await this.#cache.del(this.#key(lock.resource))) === 1;',
  );
  writeFileSync(file, text);
}

/** Builders by fixture name: each writes one submission (a kit copy's exercises/ folder) into `dir`. */
export const EXERCISE_4_FIXTURES: Record<string, (dir: string) => void> = {
  'plain-del-release': (dir) => plainDelRelease(path.join(dir, 'exercises', SLUG)),
};
