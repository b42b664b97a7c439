/**
 * Heavy hidden tests cost what they protect (issue 19, item 7): three planted bugs in copies of
 * exercise 4's reference solution, each breaking lock safety, graded as a class on the embedded
 * backend. Each is asserted at its exact score with the kit's weights and, rescored from the same
 * results.json with every kind weighing 1, at the score an unweighted suite gave it. A fourth copy
 * also tries to reweigh the suite from inside the test worker, and scores exactly as without.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXERCISES, KIT_ROOT } from '../../../lib/manifest.js';
import { gradeClass, type ClassRow } from '../../src/class.js';
import { round2 } from '../../src/credit.js';
import { openSession, type Session } from '../../src/grade.js';
import { kitCacheDir } from '../../src/kit-cache.js';
import type { Report } from '../../src/report.js';
import type { RunResults } from '../../src/results.js';
import { score } from '../../src/score.js';
import { leafName } from '../../src/weights.js';

const entry = EXERCISES.find((e) => e.id === 4)!;
const SOLUTION = path.join(KIT_ROOT, 'solutions', entry.slug);

/** One small edit of the reference: `from` must still be in `file`, or the fixture is out of date. */
type Edit = [file: string, from: string, to: string];

const RELEASE = '    return (await this.#cache.eval(RELEASE, 1, this.#key(lock.resource), lock.token)) === 1;';
const FENCE_CHECK = 'if stored and stored > tonumber(ARGV[1]) then return 0 end\n';
/**
 * In the worker, next to the suite: empty the suite's declaration and overwrite the workspace's
 * copy of it. Where the declaration is visible (the hidden suite's run, which imports it too) the
 * import must succeed, or this module fails to load and every test fails: so the attack did run.
 */
const REWEIGH = `
import { existsSync as __exists, writeFileSync as __write } from 'node:fs';
const __declaration = new URL('../../grader/exercises/exercise-4-stampede/suite/weights.ts', import.meta.url);
if (__exists(__declaration)) {
  const m = await import('../../grader/exercises/exercise-4-stampede/suite/weights.js');
  for (const list of Object.values(m.weights) as string[][]) list.length = 0;
  try {
    __write(__declaration, 'export const weights = {};\\n');
  } catch {
    // a read-only workspace
  }
}
`;

const FIXTURES: Record<string, Edit[]> = {
  // Release deletes the key whoever holds it: a holder whose lock expired frees the next holder's lock.
  'plain-del': [['lock-manager.ts', RELEASE, '    return (await this.#cache.del(this.#key(lock.resource))) === 1;']],
  // Locks taken with no expiry: a crashed holder blocks the key for ever.
  'no-expiry': [['lock-manager.ts', ".set(key, token, 'PX', Math.ceil(ttlMs), 'NX')", ".set(key, token, 'NX')"]],
  // No fencing: a holder that wakes up after its lock expired overwrites the newer value.
  'no-fencing': [['stampede.ts', FENCE_CHECK, '']],
  'no-fencing-reweighs': [
    ['stampede.ts', FENCE_CHECK, ''],
    ['stampede.ts', 'const WRITE = `', `${REWEIGH}\nconst WRITE = \``],
  ],
};

function build(dir: string, edits: Edit[]): void {
  cpSync(SOLUTION, dir, { recursive: true });
  for (const [file, from, to] of edits) {
    const abs = path.join(dir, file);
    const text = readFileSync(abs, 'utf8');
    if (!text.includes(from))
      throw new Error(
        `${SOLUTION}/${file} no longer contains ${JSON.stringify(from.slice(0, 60))}: update grader/exercises/exercise-4-stampede/weights.test.ts`,
      );
    writeFileSync(abs, text.replace(from, to));
  }
}

