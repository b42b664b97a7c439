/**
 * The expected tests: every suite listed (`vitest list --json`) once per grading run against the
 * kit's reference solutions (or, in the student edition, the kit's own exercise files), through
 * the same wrappers the graded runs use. A test that a submission's run does not report is then
 * an error, never a pass. Cached per kit version and backend.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExerciseEntry } from '../../lib/manifest.js';
import { childEnv, runChild } from './child.js';
import { GraderError } from './errors.js';
import type { Rubric } from './rubric.js';
import { readCache, writeCache } from './kit-cache.js';
import { createWorkspace } from './workspace.js';
import { writeWrappers } from './wrappers.js';

/** Expected test names per exercise slug. */
export interface Reference {
  kitVersion: string;
  backend: 'embedded' | 'real';
  mode: 'full' | 'visible-only';
  /** What the suites were listed against. */
  source: 'solutions' | 'exercises';
  suites: Record<string, { hidden: string[]; visible: string[] }>;
}

/** Options of {@link loadReference}. */
export interface ReferenceOptions {
  kitRoot: string;
  exercises: readonly ExerciseEntry[];
  kitVersion: string;
  backend: 'embedded' | 'real';
  mode: 'full' | 'visible-only';
  limits: Rubric['limits'];
  /** Folder to cache the listing in (reused while the kit version is the same). */
  cacheDir?: string;
}

/** The reference listing, from the cache when the kit did not change. */
export async function loadReference(options: ReferenceOptions): Promise<Reference> {
  const slugs = options.exercises.map((e) => e.slug);
  const name = `reference-${options.backend}-${options.mode}`;
  const cached = options.cacheDir ? readCache<Reference>(options.cacheDir, name, options.kitVersion) : null;
  if (cached && slugs.every((s) => cached.suites[s])) return { ...cached, suites: Object.fromEntries(slugs.map((s) => [s, cached.suites[s]!])) };
  const reference = await listReference(options);
  // A listing of some exercises (--exercise) adds to what the cache holds of the others.
  if (options.cacheDir) writeCache(options.cacheDir, name, options.kitVersion, { ...reference, suites: { ...cached?.suites, ...reference.suites } });
  return reference;
}

async function listReference(options: ReferenceOptions): Promise<Reference> {
  const solutions = path.join(options.kitRoot, 'solutions');
  const source = options.mode === 'full' && existsSync(solutions) ? 'solutions' : 'exercises';
  const ws = createWorkspace(options.kitRoot, options.exercises, path.join(options.kitRoot, source));
  const tmp = mkdtempSync(path.join(tmpdir(), 'cachelab-list-'));
  try {
    const wrappers = options.exercises.map((e) => {
      const w = writeWrappers(ws.root, e, options.mode === 'full', { canaries: false });
      return { slug: e.slug, hidden: w.hidden?.file ?? null, visible: w.visible?.file ?? null };
    });
    const include = wrappers.flatMap((w) => [w.hidden, w.visible]).filter((w): w is string => w !== null);
    const out = path.join(tmp, 'list.json');
    const run = await runChild(
      process.execPath,
      [path.join(ws.root, 'node_modules', 'vitest', 'vitest.mjs'), 'list', '--config', 'grader/src/vitest.grader.config.ts', `--json=${out}`],
      {
        cwd: ws.root,
        env: childEnv(options.limits.memoryMb, options.backend, { CACHELAB_GRADER_INCLUDE: JSON.stringify(include) }),
        timeoutMs: options.limits.runMs,
        outputCap: options.limits.outputKb * 1024,
      },
    );
    if (include.length > 0 && (run.exitCode !== 0 || !existsSync(out))) {
      throw new GraderError(
        'E_REFERENCE_FAILED',
        `Listing the suites against ${source}/ failed (${run.timedOut ? 'timed out' : `exit code ${String(run.exitCode)}`}); the kit itself is broken, fix it before grading (npm run verify shows where):\n${run.output.slice(-3000)}`,
      );
    }
    const listed = include.length > 0 ? (JSON.parse(readFileSync(out, 'utf8')) as { name: string; file: string }[]) : [];
    const namesOf = (rel: string | null): string[] => (rel ? listed.filter((t) => t.file.replaceAll('\\', '/').endsWith(`/${rel}`)).map((t) => t.name) : []);
    const suites = Object.fromEntries(wrappers.map((w) => [w.slug, { hidden: namesOf(w.hidden), visible: namesOf(w.visible) }]));
    return { kitVersion: options.kitVersion, backend: options.backend, mode: options.mode, source, suites };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    ws.dispose();
  }
}
