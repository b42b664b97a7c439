/**
 * The similarity check stays out of the student edition (issue 18): neither its modules nor its
 * template ship, package.json and package-lock.json lose Dolos and everything only it pulled in
 * (so the edition's `npm ci` installs what it did before), and `--similarity` there says it is
 * instructor-only instead of failing on a missing module.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { KIT_ROOT } from '../../lib/manifest.js';
import { withoutDependencies } from '../src/release-lock.js';
import { buildRelease } from '../src/release.js';

const run = promisify(execFile);
const work = mkdtempSync(path.join(tmpdir(), 'cachelab-similarity-edition-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const out = path.join(work, 'kit');
buildRelease(KIT_ROOT, out);
const json = (file: string): Record<string, any> => JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;

describe('the student edition without the similarity check', () => {
  it('ships neither the modules nor the template', () => {
    for (const f of ['grader/src/similarity.ts', 'grader/src/similarity-view.ts', 'grader/templates/similarity.html.hbs']) {
      expect(existsSync(path.join(KIT_ROOT, f)), f).toBe(true);
      expect(existsSync(path.join(out, f)), f).toBe(false);
    }
  });

  it("has no Dolos in package.json or the lock, and the lock is the kit's minus what only Dolos needs", () => {
    const pkg = json(path.join(out, 'package.json'));
    const kitPkg = json(path.join(KIT_ROOT, 'package.json'));
    expect(kitPkg.optionalDependencies['@dodona/dolos-lib']).toBe('3.5.1');
    expect(JSON.stringify(pkg)).not.toMatch(/dolos|tree-sitter/);
    expect(pkg.dependencies).toEqual(kitPkg.dependencies);
    expect(pkg.devDependencies).toEqual(kitPkg.devDependencies);
    const lock = json(path.join(out, 'package-lock.json'));
    const kitLock = json(path.join(KIT_ROOT, 'package-lock.json'));
    const names = Object.keys(lock.packages);
    expect(names.filter((n) => /dolos|tree-sitter|node-gyp\b/.test(n))).toEqual([]);
    expect(names.every((n) => n in kitLock.packages)).toBe(true);
    const { optionalDependencies: kitOptional, ...kitRoot } = kitLock.packages[''];
    expect(Object.keys(kitOptional)).toEqual(['@dodona/dolos-lib']);
    expect(lock.packages['']).toEqual(kitRoot);
    // Every kept package is the kit's entry, its dependency flags aside.
    const strip = (e: Record<string, unknown>): Record<string, unknown> =>
      Object.fromEntries(Object.entries(e).filter(([k]) => !['dev', 'optional', 'devOptional'].includes(k)));
    for (const n of names.filter(Boolean)) expect(strip(lock.packages[n]), n).toEqual(strip(kitLock.packages[n]));
  });

  it('says --similarity is instructor-only there', async () => {
    symlinkSync(path.join(KIT_ROOT, 'node_modules'), path.join(out, 'node_modules'), 'dir');
    mkdirSync(path.join(work, 'class', 'ada', 'exercises'), { recursive: true });
    const r = await run(
      process.execPath,
      [path.join(out, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(out, 'scripts', 'grade.ts'), '--class', 'class', '--out', 'o', '--similarity'],
      { cwd: out, env: { ...process.env, INIT_CWD: work }, timeout: 60_000 },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('grade: --similarity is instructor-only: the student edition has no similarity check.');
    expect(existsSync(path.join(work, 'o'))).toBe(false);
  });
});

describe('withoutDependencies', () => {
  it("prunes what only the dropped package needs and recomputes npm's flags of what it shared", () => {
    const pkg = { dependencies: { a: '1' }, devDependencies: { d: '1' }, optionalDependencies: { x: '1' } };
    const lock = {
      packages: {
        '': { ...pkg },
        'node_modules/a': { version: '1' },
        'node_modules/d': { version: '1', dev: true, dependencies: { s: '1' } },
        'node_modules/x': { version: '1', optional: true, dependencies: { s: '1', only: '1' } },
        'node_modules/x/node_modules/nested': { version: '1', optional: true },
        'node_modules/s': { version: '1', devOptional: true },
        'node_modules/only': { version: '1', optional: true },
      },
    };
    const r = withoutDependencies(pkg, lock, ['x']);
    expect(r.pkg).toEqual({ dependencies: { a: '1' }, devDependencies: { d: '1' } });
    expect(r.lock.packages).toEqual({
      '': { dependencies: { a: '1' }, devDependencies: { d: '1' } },
      'node_modules/a': { version: '1' },
      'node_modules/d': { version: '1', dev: true, dependencies: { s: '1' } },
      'node_modules/s': { version: '1', dev: true },
    });
    expect(lock.packages['node_modules/x']).toBeDefined(); // the input is left alone
  });
});