describe('exercise 4: planted lock-safety bugs against the weighted hidden suite', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'cachelab-ex4-weights-'));
  let session: Session;
  let rows: ClassRow[];
  const report = (student: string): Report => rows.find((r) => r.student === student)!.report!;
  const hidden = (r: Report) => r.exercises[0]!.items.find((i) => i.id === 'technical/hidden-suite')!;
  /** The same results scored as before weights: every kind weighs 1. */
  const unweighted = (student: string): Report => {
    const results = JSON.parse(readFileSync(path.join(work, 'out', student, 'results.json'), 'utf8')) as RunResults;
    const flat = { lockSafety: 1, dataLoss: 1, wrongValues: 1, behaviour: 1, tuning: 1 };
    return score(results, { ...session.rubric, technical: { weights: flat } }, session.overrides);
  };

  beforeAll(async () => {
    for (const [name, edits] of Object.entries(FIXTURES)) build(path.join(work, 'class', name, 'exercises', entry.slug), edits);
    session = await openSession({ kitRoot: KIT_ROOT, manifest: [entry], cacheDir: kitCacheDir(KIT_ROOT) });
    rows = await gradeClass(path.join(work, 'class'), session, path.join(work, 'out'), { jobs: 2 });
  }, 900_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('grades every fixture without a grader error', () => {
    expect(rows.map((r) => [r.student, r.error ?? 'ok'])).toEqual(
      Object.keys(FIXTURES)
        .sort()
        .map((s) => [s, 'ok']),
    );
  });

  it('each bug fails only lock-safety tests of the hidden suite, marked as such from the kit', () => {
    const failing = (student: string) =>
      hidden(report(student))
        .tests!.outcomes.filter((t) => t.status !== 'passed')
        .map((t) => [leafName(t.name), t.protects, t.weight]);
    expect(failing('plain-del')).toEqual([
      ['a lock that expired and was taken by another owner is not released by the first', 'lockSafety', 10],
      ['release and extend are one atomic command (Lua), not GET then DEL', 'lockSafety', 10],
      ['a holder resumed after its lock expired does not release the new holder’s lock', 'lockSafety', 10],
    ]);
    expect(failing('no-expiry')).toEqual([
      ['a lock that expired and was taken by another owner is not released by the first', 'lockSafety', 10],
      ['extend keeps the lock for its owner, and only for its owner', 'lockSafety', 10],
      ['fencing tokens grow with every acquisition, across instances', 'lockSafety', 10],
      ['a dead lock holder is replaced once its lock expires', 'lockSafety', 10],
      ['fencing: a holder paused past its lock TTL cannot overwrite the newer value', 'lockSafety', 10],
    ]);
    expect(failing('no-fencing')).toEqual([['fencing: a holder paused past its lock TTL cannot overwrite the newer value', 'lockSafety', 10]]);
  });

  it('the hidden share: weight passed / 120 (8 lock-safety tests ×10, 3 wrong-values ×5, 22 behaviour ×1, 6 tuning ×0.5), against passed / 39 before', () => {
    const share = (r: Report) => hidden(r).points;
    // plain-del 90/120 (36/39 before), no-expiry 70/120 (34/39), no-fencing 110/120 (38/39), of 30 points.
    expect(Object.fromEntries(['plain-del', 'no-expiry', 'no-fencing'].map((s) => [s, [share(unweighted(s)), share(report(s))]]))).toEqual({
      'plain-del': [27.69, 22.5],
      'no-expiry': [26.15, 17.5],
      'no-fencing': [29.23, 27.5],
    });
    expect(hidden(report('no-expiry')).feedback).toContain(
      'Tests weigh what they protect (lock safety ×10: 3 of 8 passed; wrong values ×5: 3 of 3 passed; behaviour ×1: 22 of 22 passed; tuning ×0.5: 6 of 6 passed): share = 70 of 120 weight = 58.33%.',
    );
  });

  it('each bug at its exact score: the hidden failures cost about 3.2 times what they did, the rest of the report is unchanged', () => {
    // Totals on this kit: plain DEL 96.46 -> 91.27, no expiry 93.76 -> 85.11, no fencing 98.56 -> 96.83. The load
    // check's figures are asserted elsewhere and may change with it (a target that sees plain DEL), so
    // the totals are pinned through what the weights change: the points lost to hidden failures.
    const lost = (r: Report) => round2(hidden(r).max - hidden(r).points);
    expect(Object.fromEntries(['plain-del', 'no-expiry', 'no-fencing'].map((s) => [s, [lost(unweighted(s)), lost(report(s))]]))).toEqual({
      'plain-del': [2.31, 7.5],
      'no-expiry': [3.85, 12.5],
      'no-fencing': [0.77, 2.5],
    });
    for (const s of ['plain-del', 'no-expiry', 'no-fencing']) {
      const before = unweighted(s);
      const after = report(s);
      const others = (r: Report) => r.exercises[0]!.items.filter((i) => i.id !== 'technical/hidden-suite');
      expect([s, others(after)]).toEqual([s, others(before)]);
      expect([s, after.total]).toEqual([s, round2(before.total - lost(after) + lost(before))]);
    }
  });

  it('code in the test worker that empties the declaration or rewrites the workspace copy changes no weight', () => {
    const attacked = report('no-fencing-reweighs');
    expect(hidden(attacked)).toEqual(hidden(report('no-fencing')));
    expect(attacked.total).toBe(report('no-fencing').total);
  });
});
