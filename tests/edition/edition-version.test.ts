/**
 * EDITION.json states the version the edition's own reports carry. kitVersion hashes the run's
 * inputs where they are, and the edition has no solutions, hidden suites or secrets and its own
 * package.json, so its version is not the kit's: EDITION.json gives both, labelled. The edition is
 * built with buildRelease and borrows this kit's node_modules (a symlink, which kitVersion does not
 * hash): `npm ci` would add minutes and change nothing here.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kitVersion } from '../../grader/src/kit.js';
import { buildRelease } from '../../grader/src/release.js';
import { KIT_ROOT } from '../../lib/manifest.js';
import { npm } from './edition.js';

const work = mkdtempSync(path.join(tmpdir(), 'cachelab-edition-version-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('EDITION.json', () => {
  it(
    "names the kit version the edition's reports carry, and the kit it was built from",
    async () => {
      const root = path.join(work, 'kit');
      const summary = buildRelease(KIT_ROOT, root);
      symlinkSync(path.join(KIT_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
      const edition = JSON.parse(readFileSync(path.join(root, 'EDITION.json'), 'utf8')) as { kitVersion: string; builtFromKitVersion: string };
      expect(edition.kitVersion).toBe(summary.kitVersion);
      expect(edition.builtFromKitVersion).toBe(kitVersion(KIT_ROOT));
      const out = path.join(work, 'report');
      const run = await npm(root, ['run', '-s', 'grade', '--', '--exercise', '1', '--out', out], 5 * 60_000);
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as { kitVersion: string };
      expect(report.kitVersion).toBe(edition.kitVersion);
    },
    6 * 60_000,
  );
});
