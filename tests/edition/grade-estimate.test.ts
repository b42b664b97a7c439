/**
 * The student edition's `npm run grade` is an honest estimate: with the reference files and the
 * reference ANALYSIS.md copied into its exercises/, `npm run grade -- --exercise N` gives the full
 * visible share of every exercise (documentation 10/10: the analysis is measured against the
 * template the kit shipped, not against the student's own file), and it equals the instructor's
 * grade of the same files item by item, except the hidden suite's points.
 */
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXERCISES, KIT_ROOT } from '../../lib/manifest.js';
import { buildEdition, npm, type Edition } from './edition.js';

interface Item {
  id: string;
  status: string;
  points: number;
  max: number;
  feedback: string;
}
interface ReportExercise {
  number: number;
  score: number;
  max: number;
  items: Item[];
}
interface Report {
  mode: string;
  exercises: ReportExercise[];
}

const ready = EXERCISES;
let edition: Edition;
let instructor: Report;

const readReport = (dir: string): Report => JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as Report;

beforeAll(async () => {
  edition = await buildEdition();
  for (const e of ready) cpSync(path.join(KIT_ROOT, 'solutions', e.slug), path.join(edition.root, 'exercises', e.slug), { recursive: true });
  // The instructor grades the very same files: the edition folder handed in as a submission.
  const out = path.join(edition.work, 'instructor');
  const graded = await npm(KIT_ROOT, ['run', '-s', 'grade', '--', edition.root, '--out', out], 15 * 60_000);
  if (graded.code !== 0) throw new Error(`the instructor's grade failed:\n${graded.stderr}`);
  instructor = readReport(out);
}, 16 * 60_000);
afterAll(() => edition?.dispose());

describe('npm run grade in the student edition, on the reference files', () => {
  it.each(ready.map((e) => [e.id, e.slug] as const))(
    'exercise %i (%s): the full visible share, and the instructor grade minus the hidden points',
    async (id) => {
      const out = path.join(edition.work, `estimate-${id}`);
      const run = await npm(edition.root, ['run', '-s', 'grade', '--', '--exercise', String(id), '--out', out], 5 * 60_000);
      expect(run.code, run.stderr).toBe(0);
      const estimate = readReport(out);
      expect(estimate.mode).toBe('visible-only');
      const mine = estimate.exercises.find((x) => x.number === id)!;
      const theirs = instructor.exercises.find((x) => x.number === id)!;
      const short = mine.items.filter((i) => i.status !== 'hidden' && i.points !== i.max).map((i) => `${i.id}: ${i.points}/${i.max} (${i.feedback})`);
      expect(short, 'items below full marks in the estimate').toEqual([]);
      const documentation = mine.items.filter((i) => i.id.startsWith('documentation/'));
      expect(documentation.reduce((s, i) => s + i.points, 0)).toBe(10);
      const hidden = mine.items.filter((i) => i.status === 'hidden');
      // The own tests are measured by planted bugs (the stub, the baseline) that only the instructor's grader has.
      expect(hidden.map((i) => i.id)).toEqual(['technical/hidden-suite', 'problem-solving/own-tests']);
      // Item by item: the same items, the same points, but for the hidden ones.
      expect(mine.items.map((i) => i.id)).toEqual(theirs.items.map((i) => i.id));
      const differ = mine.items.filter((i) => i.status !== 'hidden' && i.points !== theirs.items.find((t) => t.id === i.id)!.points);
      expect(differ.map((i) => i.id)).toEqual([]);
      const hiddenPoints = theirs.items.filter((t) => hidden.some((h) => h.id === t.id)).reduce((s, t) => s + t.points, 0);
      expect(mine.score).toBeCloseTo(theirs.score - hiddenPoints, 6);
    },
    5 * 60_000,
  );
});
