/**
 * Infrastructure failures are the grader's, never the student's. With `--backend real` the grader
 * probes the cache at CACHE_URL itself (outside the sandbox) before and after each exercise; an
 * exercise whose run reports one of the kit's backend failures is `not graded (infrastructure: …)`
 * when the grader's own probe confirms it (the server is down, or it restarted during the run).
 * The run's text only triggers the probe: submission code can write any text, but it cannot
 * stop the grader's Redis. An exercise whose baseline could not be measured, or whose load runner
 * could not be started, is not graded either. Such a result scores nothing, is never reused, and
 * the CLI exits with {@link INFRASTRUCTURE_EXIT_CODE}.
 */
import type { ExerciseEntry } from '../../lib/manifest.js';
import { isBackendFailure, maskUrls, preflightRealBackend } from '../../lib/load/backend-preflight.js';
import { cacheUrl, type Env } from '../../lib/config.js';
import { Redis } from 'ioredis';
import type { ExerciseRun, Problem, RunResults } from './results.js';

/** Exit code of `npm run grade` when some exercise was not graded for an infrastructure failure (and no grader error happened). */
export const INFRASTRUCTURE_EXIT_CODE = 3;

/** What the grader's probe of CACHE_URL found: the server's run_id, or why it could not be used. */
export type CacheProbe = { ok: true; runId: string } | { ok: false; cause: string };

/** Probes the cache at CACHE_URL (its password masked in any cause); never throws. */
export async function probeCache(env: Env = process.env, timeoutMs = 2000): Promise<CacheProbe> {
  const problem = await preflightRealBackend(env, timeoutMs);
  if (problem) return { ok: false, cause: firstSentence(problem.message) };
  // The server answered PING: its run_id tells a restart during the exercise from a steady server.
  const url = cacheUrl(env).value;
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const info = await client.info('server');
    return { ok: true, runId: /run_id:(\w+)/.exec(info)?.[1] ?? '' };
  } catch (error) {
    return {
      ok: false,
      cause: `Redis/Valkey at CACHE_URL=${maskUrls(url)} stopped answering (${maskUrls((error as Error).message).split('\n')[0]})`,
    };
  } finally {
    client.disconnect();
  }
}

/** The first sentence of a kit message, its `E_…: ` prefix dropped and passwords masked: what a status line shows. */
function firstSentence(message: string): string {
  const text = maskUrls(message.replace(/^E_[A-Z_]+: /, '')).split('\n')[0]!;
  const end = text.search(/\.\s/);
  return end > 0 ? text.slice(0, end) : text.replace(/\.$/, '');
}

/** True when some outcome of the run names one of the kit's backend failures (text from the run: a trigger, never proof). */
function reportsBackendFailure(run: ExerciseRun): boolean {
  const texts = [
    ...[run.hidden, run.visible].flatMap((s) => s.tests.flatMap((t) => [t.message, t.detail])),
    ...[run.load, run.loadVisible].flatMap((l) => (l ? [l.error, l.detail, ...l.figures.flatMap((f) => [f.error, f.detail])] : [])),
    ...run.problems.flatMap((p) => [p.detail]),
  ];
  return texts.some((t) => isBackendFailure(t));
}

/** The run marked `not graded (infrastructure: cause)`: what was measured stays for the instructor, nothing of it is scored. */
function markNotGraded(run: ExerciseRun, cause: string): ExerciseRun {
  const problem: Problem = {
    code: 'E_INFRASTRUCTURE',
    severity: 'error',
    message: `Not graded: the grader's own setup failed (${cause}). This is not your code's fault; the exercise will be graded again.`,
  };
  return { ...run, infrastructure: cause, problems: [problem, ...run.problems.filter((p) => p.code !== 'E_INFRASTRUCTURE')] };
}

/** An exercise that was not run at all because of an infrastructure failure found before it started. */
function notRunExercise(entry: ExerciseEntry, mode: 'full' | 'visible-only', secret: boolean, cause: string): ExerciseRun {
  const none = { status: 'absent' as const, tests: [], canary: 'missing' as const };
  return markNotGraded(
    {
      id: entry.id,
      slug: entry.slug,
      title: entry.title,
      submitted: true,
      problems: [],
      hidden: none,
      visible: none,
      own: { status: 'none', files: [], passed: 0, total: 0, coverage: null, planted: [] },
      load: { status: 'no-check', params: mode === 'full' && secret ? 'secret' : 'visible', figures: [], notes: [] },
      loadVisible: null,
      analysis: { present: false, changed: false, sections: [], quoted: {} },
      durationMs: 0,
    },
    cause,
  );
}

/** What {@link guardExercise} needs to know of the run. */
export interface GuardContext {
  backend: 'embedded' | 'real';
  mode: 'full' | 'visible-only';
  /** Why the baseline of an exercise could not be measured, by slug: such an exercise cannot be scored. */
  baselineFailures?: Record<string, string>;
  secret: boolean;
  /** The probe (a parameter for tests). */
  probe?: () => Promise<CacheProbe>;
}

/**
 * Runs one exercise with the infrastructure checks around it: not run when its baseline failed;
 * marked not graded when it reports a backend failure that the grader's probe confirms (the cache
 * down before or after, or restarted in between), or when its load runner could not start.
 */
export async function guardExercise(entry: ExerciseEntry, ctx: GuardContext, run: () => Promise<ExerciseRun>): Promise<ExerciseRun> {
  const baseline = ctx.baselineFailures?.[entry.slug];
  if (baseline !== undefined) return notRunExercise(entry, ctx.mode, ctx.secret, baseline);
  const probe = ctx.probe ?? (() => probeCache());
  const before = ctx.backend === 'real' ? await probe() : null;
  const result = await run();
  if (result.load.infrastructure) return markNotGraded(result, result.load.infrastructure);
  if (ctx.backend !== 'real' || !reportsBackendFailure(result)) return result;
  if (before && !before.ok) return markNotGraded(result, before.cause);
  const after = await probe();
  if (!after.ok) return markNotGraded(result, after.cause);
  if (before?.ok && before.runId !== after.runId) return markNotGraded(result, 'Redis/Valkey at CACHE_URL restarted while the exercise ran');
  return result;
}

/** The exercises of a run that were not graded, with why. */
export function notGradedIn(results: Pick<RunResults, 'exercises'>): { slug: string; cause: string }[] {
  return results.exercises.flatMap((e) => (e.infrastructure ? [{ slug: e.slug, cause: e.infrastructure }] : []));
}
