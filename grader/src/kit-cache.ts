/**
 * What the grader measures once per kit version and reuses: the reference test listing and the
 * baselines on the grading parameters. Both depend only on the kit's run inputs (kit.ts hashes
 * them into the version), never on a submission or an output folder, so they live with the kit,
 * in `.cachelab/grader/` at its root: a second `npm run grade` into a new `--out` folder, a class
 * after a single grade, or a Gradescope image prepared once all start from them. The folder is
 * outside every workspace, so no submission code reads it. Files of other kit versions are
 * removed when a new one is written.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic.js';

/** The kit's own cache folder. */
export function kitCacheDir(kitRoot: string): string {
  return path.join(kitRoot, '.cachelab', 'grader');
}

/** What cache `name` of `version` holds, or null (absent, or not JSON: measured again). */
export function readCache<T>(dir: string, name: string, version: string): T | null {
  const file = cacheFile(dir, name, version);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** Writes cache `name` of `version` atomically (a concurrent grade reads the old file or the new one) and drops other versions' copies. */
export function writeCache(dir: string, name: string, version: string, value: unknown): void {
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(cacheFile(dir, name, version), JSON.stringify(value, null, 2));
  const mine = `${name}@`;
  for (const file of readdirSync(dir)) {
    if (file.startsWith(mine) && file !== path.basename(cacheFile(dir, name, version))) rmSync(path.join(dir, file), { force: true });
  }
}

function cacheFile(dir: string, name: string, version: string): string {
  return path.join(dir, `${name}@${version}.json`);
}
