/**
 * A student edition built the way an instructor builds one (`npm run release -- --out <dir>`) and
 * installed the way a student installs it (`npm ci`), for the tests that use only what it ships.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
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

/** Builds the student edition of this kit and runs `npm ci` in it. */
export async function buildEdition(): Promise<Edition> {
  const work = mkdtempSync(path.join(tmpdir(), 'cachelab-edition-'));
  const root = path.join(work, 'kit');
  const dispose = (): void => rmSync(work, { recursive: true, force: true });
  const release = await npm(KIT_ROOT, ['run', '-s', 'release', '--', '--out', root]);
  if (release.code !== 0) throw new Error(`npm run release failed:\n${release.stderr}`);
  // --prefer-offline: the same install, from the local npm cache when it has the packages.
  const ci = await npm(root, ['ci', '--prefer-offline', '--no-audit', '--no-fund']);
  if (ci.code !== 0) throw new Error(`npm ci failed in the edition:\n${ci.stderr}`);
  return { root, work, dispose };
}
