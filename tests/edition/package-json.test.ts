/**
 * npm 11 skips a dependency's install scripts unless package.json's `allowScripts` approves them,
 * and warns about each one it skipped. The kit approves exactly the packages of its lock that have
 * install scripts, and so does the student edition after its instructor-only dependencies are
 * dropped: no approval of a package it does not install, none missing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRelease } from '../../grader/src/release.js';
import { KIT_ROOT } from '../../lib/manifest.js';

interface Lock {
  packages: Record<string, { hasInstallScript?: boolean }>;
}

const read = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** Names of the packages in `lock` that have install scripts, sorted. */
function withInstallScripts(lock: Lock): string[] {
  const names = Object.entries(lock.packages)
    .filter(([loc, entry]) => loc !== '' && entry.hasInstallScript === true)
    .map(([loc]) => loc.slice(loc.lastIndexOf('node_modules/') + 'node_modules/'.length));
  return [...new Set(names)].sort();
}

/** The package names `allowScripts` approves (true), sorted; a `name@version` key counts as its name. */
function approved(dir: string): string[] {
  const pkg = read<{ allowScripts?: Record<string, boolean> }>(path.join(dir, 'package.json'));
  return Object.entries(pkg.allowScripts ?? {})
    .filter(([, allow]) => allow === true)
    .map(([key]) => key.replace(/(?<=.)@.*$/, ''))
    .sort();
}

const work = mkdtempSync(path.join(tmpdir(), 'cachelab-edition-package-'));
const edition = path.join(work, 'kit');
beforeAll(() => buildRelease(KIT_ROOT, edition));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('allowScripts', () => {
  it('the kit approves exactly the packages of its lock that have install scripts', () => {
    const needed = withInstallScripts(read<Lock>(path.join(KIT_ROOT, 'package-lock.json')));
    expect(needed).toContain('esbuild');
    expect(approved(KIT_ROOT)).toEqual(needed);
  });

  it('the student edition approves exactly the packages its own lock installs with install scripts', () => {
    const needed = withInstallScripts(read<Lock>(path.join(edition, 'package-lock.json')));
    expect(approved(edition)).toEqual(needed);
    expect(approved(edition), 'Dolos is instructor-only: its parsers are not in the edition').not.toContain('@dodona/dolos-parsers');
    expect(approved(edition)).toContain('esbuild');
  });
});
