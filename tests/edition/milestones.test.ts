/**
 * The milestones the exercise READMEs name (`npm test exercise-N -- -t <pattern>` followed by
 * "(k tests)") work in the student edition: with the reference files of that part and of every
 * part before it in exercises/ and the untouched stubs for the later parts, the command passes and
 * runs exactly the k tests the README states (more than none, fewer than the whole suite); on the
 * untouched stubs it fails. Where a README splits its whole suite into milestones, they add up to
 * it. The edition is built with buildRelease and borrows this kit's node_modules (a symlink).
 */
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRelease } from '../../grader/src/release.js';
import { EXERCISES, KIT_ROOT } from '../../lib/manifest.js';
import { npm } from './edition.js';

interface Milestone {
  command: string;
  /** The arguments after `npm`, the pattern unquoted. */
  args: string[];
  tests: number;
  /** The exercise's .ts files this milestone and the ones before it name. */
  files: string[];
}

/** The milestones of one README, in order. */
function milestonesOf(markdown: string, exercise: number): Milestone[] {
  const text = markdown.replace(/\s+/g, ' ');
  const found = /`(npm test exercise-(\d) -- -t (?:"([^"]+)"|(\S+)))` \((\d+) tests?\)/g;
  const out: Milestone[] = [];
  const files = new Set<string>();
  let from = text.indexOf('Time:');
  for (let m = found.exec(text); m; m = found.exec(text)) {
    if (Number(m[2]) !== exercise) throw new Error(`exercise ${exercise}'s README names a milestone of exercise ${m[2]}: ${m[1]}`);
    for (const f of text.slice(from, m.index).matchAll(/`([\w-]+\.ts)`/g)) files.add(f[1]!);
    out.push({ command: m[1]!, args: ['test', `exercise-${exercise}`, '--', '-t', m[3] ?? m[4]!], tests: Number(m[5]), files: [...files] });
    from = m.index + m[0].length;
  }
  return out;
}

/** "Tests  4 passed | 11 skipped (15)" of a vitest run, as numbers. */
function summary(output: string): { passed: number; failed: number; total: number } {
  // eslint-disable-next-line no-control-regex -- vitest may colour its summary
  const line = /^\s*Tests\s+(.*)$/m.exec(output.replace(/\x1b\[[0-9;]*m/g, ''))?.[1] ?? '';
  const count = (word: string) => Number(new RegExp(`(\\d+) ${word}`).exec(line)?.[1] ?? 0);
  return { passed: count('passed'), failed: count('failed'), total: Number(/\((\d+)\)/.exec(line)?.[1] ?? 0) };
}

const work = mkdtempSync(path.join(tmpdir(), 'cachelab-edition-milestones-'));
const root = path.join(work, 'kit');
const stubs = path.join(work, 'stubs');
beforeAll(() => {
  buildRelease(KIT_ROOT, root);
  symlinkSync(path.join(KIT_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  cpSync(path.join(root, 'exercises'), stubs, { recursive: true });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const withMilestones = EXERCISES.map((e) => ({
  e,
  milestones: milestonesOf(readFileSync(path.join(KIT_ROOT, 'exercises', e.slug, e.files.readme), 'utf8'), e.id),
}));

describe('README milestones', () => {
  it('exercises 1 and 4 split their whole suite into milestones', () => {
    for (const id of [1, 4]) expect(withMilestones.find(({ e }) => e.id === id)!.milestones.length, `exercise ${id}`).toBeGreaterThanOrEqual(3);
  });

  it('the parser finds a milestone, its pattern and the files named before it', () => {
    const [m] = milestonesOf('Time: first `a-b.ts` (x): `npm test exercise-2 -- -t "exercise 2: a (b|c)"`\n(3 tests).', 2);
    expect(m).toEqual({
      command: 'npm test exercise-2 -- -t "exercise 2: a (b|c)"',
      args: ['test', 'exercise-2', '--', '-t', 'exercise 2: a (b|c)'],
      tests: 3,
      files: ['a-b.ts'],
    });
  });

  for (const { e, milestones } of withMilestones.filter((x) => x.milestones.length > 0)) {
    it(
      `${e.slug}: each milestone passes with its part built and the later parts stubs, and fails on the stubs`,
      async () => {
        const dir = path.join(root, 'exercises', e.slug);
        const problems: string[] = [];
        let suite = 0;
        let sum = 0;
        for (const m of milestones) {
          cpSync(path.join(stubs, e.slug), dir, { recursive: true });
          const onStubs = summary((await npm(root, m.args)).stdout);
          if (onStubs.failed === 0) problems.push(`${m.command}: no test failed on the untouched stubs`);
          for (const f of m.files) copyFileSync(path.join(KIT_ROOT, 'solutions', e.slug, f), path.join(dir, f));
          const ran = await npm(root, m.args);
          const s = summary(ran.stdout);
          suite = s.total;
          sum += m.tests;
          if (ran.code !== 0) problems.push(`${m.command} with ${m.files.join(', ')} built: exit ${ran.code}\n${(ran.stdout + ran.stderr).slice(-600)}`);
          else if (s.passed !== m.tests || s.failed !== 0)
            problems.push(`${m.command}: the README says ${m.tests} tests, ${s.passed} passed and ${s.failed} failed`);
          else if (s.passed >= s.total) problems.push(`${m.command} runs the whole suite (${s.total} tests), not a part`);
        }
        cpSync(path.join(stubs, e.slug), dir, { recursive: true });
        expect(problems).toEqual([]);
        if (milestones.length >= 3) expect(sum, `${e.slug}: the milestones' tests add up to the suite`).toBe(suite);
      },
      5 * 60_000,
    );
  }
});
