/**
 * A student edition built the way an instructor builds one (`npm run release -- --out <dir>`) and
 * installed the way a student installs it (`npm ci`), for the tests that use only what it ships.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { hashFiles, listFiles } from '../../grader/src/files.js';
import { KIT_ROOT } from '../../lib/manifest.js';

const exec = promisify(execFile);

/** What a command printed and how it ended. */
export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm <args>` in `cwd` (never throws on a non-zero exit). */
export async function npm(cwd: string, args: string[], timeoutMs = 240_000, env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  try {
    const { stdout, stderr } = await exec('npm', args, { cwd, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(error) };
  }
}

/** A built and installed edition in a temporary folder. */
export interface Edition {
  root: string;
  /** Scratch space beside the edition (reports, copies). */
  work: string;
  dispose(): void;
}

/**
 * Builds the student edition of this kit and runs `npm ci` in it, or copies the one an earlier
 * test built from the same kit files: every test gets a folder of its own, as freshly installed.
 */
export async function buildEdition(): Promise<Edition> {
  const work = mkdtempSync(path.join(tmpdir(), 'cachelab-edition-'));
  const root = path.join(work, 'kit');
  const dispose = (): void => rmSync(work, { recursive: true, force: true });
  try {
    // verbatimSymlinks: node_modules/.bin's relative links stay relative to the copy.
    cpSync(await installedEdition(), root, { recursive: true, verbatimSymlinks: true });
  } catch (error) {
    dispose();
    throw error;
  }
  return { root, work, dispose };
}

/** Folder holding the installed edition of the kit's current files (built once per kit content). */
const EDITIONS = path.join(KIT_ROOT, '.cachelab', 'test-editions');

async function installedEdition(): Promise<string> {
  // Every file the release can read (listFiles skips node_modules, out/, .cachelab/ …).
  const key = hashFiles(KIT_ROOT, listFiles(KIT_ROOT));
  const done = path.join(EDITIONS, key);
  if (existsSync(done)) return done;
  mkdirSync(EDITIONS, { recursive: true });
  const staging = mkdtempSync(path.join(EDITIONS, '.building-'));
  const root = path.join(staging, 'kit');
  try {
    const release = await npm(KIT_ROOT, ['run', '-s', 'release', '--', '--out', root]);
    if (release.code !== 0) throw new Error(`npm run release failed:\n${release.stderr}`);
    // --prefer-offline: the same install, from the local npm cache when it has the packages.
    const ci = await npm(root, ['ci', '--prefer-offline', '--no-audit', '--no-fund']);
    if (ci.code !== 0) throw new Error(`npm ci failed in the edition:\n${ci.stderr}`);
    writeFileSync(path.join(staging, 'built'), new Date().toISOString());
    // Another test may have finished the same build first: theirs is as good.
    try {
      renameSync(root, done);
    } catch (error) {
      if (!existsSync(done)) throw error;
    }
    // Editions of older kit files go.
    for (const old of readdirSync(EDITIONS))
      if (old !== key && !old.startsWith('.building-')) rmSync(path.join(EDITIONS, old), { recursive: true, force: true });
    return done;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
