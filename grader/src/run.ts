/**
 * The run stage: one submission → results.json. Lays out a fresh workspace, type-checks the
 * student's files, then per exercise runs the suites, the student's own tests with coverage and
 * the load checks, each in its own child process. A failure of the submission is recorded as a
 * problem; only a failure of the grader itself throws.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ExerciseEntry } from '../../lib/manifest.js';
import { analysisFacts, type FigureName } from './analysis.js';
import { withBaselines, type Baselines } from './baselines.js';
import { typeCheck } from './compile.js';
import { listFiles } from './files.js';
import { guardExercise } from './infrastructure.js';
import { runLoadCheck } from './load.js';
import { plantedBugs, runOwnTests } from './own-tests.js';
import type { Reference } from './reference.js';
import { analysisTemplateFile } from './release.js';
import { dedupeProblems, RESULTS_VERSION, type ExerciseRun, type LoadRun, type Problem, type RunResults } from './results.js';
import type { Rubric } from './rubric.js';
import type { Integrity } from './sandbox.js';
import type { SecretParams } from './secret.js';
import type { Submission } from './submission.js';
import { runSuites } from './suites.js';
import { loadSuiteWeights, withProtects } from './weights.js';
import { createWorkspace, type WorkspaceExercise } from './workspace.js';
import { writeWrappers } from './wrappers.js';

/** Everything a run needs besides the submission. */
export interface RunContext {
  kitRoot: string;
  exercises: readonly ExerciseEntry[];
  kitVersion: string;
  backend: 'embedded' | 'real';
  mode: 'full' | 'visible-only';
  limits: Rubric['limits'];
  reference: Reference;
  /** Secret parameters by exercise number (null: none in this kit). */
  secrets: Record<number, SecretParams | null>;
  /** Baselines measured on the secret parameters (they replace the check's visible-parameter ones). */
  baselines: Baselines;
  /** Why an exercise's baseline could not be measured, by slug: that exercise is not graded (infrastructure). */
  baselineFailures?: Record<string, string>;
  /** The sandbox submission code runs in (or why there is none). */
  integrity: Integrity;
  /** Told of each phase as it ends (`exercise 4: hidden suite 24/24 passed · 6.1 s`), for progress on a terminal. */
  onProgress?: (line: string) => void;
  /** Keep the workspace for debugging (left under the temp folder as cachelab-grade-*). */
  keepWorkspace?: boolean;
}

/** Runs one submission. */
export async function runSubmission(sub: Submission, ctx: RunContext): Promise<RunResults> {
  const started = Date.now();
  const base = {
    version: RESULTS_VERSION as typeof RESULTS_VERSION,
    kind: 'cachelab-results' as const,
    student: sub.student,
    submissionHash: sub.hash,
    kitVersion: ctx.kitVersion,
    backend: ctx.backend,
    mode: ctx.mode,
    integrity: ctx.integrity,
    gradedAt: new Date(started).toISOString(),
  };
  if (!sub.exercisesDir) {
    const problem: Problem = {
      code: 'E_SUBMISSION_LAYOUT',
      severity: 'error',
      message: sub.layoutProblem ?? `${sub.dir} has neither an exercises/ folder nor exercise-N-* folders; hand in a copy of the kit or its exercises/ folder.`,
    };
    return { ...base, problems: [problem], exercises: ctx.exercises.map((e) => notSubmitted(e, ctx)), durationMs: Date.now() - started };
  }
  const ws = createWorkspace(ctx.kitRoot, ctx.exercises, sub.exercisesDir);
  try {
    const submitted = ws.exercises.filter((e) => e.submitted);
    const checking = Date.now();
    const compile = await typeCheck(
      ws.root,
      submitted.flatMap((e) => e.entry.files.stubs.map((s) => `exercises/${e.entry.slug}/${s}`)),
      ctx.limits,
      ctx.integrity,
    );
    ctx.onProgress?.(`type check: ${[...compile.values()].flat().length} error(s) · ${seconds(checking)}`);
    const one = async (laid: WorkspaceExercise): Promise<ExerciseRun> => {
      // A backend the grader cannot use, or a baseline it could not measure, is the grader's failure: see infrastructure.ts.
      const guard = { ...ctx, secret: Boolean(ctx.secrets[laid.entry.id]) };
      const run = laid.submitted
        ? await guardExercise(laid.entry, guard, () => runExercise(ws.root, laid, ctx, compile.get(laid.entry.slug) ?? []))
        : notSubmitted(laid.entry, ctx);
      run.problems.unshift(...linkProblems(sub, laid.entry.slug));
      return run;
    };
    // On the embedded backend every exercise's phases are separate processes with nothing shared, so
    // they all start at once and child.ts lets one per core run. A real backend is one server and
    // one database the exercises' checks share: there they take turns, as before.
    const exercises = ctx.backend === 'embedded' ? await settleAll(ws.exercises.map(one)) : await inTurn(ws.exercises, one);
    return { ...base, problems: [], exercises, durationMs: Date.now() - started };
  } finally {
    if (!ctx.keepWorkspace) ws.dispose();
  }
}

