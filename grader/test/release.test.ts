/**
 * The student edition (`npm run release`): nothing instructor-only ships, no solution code leaks,
 * `npm test` runs there (and fails on the stubs, as it should), and `npm run grade` gives a
 * visible-only estimate that says how many points are hidden. node_modules is symlinked into the
 * released tree instead of running `npm ci`, to keep the test fast and offline.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { EXERCISES, KIT_ROOT } from '../../lib/manifest.js';
import { listFiles } from '../src/files.js';
import { buildRelease, INSTRUCTOR_ONLY } from '../src/release.js';
import { createDemoKit, SOLUTION } from './demo-kit.js';
import { writeFixtures } from './fixtures.js';

const run = promisify(execFile);
const work = mkdtempSync(path.join(tmpdir(), 'cachelab-release-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Lines of a solution that its stub does not have: the code a student must write. */
function distinctiveLines(solution: string, stub: string): string[] {
  return solution
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length >= 30 && !stub.includes(l) && !/^(import|export type|\/\/|\*|\/\*\*)/.test(l));
}

/**
 * Code files of `root` that are largely a copy of a solution: more than half of the solution's
 * distinctive lines appear in one file. (A few shared idioms between lib/ and a solution are not a
 * leak; READMEs may quote code on purpose in their near-answer hints.)
 */
function copiesOf(root: string, solutions: Record<string, string[]>): string[] {
  const hits: string[] = [];
  for (const f of listFiles(root).filter((x) => !x.endsWith('.md'))) {
    const lines = new Set(
      readFileSync(path.join(root, f), 'utf8')
        .split('\n')
        .map((l) => l.trim()),
    );
    for (const [name, distinctive] of Object.entries(solutions)) {
      const shared = distinctive.filter((l) => lines.has(l)).length;
      if (distinctive.length > 0 && shared / distinctive.length > 0.5) hits.push(`${f} has ${shared} of ${distinctive.length} distinctive lines of ${name}`);
    }
  }
  return hits;
}

