/**
 * `npm run check -- --dir <a folder outside the kit>` stages the copy in `<kit>/.check-<random>/`
 * and removes it after the run; one left by an interrupted run must not show up in `git status`,
 * in the kit or in the student edition (which ships the kit's .gitignore).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRelease } from '../../grader/src/release.js';
import { KIT_ROOT } from '../../lib/manifest.js';

/** Whether git ignores `file` (relative to `repo`). */
function ignored(repo: string, file: string): boolean {
  try {
    execFileSync('git', ['check-ignore', '-q', '--no-index', file], { cwd: repo, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const work = mkdtempSync(path.join(tmpdir(), 'cachelab-edition-gitignore-'));
const edition = path.join(work, 'kit');
beforeAll(() => {
  buildRelease(KIT_ROOT, edition);
  execFileSync('git', ['init', '-q'], { cwd: edition });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('.gitignore', () => {
  for (const [where, root] of [
    ['the kit', KIT_ROOT],
    ['the student edition', edition],
  ] as const) {
    it(`${where} ignores a staging folder of npm run check -- --dir, and still tracks exercises/`, () => {
      expect(ignored(root, '.check-Ab12cD/exercise-1-hit-ratio/optimizer.ts')).toBe(true);
      expect(ignored(root, 'exercises/exercise-1-hit-ratio/optimizer.ts')).toBe(false);
    });
  }
});
