/**
 * The pipeline for one submission: run (or reuse the cached results when neither the submission
 * nor the kit changed) → score with the rubric and overrides → render. A session holds what every
 * submission of one grading run shares: rubric, kit version, reference test lists, secrets.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EXERCISES, findExercise, graderFile, type ExerciseEntry } from '../../lib/manifest.js';
import { writeFileAtomic } from './atomic.js';
import { measureBaselines, type Baselines } from './baselines.js';
import { GraderError } from './errors.js';
import { maskUrls } from '../../lib/load/backend-preflight.js';
import { notGradedIn, probeCache } from './infrastructure.js';
import { kitVersion } from './kit.js';
import { aliasFor, leaderboardKey, readOptIn } from './leaderboard.js';
import { loadOverrides, type Overrides } from './overrides.js';
import { loadReference, type Reference } from './reference.js';
import type { Report } from './report.js';
import { RESULTS_VERSION, type RunResults } from './results.js';
import { loadRubric, type Rubric } from './rubric.js';
import { runSubmission } from './run.js';
import { integrity, type Integrity } from './sandbox.js';
import { score } from './score.js';
import { throwIfStopping } from './stop.js';
import { loadSecret, type SecretParams } from './secret.js';
import { readSubmission, type Submission } from './submission.js';
import { writeReport } from './render.js';

/** What a grading run shares across submissions. */
export interface Session {
  kitRoot: string;
  exercises: readonly ExerciseEntry[];
  backend: 'embedded' | 'real';
  mode: 'full' | 'visible-only';
  rubric: Rubric;
  overrides: Overrides;
  kitVersion: string;
  reference: Reference;
  secrets: Record<number, SecretParams | null>;
  /** Baseline figures measured on the secret parameters, by exercise slug. */
  baselines: Baselines;
  /** Why a baseline could not be measured, by slug: those exercises are not graded (infrastructure) in this run. */
  baselineFailures: Record<string, string>;
  /** Problems with the kit the instructor should see (e.g. an exercise without secret parameters). */
  notices: string[];
  force: boolean;
  keepWorkspace: boolean;
  /** Set when the instructor asked for a leaderboard: the key its aliases are made with. */
  leaderboard: { key: string } | null;
  /** The sandbox submission code runs in, or why there is none. */
  integrity: Integrity;
}

/** Options of {@link openSession}. */
export interface SessionOptions {
  kitRoot: string;
  /** Exercise number, name or slug; default every ready exercise of the manifest. */
  exercise?: string;
  /** The exercise list to grade from (tests pass their own); default the manifest's. */
  manifest?: readonly ExerciseEntry[];
  backend?: 'embedded' | 'real';
  rubricFile?: string;
  overridesFile?: string;
  /** Where the reference listing and the baselines are cached (the CLI uses the kit's own, kit-cache.ts; none: measured every time). */
  cacheDir?: string;
  force?: boolean;
  keepWorkspace?: boolean;
  /** Output folder of a class graded with a leaderboard (its alias key lives there). */
  leaderboardDir?: string;
  /** Told what the preparation is doing (listing the reference suites, measuring baselines). */
  onProgress?: (line: string) => void;
}

/** Reads and checks everything a grading run needs; throws a GraderError naming what is wrong. */
export async function openSession(options: SessionOptions): Promise<Session> {
  const manifest = options.manifest ?? EXERCISES;
  const exercises = chooseExercises(manifest, options.exercise);
  const rubric = loadRubric(
    options.rubricFile ?? path.join(options.kitRoot, 'grader', 'rubric.json'),
    manifest.map((e) => e.slug),
  );
  const overrides = options.overridesFile ? loadOverrides(options.overridesFile) : { version: 1 as const, students: {} };
  const mode = manifest.some((e) => existsSync(path.join(options.kitRoot, graderFile(e.slug, 'hidden')))) ? 'full' : 'visible-only';
  const backend = options.backend ?? 'embedded';
  const sandbox = integrity(backend === 'real');
  const version = kitVersion(options.kitRoot);
  const notices: string[] = [];
  const secrets: Record<number, SecretParams | null> = {};
  for (const e of exercises) {
    secrets[e.id] = mode === 'full' ? await loadSecret(options.kitRoot, e.slug) : null;
    if (mode === 'full' && !secrets[e.id])
      notices.push(`${graderFile(e.slug, 'secret')} is missing: ${e.slug} is graded with its visible load-check parameters.`);
  }
  const started = Date.now();
  const since = (): string => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const anySecret = Object.values(secrets).some(Boolean);
  options.onProgress?.(
    `preparing: the reference test lists${anySecret ? ' and the baselines on the grading parameters' : ''} (measured once per kit version, then cached) …`,
  );
  // Both are child processes of their own (one per core runs at a time, see child.ts): they start together.
  const [reference, measured] = await Promise.all([
    loadReference({
      kitRoot: options.kitRoot,
      exercises,
      kitVersion: version,
      backend,
      mode,
      limits: rubric.limits,
      ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    }).then((listed) => (options.onProgress?.(`reference test lists ready · ${since()}`), listed)),
    measureBaselines({
      kitRoot: options.kitRoot,
      exercises,
      kitVersion: version,
      backend,
      secrets,
      limits: rubric.limits,
      ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    }).then((done) => (anySecret && options.onProgress?.(`baselines on the grading parameters ready · ${since()}`), done)),
  ]);
  notices.push(...measured.notices);
  // A baseline that failed because the cache is down is reported as that, the cause to fix.
  const down = backend === 'real' && Object.keys(measured.failures).length > 0 ? await probeCache() : null;
  const baselineFailures = Object.fromEntries(Object.entries(measured.failures).map(([slug, why]) => [slug, down && !down.ok ? down.cause : why]));
  return {
    kitRoot: options.kitRoot,
    exercises,
    backend,
    mode,
    rubric,
    overrides,
    kitVersion: version,
    reference,
    secrets,
    baselines: measured.baselines,
    baselineFailures,
    notices,
    force: options.force ?? false,
    keepWorkspace: options.keepWorkspace ?? false,
    leaderboard: options.leaderboardDir ? { key: leaderboardKey(options.leaderboardDir) } : null,
    integrity: sandbox,
  };
}