describe('the student edition of this kit', () => {
  const out = path.join(work, 'kit');
  const summary = buildRelease(KIT_ROOT, out);

  it('ships nothing instructor-only and the scripts it keeps can run', () => {
    for (const p of INSTRUCTOR_ONLY) expect(existsSync(path.join(out, p)), p).toBe(false);
    const pkg = JSON.parse(readFileSync(path.join(out, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.verify).toBeUndefined();
    expect([pkg.scripts.lint, pkg.scripts['lint:dead']]).toEqual([undefined, undefined]);
    // Every script the edition keeps runs a file the edition has.
    for (const [name, script] of Object.entries(pkg.scripts)) {
      for (const file of script.split(/\s+/).filter((w) => /\.(ts|sh|js|json)$/.test(w)))
        expect(existsSync(path.join(out, file)), `${name}: ${file}`).toBe(true);
    }
    expect(pkg.scripts.test).toBe('vitest run --config vitest.config.ts');
    expect(pkg.scripts.grade).toBe('tsx scripts/grade.ts');
    expect(JSON.parse(readFileSync(path.join(out, 'EDITION.json'), 'utf8'))).toMatchObject({ edition: 'student', kitVersion: summary.kitVersion });
  });

  it('contains no copy of a solution file', () => {
    // A solution line is distinctive when no file of the exercise's own folder (stubs, visible suite) has it.
    const folderText = (slug: string): string => {
      const dir = path.join(KIT_ROOT, 'exercises', slug);
      return existsSync(dir)
        ? listFiles(dir)
            .map((f) => readFileSync(path.join(dir, f), 'utf8'))
            .join('\n')
        : '';
    };
    const solutions = Object.fromEntries(
      listFiles(path.join(KIT_ROOT, 'solutions'))
        .filter((f) => !f.endsWith('.md'))
        .map((f) => [`solutions/${f}`, distinctiveLines(readFileSync(path.join(KIT_ROOT, 'solutions', f), 'utf8'), folderText(f.split('/')[0]!))]),
    );
    expect(Object.values(solutions).flat().length).toBeGreaterThan(0);
    expect(copiesOf(out, solutions)).toEqual([]);
    // The check can fail: run on solutions/ itself, it finds every solution file with code of its own.
    const withCode = Object.entries(solutions).filter(([, d]) => d.length > 0).length;
    expect(copiesOf(path.join(KIT_ROOT, 'solutions'), solutions).length).toBeGreaterThanOrEqual(withCode);
  });

  const visible = listFiles(path.join(out, 'exercises')).filter((f) => f.endsWith('.test.ts'));
  it.runIf(visible.length > 0)(
    'runs `npm test` there, and the visible suites fail on the stubs',
    async () => {
      symlinkSync(path.join(KIT_ROOT, 'node_modules'), path.join(out, 'node_modules'), 'dir');
      const json = path.join(work, 'kit-test.json');
      await run('npm', ['test', '--', '--reporter=json', `--outputFile.json=${json}`], { cwd: out, timeout: 240_000 }).catch(() => undefined);
      const results = JSON.parse(readFileSync(json, 'utf8')) as {
        numTotalTests: number;
        testResults: { name: string; assertionResults: { status: string }[] }[];
      };
      expect(results.numTotalTests).toBeGreaterThan(0);
      for (const e of EXERCISES) {
        const file = results.testResults.find((r) => r.name.endsWith(`/exercises/${e.slug}/${e.files.test}`));
        expect(file?.assertionResults.length, `${e.slug}: visible suite did not run`).toBeGreaterThan(0);
        expect(file!.assertionResults.filter((a) => a.status === 'passed')).toEqual([]);
      }
    },
    260_000,
  );
});

describe('the student edition of the demo kit', () => {
  it('grades a finished submission as a visible-only estimate and says how many points are hidden', async () => {
    const kit = createDemoKit();
    try {
      const out = path.join(work, 'demo');
      buildRelease(kit.root, out);
      expect(
        copiesOf(out, { 'the demo solution': distinctiveLines(SOLUTION, readFileSync(path.join(kit.root, 'exercises/exercise-9-demo/memo.ts'), 'utf8')) }),
      ).toEqual([]);
      expect(listFiles(out).filter((f) => readFileSync(path.join(out, f), 'utf8').includes('distinctive-hidden-marker-7f3a'))).toEqual([]);
      symlinkSync(path.join(KIT_ROOT, 'node_modules'), path.join(out, 'node_modules'), 'dir');
      writeFixtures(path.join(work, 'subs'), ['pass']);
      const { stdout, stderr } = await run('npm', ['run', 'grade', '--', path.join(work, 'subs', 'pass'), '--out', path.join(work, 'estimate')], {
        cwd: out,
        timeout: 240_000,
      });
      expect(stderr).toContain('Student edition: grading the visible tests with the visible load-check parameters (an estimate).');
      expect(stdout).toContain("Estimate only: 40 points depend on the instructor's hidden tests and are not counted.");
      const report = JSON.parse(readFileSync(path.join(work, 'estimate', 'report.json'), 'utf8'));
      expect(report).toMatchObject({ mode: 'visible-only', total: 60, max: 100, hiddenPoints: 40 });
      expect(report.exercises[0].items.find((i: { id: string }) => i.id === 'technical/hidden-suite')).toMatchObject({ status: 'hidden', points: 0, max: 30 });
      // Own tests are credited by the planted bugs they catch, which the edition does not ship (71894be).
      expect(report.exercises[0].items.find((i: { id: string }) => i.id === 'problem-solving/own-tests')).toMatchObject({
        status: 'hidden',
        points: 0,
        max: 10,
      });
      expect(readFileSync(path.join(work, 'estimate', 'report.html'), 'utf8')).toContain('40 points depend on the instructor');
    } finally {
      kit.dispose();
    }
  }, 260_000);
});
