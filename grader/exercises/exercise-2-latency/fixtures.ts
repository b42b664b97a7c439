/**
 * Fixture submissions for exercise 2, built from the reference solution by small, named edits:
 * designs the README allows that differ from the reference. grade.test.ts grades each and
 * asserts its exact score.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KIT_ROOT } from '../../../lib/manifest.js';

const SLUG = 'exercise-2-latency';
const SOLUTION = path.join(KIT_ROOT, 'solutions', SLUG);

/** Replaces `from` by `to` in the text, or throws when `from` is gone (the solution changed: update the fixture). */
function edit(text: string, from: string, to: string): string {
  if (!text.includes(from))
    throw new Error(
      `exercise 2 fixture: the solution no longer contains ${JSON.stringify(from.slice(0, 80))}; update grader/exercises/exercise-2-latency/fixtures.ts.`,
    );
  return text.replace(from, to);
}

/**
 * The student design of issue 20: the optimizer does not trust its local tier until its
 * invalidation subscription is ready. A read before that connects first (subscribe, pool, PING:
 * round trips the reference would not spend), and whatever was kept locally before the
 * subscription is dropped once it is ready, since a write in between would have gone unseen.
 */
function waitsForSubscription(dir: string): void {
  const to = path.join(dir, 'exercises', SLUG);
  cpSync(SOLUTION, to, { recursive: true });
  const file = path.join(to, 'latency-optimizer.ts');
  let text = readFileSync(file, 'utf8');
  text = edit(
    text,
    '  #ready: Promise<void> | undefined;\n',
    '  #ready: Promise<void> | undefined;\n  /** True once `cache` listens on the channel: only then is the local tier trusted. */\n  #listening = false;\n',
  );
  text = edit(
    text,
    '    await this.#subscribed;\n',
    '    await this.#subscribed;\n    if (!this.#listening) this.#local.clear(); // kept before we listened: a write may have gone unseen\n    this.#listening = true;\n',
  );
  text = edit(
    text,
    '  async #get(keys: readonly string[]): Promise<(V | undefined)[]> {\n',
    '  async #get(keys: readonly string[]): Promise<(V | undefined)[]> {\n    if (!this.#listening) await this.optimizeConnections();\n',
  );
  writeFileSync(file, text);
}

/** Builders by fixture name: each writes one submission (a kit copy's exercises/ folder) into `dir`. */
export const EXERCISE_2_FIXTURES: Record<string, (dir: string) => void> = {
  'waits-for-subscription': waitsForSubscription,
};
