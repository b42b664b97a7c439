/**
 * The grader's messages for a wrong path or option (issue 14, items 11): each is one line naming
 * the option and the fix, without a stack trace, with exit code 2, and comes before any
 * expensive work (these calls return in well under a second: no reference listing, no baselines).
 * `--class` also says what it skipped and why.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXERCISES, KIT_ROOT } from '../../lib/manifest.js';
import { runGradeCli } from '../src/cli.js';

const work = mkdtempSync(path.join(tmpdir(), 'cachelab-cli-messages-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function grade(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const seen = { out: '', err: '' };
  const code = await runGradeCli(args, { out: (t) => void (seen.out += t), err: (t) => void (seen.err += t), errIsTTY: false, cwd: work }, KIT_ROOT);
  return { code, ...seen };
}

function oneLine(err: string): string {
  expect(err).not.toContain('    at ');
  expect(err.trimEnd().split('\n')).toHaveLength(1);
  return err.trimEnd();
}

describe('grade: wrong paths and options', () => {
  it('--exercise 9 names the known exercises', async () => {
    const r = await grade(['--exercise', '9', '--out', 'o-exercise']);
    expect(r.code).toBe(2);
    const known = EXERCISES.map((e) => `${e.id} (${e.slug})`).join(', ');
    expect(oneLine(r.err)).toBe(`grade: --exercise 9: no such exercise (known: ${known}).`);
  });

  it('--class on a missing path', async () => {
    const r = await grade(['--class', 'nowhere', '--out', 'o-missing']);
    expect(r.code).toBe(2);
    expect(oneLine(r.err)).toBe(`grade: --class ${path.join(work, 'nowhere')} does not exist: pass the folder that holds one subfolder per student.`);
  });

  it('--class on a file', async () => {
    writeFileSync(path.join(work, 'roster.csv'), 'ann\n');
    const r = await grade(['--class', 'roster.csv', '--out', 'o-file']);
    expect(r.code).toBe(2);
    expect(oneLine(r.err)).toBe(
      `grade: --class ${path.join(work, 'roster.csv')} is a file, not a folder: pass the folder that holds one subfolder per student (to grade one submission, pass its folder without --class).`,
    );
  });

  it('--class names what it skipped: a file, a symlink to a folder, a symlink loop', async () => {
    const dir = path.join(work, 'links-only');
    mkdirSync(path.join(work, 'elsewhere', 'ann'), { recursive: true });
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'notes.txt'), 'x');
    symlinkSync(path.join(work, 'elsewhere', 'ann'), path.join(dir, 'ann'));
    symlinkSync(path.join(dir, 'loop'), path.join(dir, 'loop'));
    const r = await grade(['--class', 'links-only', '--out', 'o-links']);
    expect(r.code).toBe(2);
    expect(oneLine(r.err)).toBe(
      `grade: --class ${dir} has no student folders (skipped: ann (a symbolic link to a folder, ${path.join(work, 'elsewhere', 'ann')}: links are never followed; copy the folder in to grade it); loop (a symbolic link that loops back on itself); notes.txt (a file, not a student folder)): --class expects one folder per student, each a kit copy or an exercises/ folder.`,
    );
  });

  it('a missing submission is refused before the preparation', async () => {
    const r = await grade(['no-such-submission', '--out', 'o-sub']);
    expect(r.code).toBe(2);
    expect(oneLine(r.err)).toBe(
      `grade: ${path.join(work, 'no-such-submission')} does not exist: pass the folder of a submission (a kit copy or its exercises/ folder).`,
    );
  });

  it('--out on a file', async () => {
    writeFileSync(path.join(work, 'out.txt'), 'x');
    mkdirSync(path.join(work, 'sub'), { recursive: true });
    const r = await grade(['sub', '--out', 'out.txt']);
    expect(r.code).toBe(2);
    expect(oneLine(r.err)).toBe(`grade: --out ${path.join(work, 'out.txt')} is a file, not a folder: pass a folder (it is created if missing).`);
    const under = await grade(['sub', '--out', 'out.txt/reports']);
    expect(under.code).toBe(2);
    expect(oneLine(under.err)).toBe(`grade: --out ${path.join(work, 'out.txt', 'reports')}: a part of that path is a file, not a folder: pass a folder.`);
  });
});