async function runExercise(root: string, laid: WorkspaceExercise, ctx: RunContext, compileErrors: Problem[]): Promise<ExerciseRun> {
  const started = Date.now();
  const { entry } = laid;
  const problems: Problem[] = [];
  if (laid.missing.length > 0) {
    problems.push({
      code: 'E_MISSING_FILES',
      severity: 'error',
      message: `Missing from the submission: ${laid.missing.map((f) => `exercises/${entry.slug}/${f}`).join(', ')}; graded with the untouched stub in its place.`,
    });
  }
  problems.push(...compileErrors.slice(0, 10));
  const expected = ctx.reference.suites[entry.slug] ?? { hidden: [], visible: [] };
  const wrappers = writeWrappers(root, entry, ctx.mode === 'full', { canaries: true, taken: [...expected.hidden, ...expected.visible] });
  const own = new Set(listFiles(laid.dir).map((f) => `exercises/${entry.slug}/${f}`));
  const say = (line: string, since: number): void => ctx.onProgress?.(`exercise ${entry.id}: ${line} · ${seconds(since)}`);
  const begin = (what: string): void => ctx.onProgress?.(`exercise ${entry.id}: ${what} …`);
  begin(
    [
      expected.hidden.length > 0 ? `hidden suite (${expected.hidden.length} tests)` : '',
      expected.visible.length > 0 ? `visible suite (${expected.visible.length} tests)` : '',
    ]
      .filter(Boolean)
      .join(' and ') || 'suites',
  );
  let phase = Date.now();
  const suites = await runSuites({
    workspace: root,
    wrappers,
    expected,
    limits: ctx.limits,
    backend: ctx.backend,
    integrity: ctx.integrity,
    kitRoot: ctx.kitRoot,
    own,
  });
  // What each hidden test protects comes from the kit's own declaration, never from the run.
  if (ctx.mode === 'full') suites.hidden = { ...suites.hidden, tests: withProtects(suites.hidden.tests, await loadSuiteWeights(ctx.kitRoot, entry.slug)) };
  const tally = (s: ExerciseRun['hidden']): string => `${s.tests.filter((t) => t.status === 'passed').length}/${s.tests.length} passed`;
  say(
    [
      suites.hidden.status === 'absent' ? '' : `hidden suite ${tally(suites.hidden)}`,
      suites.visible.status === 'absent' ? '' : `visible suite ${tally(suites.visible)}`,
    ]
      .filter(Boolean)
      .join(' · ') || 'no suites',
    phase,
  );
  problems.push(...suites.problems);
  if (ctx.mode === 'full' && suites.hidden.status === 'absent') {
    problems.push({
      code: 'E_NO_HIDDEN_SUITE',
      severity: 'warning',
      message: `The kit has no hidden suite for ${entry.slug}; its technical points cannot be earned.`,
    });
  }
  const planted = ctx.mode === 'full' ? plantedBugs(ctx.kitRoot, entry.slug, entry.files.stubs) : [];
  phase = Date.now();
  if (suites.stalled) return stalledExercise(laid, ctx, dedupeProblems(problems), suites, started);
  if (laid.ownTests.length > 0) begin(`own tests (${laid.ownTests.length} file(s)${planted.length > 0 ? `, against ${planted.length} planted bugs` : ''})`);
  const ownTests = await runOwnTests({
    workspace: root,
    slug: entry.slug,
    tests: laid.ownTests,
    stubs: entry.files.stubs,
    planted,
    limits: ctx.limits,
    backend: ctx.backend,
    integrity: ctx.integrity,
  });
  if (ownTests.status !== 'none')
    say(
      `own tests ${ownTests.passed}/${ownTests.total} passed, ${ownTests.planted.filter((p) => p.caught).length}/${ownTests.planted.length} planted bugs caught`,
      phase,
    );
  phase = Date.now();
  const secret = ctx.secrets[entry.id] ?? null;
  const params = ctx.mode === 'full' && secret ? secret : 'visible';
  const analysisFile = path.join(laid.dir, entry.files.analysis);
  const template = readTemplate(ctx, entry);
  // The workspace holds the template when the student sent none: look at what they sent.
  const sentAnalysis = laid.sent.includes(entry.files.analysis) ? readFileSync(analysisFile, 'utf8') : null;
  const check = (on: typeof params): ReturnType<typeof runLoadCheck> =>
    runLoadCheck({
      workspace: root,
      exercise: entry.id,
      exerciseDir: laid.dir,
      params: on,
      backend: ctx.backend,
      limits: ctx.limits,
      integrity: ctx.integrity,
      kitRoot: ctx.kitRoot,
      own,
    });
  // The visible run only serves to check the figures ANALYSIS.md quotes: skip it when there is nothing
  // written. It shares nothing with the graded run, so both start together (in turn on a real backend).
  const wantVisible = params !== 'visible' && sentAnalysis !== null && sentAnalysis.trim() !== template.trim();
  begin(
    `load check (${params === 'visible' ? 'visible' : 'secret'} parameters${wantVisible ? ', and the visible ones for the figures ANALYSIS.md quotes' : ''})`,
  );
  const [graded, visible] =
    ctx.backend === 'embedded'
      ? await Promise.all([check(params), wantVisible ? check('visible') : null])
      : [await check(params), wantVisible ? await check('visible') : null];
  say(
    `load check (${graded.run.params} parameters): ${graded.run.status === 'ok' ? `${graded.run.figures.filter((f) => f.value !== null).length}/${graded.run.figures.length} figures measured` : graded.run.status}`,
    phase,
  );
  problems.push(...graded.problems);
  if (graded.run.params === 'secret') graded.run.figures = withBaselines(graded.run.figures, ctx.baselines[entry.slug]);
  const loadVisible: LoadRun | null = visible?.run ?? null;
  const figureNames: FigureName[] = (loadVisible ?? graded.run).figures.map((f) => ({ id: f.id, label: f.label }));
  return {
    id: entry.id,
    slug: entry.slug,
    title: entry.title,
    submitted: true,
    problems: dedupeProblems(problems),
    hidden: suites.hidden,
    visible: suites.visible,
    own: ownTests,
    load: graded.run,
    loadVisible,
    analysis: analysisFacts(sentAnalysis, template, figureNames),
    durationMs: Date.now() - started,
  };
}

