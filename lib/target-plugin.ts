/**
 * One test file, several targets. Visible suites import the student's files with plain relative
 * paths (`./stampede.js`); this Vite plugin redirects every import that lands in `exercises/`
 * (other than a test file) to the same path under the target folder, so the same suite runs
 * against `exercises/` (the student), `solutions/` (the reference) or a grader workspace.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/** Where exercise sources live in this checkout. */
export const EXERCISES_DIR = path.resolve(import.meta.dirname, '..', 'exercises');

/** Resolves `CACHELAB_TARGET` (`exercises`, `solutions` or a path) to an absolute folder. */
export function resolveTarget(value: string | undefined, fallback: string): string {
  const root = path.resolve(import.meta.dirname, '..');
  const chosen = value && value.trim() !== '' ? value.trim() : fallback;
  const dir = path.resolve(root, chosen);
  if (!existsSync(dir)) {
    throw new Error(
      `CACHELAB_TARGET=${chosen}: folder ${dir} does not exist. ` + 'Set it to "exercises", "solutions" or the path of a folder laid out like exercises/.',
    );
  }
  return dir;
}

const TEST_FILE = /\.test\.[cm]?[jt]s$/;

/** The Vite plugin; a no-op when the target is `exercises/` itself. */
export function exerciseTarget(targetDir: string): Plugin {
  return {
    name: 'cachelab:exercise-target',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (targetDir === EXERCISES_DIR || !importer) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || resolved.external) return resolved;
      const rel = path.relative(EXERCISES_DIR, resolved.id);
      if (rel.startsWith('..') || path.isAbsolute(rel) || TEST_FILE.test(rel)) return resolved;
      const redirected = path.join(targetDir, rel);
      if (!existsSync(redirected)) {
        throw new Error(
          `${path.relative(process.cwd(), redirected)} is missing: every file a suite imports from ` +
            `exercises/${rel} needs its counterpart at the same path in ${path.relative(process.cwd(), targetDir) || '.'}/.`,
        );
      }
      return { ...resolved, id: redirected };
    },
  };
}
