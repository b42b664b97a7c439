/**
 * The vitest config the grader runs a submission's suites with, inside a workspace (see
 * workspace.ts). Everything that varies comes from the environment the grader sets, so one file
 * serves the suite run, the student's own tests with coverage, and the reference listing.
 * The workspace's exercises/ folder is the student's, so no target redirect is needed.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import type { TestSequencer, TestSpecification } from 'vitest/node';
import { sandboxPool } from './sandbox-pool.js';

const env = process.env;
const list = (name: string): string[] => JSON.parse(env[name] ?? '[]') as string[];
const root = path.resolve(import.meta.dirname, '..', '..');

const include = list('CACHELAB_GRADER_INCLUDE');

/** Runs files in the order the grader listed them (the hidden suite first), never by timing cache. */
class IncludeOrder implements TestSequencer {
  shard(files: TestSpecification[]): TestSpecification[] {
    return files;
  }
  sort(files: TestSpecification[]): TestSpecification[] {
    const rank = (f: TestSpecification): number => include.findIndex((i) => f.moduleId.replaceAll('\\', '/').endsWith(`/${i}`));
    return [...files].sort((a, b) => rank(a) - rank(b));
  }
}

/**
 * Test workers ask this (unsandboxed) process for transformed modules by path: serve only files
 * of the workspace and its dependencies, so a worker cannot read the kit, the secret parameters or
 * an output folder through it.
 */
function workspaceOnly(): Plugin {
  const allowed = [root, realpathSync(path.join(root, 'node_modules'))].map((p) => `${p}${path.sep}`);
  return {
    name: 'cachelab-workspace-only',
    enforce: 'pre',
    load(id) {
      const file = id.split('?')[0]!.replace(/^\/@fs/, '');
      if (path.isAbsolute(file) && !allowed.some((a) => file.startsWith(a))) throw new Error(`${file} is outside the grading workspace`);
      return null;
    },
  };
}

export default defineConfig({
  plugins: [workspaceOnly()],
  // Each workspace keeps its own cache: parallel workspaces share node_modules through a symlink.
  cacheDir: path.join(root, '.vite'),
  test: {
    root,
    include,
    setupFiles: env.CACHELAB_GRADER_WORKER_LOG ? [path.join(import.meta.dirname, 'worker-log.ts')] : [],
    sequence: { sequencer: IncludeOrder },
    testTimeout: Number(env.CACHELAB_GRADER_TEST_MS ?? 20_000),
    hookTimeout: Number(env.CACHELAB_GRADER_TEST_MS ?? 20_000),
    pool: sandboxPool(),
    // One worker per submission: the grader runs submissions in parallel instead.
    maxWorkers: 1,
    fileParallelism: false,
    coverage: {
      provider: 'v8',
      include: list('CACHELAB_GRADER_COVER'),
      reporter: ['json-summary'],
      reportsDirectory: env.CACHELAB_GRADER_COVERAGE_DIR ?? path.join(root, '.coverage'),
    },
  },
});