/**
 * An exercise whose code never finished loading in the suites: its own tests and load check would
 * stall the same way, so they are skipped with that reason and cost the batch nothing more.
 */
function stalledExercise(
  laid: WorkspaceExercise,
  ctx: RunContext,
  problems: Problem[],
  suites: { hidden: ExerciseRun['hidden']; visible: ExerciseRun['visible'] },
  started: number,
): ExerciseRun {
  const why = 'skipped: your code did not finish loading in the suites';
  const { entry } = laid;
  const template = readTemplate(ctx, entry);
  const sent = laid.sent.includes(entry.files.analysis) ? readFileSync(path.join(laid.dir, entry.files.analysis), 'utf8') : null;
  return {
    id: entry.id,
    slug: entry.slug,
    title: entry.title,
    submitted: true,
    problems: [...problems, { code: 'E_LOAD_CHECK', severity: 'error', message: `The load check was ${why}.` }],
    hidden: suites.hidden,
    visible: suites.visible,
    own: { status: laid.ownTests.length > 0 ? 'timeout' : 'none', files: laid.ownTests, passed: 0, total: 0, coverage: null, planted: [] },
    load: { status: 'timeout', params: ctx.mode === 'full' && ctx.secrets[entry.id] ? 'secret' : 'visible', figures: [], notes: [], error: why },
    loadVisible: null,
    analysis: analysisFacts(sent, template, []),
    durationMs: Date.now() - started,
  };
}

/** One problem per link (symbolic or hard) in an exercise's folder (or the folder itself): links are never followed. */
function linkProblems(sub: Submission, slug: string): Problem[] {
  return sub.links
    .filter((l) => l === slug || l.startsWith(`${slug}/`))
    .map((l) => ({
      code: 'E_SYMLINK' as const,
      severity: 'error' as const,
      message:
        l === slug
          ? `exercises/${slug} is a symbolic link: links are never followed, so the exercise is graded as missing. Hand in the folder itself.`
          : `exercises/${l} is a link (symbolic, or a hard link sharing another file's contents): links are never followed, so it was left out. Hand in a copy of the file itself.`,
      file: `exercises/${l}`,
    }));
}

function notSubmitted(entry: ExerciseEntry, ctx: RunContext): ExerciseRun {
  const none = { status: 'absent' as const, tests: [], canary: 'missing' as const };
  return {
    id: entry.id,
    slug: entry.slug,
    title: entry.title,
    submitted: false,
    problems: [{ code: 'E_EXERCISE_MISSING', severity: 'warning', message: `The submission has no exercises/${entry.slug}/ folder.` }],
    hidden: none,
    visible: none,
    own: { status: 'none', files: [], passed: 0, total: 0, coverage: null, planted: [] },
    load: { status: 'no-check', params: ctx.mode === 'full' ? 'secret' : 'visible', figures: [], notes: [] },
    loadVisible: null,
    analysis: { present: false, changed: false, sections: [], quoted: {} },
    durationMs: 0,
  };
}

/** The ANALYSIS.md template the student started from (empty when the kit has none). */
function readTemplate(ctx: RunContext, entry: ExerciseEntry): string {
  // In the student edition exercises/ holds the student's own ANALYSIS.md: read the copy the release kept.
  const file = analysisTemplateFile(ctx.kitRoot, entry);
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** Every promise's value in order; the first failure, if any, once all have settled (so none runs on in a disposed workspace). */
async function settleAll<T>(promises: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}

async function inTurn<A, T>(items: readonly A[], run: (item: A) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (const item of items) out.push(await run(item));
  return out;
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
