/**
 * The Gradescope autograder bundle: setup.sh and run_autograder at the root (as Gradescope
 * requires) next to kit/, a copy of this instructor kit (hidden suites, secret parameters,
 * baselines and solutions included: the reference listing needs them), and gradescope.zip of
 * the same when the `zip` command exists. Where the image cannot run bwrap, setup.sh creates the
 * unprivileged user GRADESCOPE_SANDBOX_USER for the submission's code and closes to it what
 * decides a score.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { writeError, writeFileAtomic } from '../atomic.js';
import { GraderError } from '../errors.js';
import { listFiles } from '../files.js';
import { kitVersion } from '../kit.js';
import type { GradescopeOptions } from './gradescope-results.js';
import { renderExportTemplate } from './templates.js';

/** Kit paths left out of the bundle: grader tests, generated data and local state. */
const LEFT_OUT = ['grader/test', 'fixtures/generated', 'EDITION.json'];

/** The unprivileged user setup.sh creates where bwrap cannot run; run_autograder hands it to the grader (CACHELAB_SANDBOX_USER). */
export const GRADESCOPE_SANDBOX_USER = 'cachelab-student';

/** What was written. */
export interface BundleSummary {
  dir: string;
  files: number;
  /** The zip's path, or null with the reason in `note`. */
  zip: string | null;
  note?: string;
}

/** Writes the bundle into `outDir/gradescope/` (which must not exist or be empty). */
export function writeGradescopeBundle(kitRoot: string, outDir: string, options: GradescopeOptions & { zip?: boolean } = {}): BundleSummary {
  const dir = path.join(path.resolve(outDir), 'gradescope');
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new GraderError('E_USAGE', `--out ${outDir}: ${dir} exists and is not empty; choose another --out or delete it first.`);
  }
  const files = listFiles(kitRoot).filter((f) => {
    const hiddenDir = f
      .split('/')
      .slice(0, -1)
      .some((d) => d.startsWith('.'));
    return !hiddenDir && !LEFT_OUT.some((p) => f === p || f.startsWith(`${p}/`));
  });
  for (const f of files) {
    const to = path.join(dir, 'kit', f);
    try {
      mkdirSync(path.dirname(to), { recursive: true });
      copyFileSync(path.join(kitRoot, f), to);
    } catch (error) {
      throw writeError(to, error);
    }
  }
  const view = {
    kitVersion: kitVersion(kitRoot),
    nodeMajor: 20,
    hiddenVisibility: options.hiddenVisibility ?? 'after_published',
    leaderboard: options.leaderboard ?? false,
    sandboxUser: GRADESCOPE_SANDBOX_USER,
  };
  for (const [name, template] of [
    ['setup.sh', 'setup.sh.hbs'],
    ['run_autograder', 'run_autograder.hbs'],
  ] as const) {
    writeFileAtomic(path.join(dir, name), renderExportTemplate(template, view), { mode: 0o755 });
  }
  const summary: BundleSummary = { dir, files: files.length + 2, zip: null };
  if (options.zip === false) return { ...summary, note: 'zip skipped' };
  // Files at the zip's root, not under a folder: Gradescope looks for setup.sh there.
  const zipFile = path.join(path.resolve(outDir), 'gradescope.zip');
  const zipped = spawnSync('zip', ['-q', '-r', '-X', zipFile, '.'], { cwd: dir, encoding: 'utf8' });
  if (zipped.error || zipped.status !== 0) {
    const why = zipped.error ? 'the `zip` command is not installed (apt-get install zip)' : `zip failed: ${zipped.stderr.trim()}`;
    return { ...summary, note: `${why}; zip the contents of ${dir} yourself (files at the archive's root).` };
  }
  return { ...summary, zip: zipFile };
}
