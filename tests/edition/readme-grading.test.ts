/**
 * What each exercise README says about grading agrees with grader/rubric.json: the four criteria
 * and their percentages, the visible suite counted under problem solving only (as the report and
 * docs/student-guide.md count it), and every load-check figure the rubric weighs 0 marked so in
 * the README's target table. Exercise 2's README belongs to issue 20 and is checked once it says so.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXERCISES, KIT_ROOT } from '../../lib/manifest.js';

interface RubricFile {
  criteria: Record<'performance' | 'technical' | 'problemSolving' | 'documentation', number>;
  exercises?: Record<string, { criteria?: Partial<RubricFile['criteria']>; figures?: Record<string, { weight?: number }> }>;
}

const rubric = JSON.parse(readFileSync(path.join(KIT_ROOT, 'grader', 'rubric.json'), 'utf8')) as RubricFile;
const checked = EXERCISES.filter((e) => e.id !== 2);

/** The README's grading paragraph: from "Grading" to the next blank line. */
function gradingParagraph(readme: string): string {
  const m = /^Grading[^\n]*:[\s\S]*?(?=\n\n)/m.exec(readme);
  return (m?.[0] ?? '').replace(/\s+/g, ' ');
}

describe('exercise READMEs state the rubric', () => {
  it.each(checked.map((e) => [e.slug, e] as const))('%s', (_slug, e) => {
    const readme = readFileSync(path.join(KIT_ROOT, 'exercises', e.slug, e.files.readme), 'utf8');
    const text = gradingParagraph(readme);
    expect(text, 'no "Grading: …" paragraph').not.toBe('');
    const criteria = { ...rubric.criteria, ...rubric.exercises?.[e.slug]?.criteria };
    const stated = {
      performance: /performance (\d+)%/.exec(text)?.[1],
      technical: /technical implementation (\d+)%/.exec(text)?.[1],
      problemSolving: /problem solving (\d+)%/.exec(text)?.[1],
      documentation: /documentation (\d+)%/.exec(text)?.[1],
    };
    expect(Object.fromEntries(Object.entries(stated).map(([k, v]) => [k, Number(v)]))).toEqual(
      Object.fromEntries(Object.entries(criteria).filter(([k]) => k in stated)),
    );
    const technical = /technical implementation \d+% \(([^)]*)\)/.exec(text)?.[1] ?? '';
    expect(technical, 'the visible suite counts under problem solving, not technical implementation').not.toMatch(/visible suite/);
    expect(/problem solving \d+% \(([^)]*)\)/.exec(text)?.[1] ?? '').toMatch(/visible suite/);
    for (const [id, figure] of Object.entries(rubric.exercises?.[e.slug]?.figures ?? {})) {
      if (figure.weight !== 0) continue;
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${id}\` |`));
      expect(row, `${id} weighs 0 in grader/rubric.json: its README row should say so`).toMatch(/weighs 0/);
    }
  });
});
