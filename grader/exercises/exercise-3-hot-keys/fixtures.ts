/**
 * Fixture submissions for exercise 3, built from the reference solution by small, named edits:
 * designs the README leaves open that differ from the reference (issue 19, item 6).
 * exercise-3-designs.test.ts grades each and asserts its exact score.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KIT_ROOT } from '../../../lib/manifest.js';

const SLUG = 'exercise-3-hot-keys';
const SOLUTION = path.join(KIT_ROOT, 'solutions', SLUG);

/** Replaces `from` by `to` in the text, or throws when `from` is gone (the solution changed: update the fixture). */
function edit(text: string, from: string, to: string): string {
  if (!text.includes(from))
    throw new Error(
      `exercise 3 fixture: the solution no longer contains ${JSON.stringify(from.slice(0, 80))}; update grader/exercises/exercise-3-hot-keys/fixtures.ts.`,
    );
  return text.replace(from, to);
}

function withMitigator(dir: string, change: (text: string) => string): void {
  const to = path.join(dir, 'exercises', SLUG);
  cpSync(SOLUTION, to, { recursive: true });
  const file = path.join(to, 'hot-key-mitigator.ts');
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

/**
 * A replica's value is served but never kept locally (its age is unknown): only primary reads and
 * own writes are, and since their age is known (none) such a copy may live the whole bound. A read
 * that misses locally picks at random among the primary and the replicas, so about one in R + 1
 * misses makes a local copy and the key's reads spread over R + 1 nodes.
 */
function noLocalCopyOfReplicas(dir: string): void {
  withMitigator(dir, (text) => {
    text = edit(
      text,
      '    this.#localTtlMs = this.#options.maxStalenessMs - this.#replicaTtlMs;',
      '    this.#localTtlMs = this.#options.maxStalenessMs; // copies of primary reads and own writes only',
    );
    text = edit(
      text,
      'const first = Math.floor(this.#options.random() * replicas.length) % Math.max(1, replicas.length);',
      'const first = Math.floor(this.#options.random() * (replicas.length + 1)); // replicas.length: the primary',
    );
    text = edit(
      text,
      '    const value = await this.#readReplica(key, replicas);\n    if (value !== null) this.addLocalCaching(key, value);\n    return value;',
      '    return this.#readReplica(key, replicas); // it keeps a local copy only of a primary read',
    );
    return edit(
      text,
      '      const value = await this.#cache.get(key);\n      // Replicas expire together',
      '      const value = await this.#cache.get(key);\n      if (value !== null) this.addLocalCaching(key, value);\n      // Replicas expire together',
    );
  });
}

/** A write deletes the hot key's replicas instead of updating them; the next read refills them from the primary. */
function invalidatesReplicas(dir: string): void {
  withMitigator(dir, (text) =>
    edit(
      text,
      "    await Promise.allSettled(replicas.map((r) => this.#cache.set(r, value, 'PX', this.#replicaTtlMs)));\n  }\n\n  async detectHotKeys",
      '    await Promise.allSettled(replicas.map((r) => this.#cache.del(r)));\n  }\n\n  async detectHotKeys',
    ),
  );
}

/** Builders by fixture name: each writes one submission (a kit copy's exercises/ folder) into `dir`. */
export const EXERCISE_3_FIXTURES: Record<string, (dir: string) => void> = {
  'no-local-copy-of-replicas': noLocalCopyOfReplicas,
  'invalidates-replicas': invalidatesReplicas,
};