function chooseExercises(manifest: readonly ExerciseEntry[], ref: string | undefined): ExerciseEntry[] {
  if (ref === undefined) return [...manifest];
  const found = manifest === EXERCISES ? findOrNull(ref) : manifest.find((e) => String(e.id) === ref || `exercise-${e.id}` === ref || e.slug === ref);
  if (!found) throw new GraderError('E_USAGE', `--exercise ${ref}: no such exercise (known: ${manifest.map((e) => `${e.id} (${e.slug})`).join(', ')}).`);
  return [found];
}

function findOrNull(ref: string): ExerciseEntry | undefined {
  try {
    return findExercise(ref);
  } catch {
    return undefined; // named in the E_USAGE message below, with the known exercises
  }
}

/** The outcome of grading one submission. */
export interface Graded {
  report: Report;
  results: RunResults;
  /** True when the results were reused from an earlier run (nothing changed). */
  cached: boolean;
  files: string[];
}

/** Grades one submission folder into `outDir` (results.json, report.*, feedback.md). */
export async function gradeSubmission(dir: string, session: Session, outDir: string, student?: string, onProgress?: (line: string) => void): Promise<Graded> {
  if (!existsSync(dir))
    throw new GraderError('E_SUBMISSION_NOT_FOUND', `${dir} does not exist: pass the folder of a submission (a kit copy or its exercises/ folder).`);
  const sub = readSubmission(
    dir,
    session.exercises.map((e) => e.slug),
    student,
  );
  const resultsFile = path.join(outDir, 'results.json');
  let results = session.force ? null : reusable(resultsFile, sub, session);
  const cached = results !== null;
  if (!results) {
    // Raw text from the run may hold a backend URL with its password (the kit's errors name CACHE_URL): masked before anything keeps it.
    results = JSON.parse(
      maskUrls(JSON.stringify(await runSubmission(sub, { ...session, limits: session.rubric.limits, ...(onProgress ? { onProgress } : {}) }))),
    ) as RunResults;
    // A run cut short by SIGINT/SIGTERM is not this submission's result: nothing of it is written.
    throwIfStopping();
    writeFileAtomic(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  }
  const report = score(results, session.rubric, session.overrides);
  if (session.leaderboard) {
    const choice = readOptIn(sub.exercisesDir);
    if (choice.problem) report.warnings.push(choice.problem);
    if (choice.optIn) report.leaderboard = { alias: aliasFor(session.leaderboard.key, sub.student) };
  }
  const files = writeReport(outDir, report);
  return { report, results, cached, files: [resultsFile, ...files] };
}

function reusable(file: string, sub: Submission, session: Session): RunResults | null {
  if (!existsSync(file)) return null;
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as RunResults;
    // An exercise not graded for an infrastructure failure is never reused: the next run retries it.
    const same =
      notGradedIn(r).length === 0 &&
      r.version === RESULTS_VERSION &&
      r.student === sub.student &&
      r.submissionHash === sub.hash &&
      r.kitVersion === session.kitVersion &&
      r.backend === session.backend &&
      r.mode === session.mode &&
      r.integrity?.mode === session.integrity.mode &&
      // A run as the unprivileged user and one without it are different modes too.
      (r.integrity.mode === 'reduced' ? r.integrity.user : undefined) === (session.integrity.mode === 'reduced' ? session.integrity.user : undefined) &&
      r.exercises.map((e) => e.slug).join(',') === session.exercises.map((e) => e.slug).join(',');
    return same ? r : null;
  } catch {
    return null;
  }
}
