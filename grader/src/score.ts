/**
 * The scorer: results.json + rubric + overrides → report.json. A pure function (no I/O, no clock,
 * no randomness), so the same results always give the same report and it can be unit-tested with
 * hand-computed cases.
 */
import { round2 } from './credit.js';
import { GraderError } from './errors.js';
import type { Overrides } from './overrides.js';
import { REPORT_VERSION, type CriterionScore, type ExerciseReport, type Report, type ReportItem } from './report.js';
import { RESULTS_VERSION, type ExerciseRun, type RunResults } from './results.js';
import { CRITERIA, CRITERION_LABELS, rubricFor, type Rubric } from './rubric.js';
import { names } from './weights.js';
import { documentationItems, performanceItems, problemSolvingItems, technicalItems, type ItemContext } from './score-items.js';

/** results.json without its `detail` fields: the raw text from the run stays in the instructor's copy, never in a report. */
function withoutDetail(results: RunResults): RunResults {
  return JSON.parse(JSON.stringify(results, (key, value: unknown) => (key === 'detail' ? undefined : value))) as RunResults;
}

/** Scores one submission's results. */
export function score(raw: RunResults, rubric: Rubric, overrides: Overrides): Report {
  if (raw.version !== RESULTS_VERSION || raw.kind !== 'cachelab-results') {
    throw new GraderError(
      'E_RESULTS_VERSION',
      `results of ${raw.student}: version ${String(raw.version)} is not ${RESULTS_VERSION}; regrade with --force to measure them again.`,
    );
  }
  const results = withoutDetail(raw);
  const warnings: string[] = [];
  const mine = overrides.students[results.student] ?? {};
  const exercises = results.exercises.map((run) => {
    const built = scoreExercise(run, rubric, results.mode);
    return applyOverrides(built, mine[run.slug] ?? {}, `students.${results.student}.${run.slug}`, warnings);
  });
  for (const run of results.exercises) {
    if (run.hidden.tests.length === 0) continue;
    for (const name of Object.keys(rubricFor(rubric, run.slug).hiddenTests)) {
      if (!run.hidden.tests.some((t) => names(t.name, name)))
        warnings.push(`rubric: exercises.${run.slug}.hiddenTests."${name}" names no hidden test of this exercise, so it changes no weight`);
    }
  }
  for (const slug of Object.keys(mine)) {
    if (!exercises.some((e) => e.id === slug)) warnings.push(`overrides: students.${results.student}.${slug} names an exercise that was not graded`);
  }
  const hiddenPoints = exercises
    .flatMap((e) => e.items)
    .filter((i) => i.status === 'hidden')
    .reduce((a, i) => a + i.max, 0);
  return {
    version: REPORT_VERSION,
    kind: 'cachelab-report',
    student: results.student,
    kitVersion: results.kitVersion,
    submissionHash: results.submissionHash,
    backend: results.backend,
    mode: results.mode,
    integrity: results.integrity,
    total: round2(exercises.reduce((a, e) => a + e.score, 0)),
    max: round2(exercises.reduce((a, e) => a + e.max, 0)),
    hiddenPoints: round2(hiddenPoints),
    problems: results.problems,
    exercises,
    warnings,
  };
}

function scoreExercise(run: ExerciseRun, rubric: Rubric, mode: RunResults['mode']): ExerciseReport {
  const ctx: ItemContext = { run, rubric: rubricFor(rubric, run.slug), global: rubric, mode };
  if (run.infrastructure !== undefined) return notGraded(run, ctx);
  const items = run.submitted
    ? [...performanceItems(ctx), ...technicalItems(ctx), ...problemSolvingItems(ctx), ...documentationItems(ctx)]
    : CRITERIA.map((c): ReportItem => ({
        id: `${kebab(c)}/not-submitted`,
        criterion: c,
        label: CRITERION_LABELS[c],
        points: 0,
        max: round2((ctx.rubric.points * ctx.rubric.criteria[c]) / 100),
        status: 'zero',
        feedback: `The folder exercises/${run.slug}/ was not in the submission.`,
      }));
  const status = !run.submitted ? 'not-submitted' : run.problems.some((p) => p.severity === 'error') ? 'error' : 'graded';
  return totals({ id: run.slug, number: run.id, title: run.title, status, score: 0, max: 0, criteria: [], items, problems: run.problems });
}

/** An exercise the grader could not grade (infrastructure): every criterion at 0 with why, never the student's failure. */
function notGraded(run: ExerciseRun, ctx: ItemContext): ExerciseReport {
  const items = CRITERIA.map((c): ReportItem => ({
    id: `${kebab(c)}/not-graded`,
    criterion: c,
    label: CRITERION_LABELS[c],
    points: 0,
    max: round2((ctx.rubric.points * ctx.rubric.criteria[c]) / 100),
    status: 'error',
    feedback: `Not graded: the grader's own setup failed (${run.infrastructure}). This is not your code's fault; the exercise will be graded again.`,
  }));
  return totals({
    id: run.slug,
    number: run.id,
    title: run.title,
    status: 'not-graded',
    infrastructure: run.infrastructure!,
    score: 0,
    max: 0,
    criteria: [],
    items,
    problems: run.problems,
  });
}

function totals(e: ExerciseReport): ExerciseReport {
  const criteria: CriterionScore[] = CRITERIA.map((c) => {
    const mine = e.items.filter((i) => i.criterion === c);
    return {
      id: c,
      label: CRITERION_LABELS[c],
      score: round2(mine.reduce((a, i) => a + i.points, 0)),
      max: round2(mine.reduce((a, i) => a + i.max, 0)),
    };
  });
  return {
    ...e,
    criteria,
    score: round2(criteria.reduce((a, c) => a + c.score, 0)),
    max: round2(criteria.reduce((a, c) => a + c.max, 0)),
  };
}

function applyOverrides(e: ExerciseReport, mine: Record<string, { points: number; comment: string }>, where: string, warnings: string[]): ExerciseReport {
  const items = e.items.map((i) => {
    const o = mine[i.id];
    if (!o) return i;
    let points = o.points;
    if (points > i.max) {
      warnings.push(`overrides: ${where}.${i.id}.points ${points} is above the item's maximum ${i.max}; ${i.max} used`);
      points = i.max;
    }
    const status: ReportItem['status'] = points >= i.max ? 'full' : points > 0 ? 'partial' : 'zero';
    return { ...i, points: round2(points), status, override: { points: round2(points), comment: o.comment, computed: i.points } };
  });
  for (const id of Object.keys(mine)) {
    if (!e.items.some((i) => i.id === id)) {
      warnings.push(`overrides: ${where}.${id} is not an item of this report (items: ${e.items.map((i) => i.id).join(', ')})`);
    }
  }
  return totals({ ...e, items });
}

function kebab(text: string): string {
  return text.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`);
}
