/**
 * What ANALYSIS.md asks to measure can be measured in the student edition: `--baseline` runs the
 * shipped baseline (grader/exercises/<slug>/baseline/), and `--dir` runs a copy of one exercise folder placed
 * outside the kit (its `../../lib` imports still resolve). The edition is built with buildRelease
 * and borrows this kit's node_modules (a symlink): `npm ci` would add minutes and change nothing here.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRelease } from '../../grader/src/release.js';
import { graderFile, KIT_ROOT } from '../../lib/manifest.js';
import type { LoadCheckResult } from '../../lib/load/types.js';
import { npm } from './edition.js';

const SLUG = 'exercise-4-stampede';
const work = mkdtempSync(path.join(tmpdir(), 'cachelab-edition-check-'));
const root = path.join(work, 'kit');
beforeAll(() => {
  buildRelease(KIT_ROOT, root);
  symlinkSync(path.join(KIT_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm run check in the student edition', () => {
  it(
    '--baseline measures the shipped baseline and prints its figures',
    async () => {
      const run = await npm(root, ['run', '-s', 'check', 'exercise-4', '--', '--baseline', '--json']);
      expect(run.code, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout) as LoadCheckResult;
      expect(result.notes.at(-1)).toContain(`measured the naive baseline (${graderFile(SLUG, 'baseline')})`);
      expect(result.figures.every((f) => !Number.isNaN(f.value))).toBe(true);
    },
    5 * 60_000,
  );

  it(
    '--dir runs a copy of one exercise folder placed outside the kit',
    async () => {
      const copy = path.join(work, 'elsewhere', 'my-variant');
      cpSync(path.join(KIT_ROOT, 'solutions', SLUG), copy, { recursive: true });
      const run = await npm(root, ['run', '-s', 'check', 'exercise-4', '--', '--dir', copy]);
      expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
      expect(run.stdout).toContain('All 8 targets met.');
      expect(run.stdout).toContain('../elsewhere/my-variant');
    },
    5 * 60_000,
  );
});
