/**
 * The vitest config the grader runs a submission's suites with, inside a workspace (see
 * workspace.ts). Everything that varies comes from the environment the grader sets, so one file
 * serves the suite run, the student's own tests with coverage, and the reference listing.
 * The workspace's exercises/ folder is the student's, so no target redirect is needed.
 */
import { readFileSync, realpathSync } from 'node:fs';
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

/** Source map comments (`//# sourceMappingURL=…`, `/*@ sourceMappingURL=…`), in any case: vite acts on them in this process. */
const SOURCE_MAP_COMMENT = /sourceMappingURL/gi;
/** Its replacement, of the same length so that no column of the student's code moves. */
const DEFUSED = 'sourceMapRemoved';

/** Vite plugins that expand patterns into file listings in this process (import.meta.glob, import(`./${x}`)). */
const LISTING_PLUGINS = new Set(['vite:import-glob', 'vite:dynamic-import-vars']);

/**
 * Test workers ask this (unsandboxed) process for transformed modules by path, and vite does work
 * on the disk here for them. The guard, written by hand because vite has no "serve these folders
 * only" mode for its module runner (server.fs.allow covers its HTTP server):
 * - `load` serves only files of the workspace and its dependencies, so a worker cannot read the
 *   kit, the secret parameters or an output folder through it; it reads the workspace's own files
 *   itself with every source-map comment defused, because vite fills a map's missing
 *   sourcesContent (and follows a map file) by reading whatever paths the map names;
 * - after every transform, source-map comments in the output are defused again (a transform may
 *   turn escapes in a string into the comment), so vite's stack-trace mapping reads no map either;
 * - import.meta.glob and template-literal imports are not expanded: both list folders here. A
 *   computed import still works at run time, through `load` above.
 */
function workspaceOnly(): Plugin {
  const modules = realpathSync(path.join(root, 'node_modules'));
  const allowed = [root, modules].map((p) => `${p}${path.sep}`);
  const defuse = (code: string): string => code.replace(SOURCE_MAP_COMMENT, DEFUSED);
  /** The file behind a module id (no /@fs prefix, no query). */
  const fileOf = (id: string): string => id.replace(/^\/@fs/, '').split('?')[0]!;
  const kitDependency = (file: string): boolean => [modules, path.join(root, 'node_modules')].some((m) => file.startsWith(`${m}${path.sep}`));
  return {
    name: 'cachelab-workspace-only',
    enforce: 'pre',
    configResolved(config) {
      const plugins = config.plugins as Plugin[];
      for (let i = plugins.length - 1; i >= 0; i -= 1) if (LISTING_PLUGINS.has(plugins[i]!.name)) plugins.splice(i, 1);
    },
    load(id) {
      const file = fileOf(id);
      if (!path.isAbsolute(file)) return null;
      if (!allowed.some((a) => file.startsWith(a))) throw new Error(`${file} is outside the grading workspace`);
      // The kit's dependencies are the kit's (read-only, installed by the instructor); anything else
      // in the workspace may be the student's, with or without a query (?raw and the like load as code).
      if (kitDependency(file)) return null;
      try {
        return { code: defuse(readFileSync(file, 'utf8')), map: null };
      } catch {
        return null;
      }
    },
    transform: {
      order: 'post',
      handler(code, id) {
        if (kitDependency(fileOf(id))) return null;
        return /sourceMappingURL/i.test(code) ? { code: defuse(code), map: null } : null;
      },
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
