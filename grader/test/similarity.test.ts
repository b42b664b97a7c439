/**
 * The similarity check (issue 18) on fixture submissions, called directly (no grading): the
 * original, its identical, renamed and reordered copies are flagged pairwise and form one cluster;
 * the independent solutions and the untouched stub are not flagged; the rubric's threshold is
 * validated like every other field. Needs the optional
 * @dodona/dolos-lib; without it the suite is skipped and says how to install it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIT_ROOT } from '../../lib/manifest.js';
import { validateRubric } from '../src/rubric.js';
import { classSimilarity, clustersOf, DEFAULT_THRESHOLD, DOLOS_INSTALL, loadDolos, type SimilarityResult } from '../src/similarity.js';
import { similarityView } from '../src/similarity-view.js';
import { COPIED, INDEPENDENT, LRU, writeSimilarityFixtures } from './similarity-fixtures.js';

const dolos = await loadDolos().then(
  () => true,
  () => false,
);
if (!dolos) console.warn(`similarity.test.ts skipped: @dodona/dolos-lib is not installed; install it with \`${DOLOS_INSTALL}\`.`);

const work = mkdtempSync(path.join(tmpdir(), 'cachelab-similarity-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.runIf(dolos)('similarity on the fixture class', () => {
  let result: SimilarityResult;
  beforeAll(async () => {
    writeSimilarityFixtures(path.join(work, 'kit'), path.join(work, 'class'));
    result = await classSimilarity(path.join(work, 'kit'), path.join(work, 'class'), [LRU], DEFAULT_THRESHOLD);
  });

  it('flags exactly the original and its three copies, pairwise, most similar first', () => {
    const ex = result.exercises[0]!;
    const flagged = ex.pairs.map((p) => `${p.left}-${p.right}`).sort();
    const expected = COPIED.flatMap((a, i) => COPIED.slice(i + 1).map((b) => `${a}-${b}`)).sort();
    expect(flagged).toEqual(expected);
    for (const p of ex.pairs) expect(p.similarity).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(ex.pairs.map((p) => p.similarity)).toEqual([...ex.pairs.map((p) => p.similarity)].sort((a, b) => b - a));
    expect(ex.pairs[0]).toMatchObject({ left: 'ada', right: 'bob' });
    expect(ex.pairs[0]!.similarity).toBeGreaterThan(0.95);
  });

  it('never flags an independent solution', () => {
    const pairs = result.exercises[0]!.pairs;
    for (const s of INDEPENDENT) expect(pairs.filter((p) => p.left === s || p.right === s)).toEqual([]);
  });

  it('leaves the untouched stub out and groups the copies in one cluster', () => {
    const ex = result.exercises[0]!;
    expect(ex.skipped).toEqual([{ student: 'gus', reason: 'the untouched stub' }]);
    expect(ex.compared).toEqual(['ada', 'bob', 'cy', 'dee', 'eve', 'fay']);
    expect(ex.clusters).toEqual([COPIED]);
  });

  it('shows the shared fragments side by side, with file and lines', () => {
    const renamed = result.exercises[0]!.pairs.find((p) => p.left === 'ada' && p.right === 'cy')!;
    expect(renamed.fragments.length).toBeGreaterThan(0);
    const f = renamed.fragments.find((x) => x.left.lines.some((l) => l.includes('#entries.set(key, value)')))!;
    expect(f.left.where).toMatch(/^lru\.ts:\d+–/);
    expect(f.right.lines.some((l) => l.includes('#store.set(key, value)'))).toBe(true);
    expect(similarityView(result).exercises[0]!.pairs[0]!.percent).toMatch(/^9\d\.\d%$/);
  });

  it('counts none of the stub: two students who only kept the stub lines share nothing', async () => {
    const r = await classSimilarity(path.join(work, 'kit'), path.join(work, 'class'), [LRU], 0);
    const eveFay = r.exercises[0]!.pairs.find((p) => p.left === 'eve' && p.right === 'fay')!;
    // Both keep the stub's class header, constructor and doc comments: with the stub counted, Dolos gives them 0.10.
    expect(eveFay.similarity).toBeLessThan(0.05);
  });
});

describe('clusters', () => {
  it('joins pairs that share a student and sorts the largest first', () => {
    expect(
      clustersOf([
        { left: 'c', right: 'd' },
        { left: 'a', right: 'b' },
        { left: 'e', right: 'd' },
      ]),
    ).toEqual([
      ['c', 'd', 'e'],
      ['a', 'b'],
    ]);
  });
});

describe('the rubric setting', () => {
  const base = JSON.parse(readFileSync(path.join(KIT_ROOT, 'grader', 'rubric.json'), 'utf8')) as Record<string, unknown>;

  it('ships at 0.6 and is optional', () => {
    expect(validateRubric(base, 'rubric.json').similarity).toEqual({ threshold: DEFAULT_THRESHOLD });
    const { similarity: _, ...without } = base;
    expect(validateRubric(without, 'rubric.json').similarity).toBeUndefined();
  });

  it('names the file and the field when it is wrong', () => {
    const bad = (similarity: unknown): string => {
      try {
        validateRubric({ ...base, similarity }, 'my-rubric.json');
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(bad({ threshold: 1.5 })).toContain('my-rubric.json: similarity.threshold must be a number from 0 to 1 (got 1.5)');
    expect(bad({ threshold: '0.6' })).toContain('my-rubric.json: similarity.threshold must be a number from 0 to 1');
    expect(bad({ treshold: 0.6 })).toContain('my-rubric.json: similarity.treshold is not a known field (known: threshold)');
    expect(bad(0.6)).toContain('my-rubric.json: similarity must be an object (got 0.6)');
  });
});
