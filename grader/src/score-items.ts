/**
 * The items of one exercise, criterion by criterion: pure functions of the exercise's measured
 * results and its resolved rubric. Item maxima are split in whole cents that add up to their
 * criterion's maximum; points are rounded per item; subtotals add rounded items.
 */
import { figureCredit, round2, splitPoints } from './credit.js';
import { formatPoints, formatTarget, formatValue } from './format.js';
import type { ReportItem } from './report.js';
import type { ExerciseRun, MeasuredFigure, SuiteRun } from './results.js';
import type { Criterion, ResolvedExerciseRubric, Rubric } from './rubric.js';
import { hiddenWeights, weightedShare } from './weighted.js';

/** Everything an item builder needs. */
export interface ItemContext {
  run: ExerciseRun;
  rubric: ResolvedExerciseRubric;
  global: Rubric;
  mode: 'full' | 'visible-only';
}

function item(id: string, criterion: Criterion, label: string, max: number, credit: number, feedback: string, extra: Partial<ReportItem> = {}): ReportItem {
  const points = round2(max * credit);
  const status = points >= round2(max) ? 'full' : points > 0 ? 'partial' : 'zero';
  return { id, criterion, label, points, max: round2(max), status, feedback, ...extra };
}

function criterionMax(ctx: ItemContext, c: Criterion): number {
  return (ctx.rubric.points * ctx.rubric.criteria[c]) / 100;
}

/** Performance: one item per load-check figure, weighted by the rubric. */
export function performanceItems(ctx: ItemContext): ReportItem[] {
  const max = criterionMax(ctx, 'performance');
  const load = ctx.run.load;
  if (load.status !== 'ok' || load.figures.length === 0) {
    const why = load.error ?? (load.status === 'no-check' ? 'no load check is registered for this exercise' : 'the load check produced no figures');
    return [item('performance/load-check', 'performance', 'Load check', max, 0, `The load check did not run to the end: ${why}.`, { status: 'error' })];
  }
  const figures: MeasuredFigure[] = [...load.figures];
  for (const id of Object.keys(ctx.rubric.figures)) {
    if (!figures.some((f) => f.id === id)) {
      figures.push({
        id,
        label: id,
        value: null,
        unit: '',
        target: ctx.rubric.figures[id]?.target ?? { op: '>=', value: 0 },
        error: 'the load check did not report this figure',
      });
    }
  }
  const weights = figures.map((f) => ctx.rubric.figures[f.id]?.weight ?? 1);
  const maxes = splitPoints(max, weights);
  const where = load.params === 'secret' ? "with the grader's hidden parameters" : 'with the visible parameters (an estimate)';
  return figures.map((f, i) => {
    const r = ctx.rubric.figures[f.id] ?? {};
    const target = r.target ?? f.target;
    const baseline = r.baseline ?? f.baseline;
    const figMax = maxes[i] ?? 0;
    const credit = figureCredit(f.value, target, baseline, r.curve ?? ctx.rubric.curve);
    const base = baseline === undefined ? '' : `, baseline ${formatValue(baseline, f.unit)}`;
    const err = f.error ? ` ${f.error}.` : '';
    const feedback = `Measured ${formatValue(f.value, f.unit)} ${where}; target ${formatTarget(target, f.unit)}${base}.${err}`;
    const built = item(`performance/${f.id}`, 'performance', f.label, figMax, credit, feedback, {
      figure: { value: f.value, unit: f.unit, target, ...(baseline === undefined ? {} : { baseline }), params: load.params },
    });
    return f.error && built.points === 0 ? { ...built, status: 'error' } : built;
  });
}

function suiteShare(suite: SuiteRun): { passed: number; total: number } {
  return { passed: suite.tests.filter((t) => t.status === 'passed').length, total: suite.tests.length };
}

function suiteItem(ctx: ItemContext, id: string, criterion: Criterion, label: string, max: number, suite: SuiteRun, hidden: boolean): ReportItem {
  const tests = { hidden, outcomes: suite.tests };
  const kind = hidden ? 'hidden' : 'visible';
  if (suite.status === 'absent') {
    return item(id, criterion, label, max, 0, `No ${kind} suite exists for this exercise.`, { status: 'error' });
  }
  if (suite.canary === 'passed') {
    return item(id, criterion, label, max, 0, `The ${kind} suite scores 0: a test that must fail passed, so assertions or globals were tampered with.`, {
      status: 'error',
      tests,
    });
  }
  const { passed, total } = suiteShare(suite);
  if (total === 0) return item(id, criterion, label, max, 0, `The ${kind} suite reported no tests.`, { status: 'error', tests });
  const failed = suite.tests.filter((t) => t.status !== 'passed').map((t) => t.name);
  const list = failed.length === 0 ? '' : ` Not passed: ${failed.join('; ')}.`;
  const next = hidden ? '' : ` Run \`npm test exercise-${ctx.run.id}\` to see why.`;
  const head = `${passed} of ${total} ${kind} tests passed.`;
  // Hidden tests weigh what they protect; a suite whose tests all weigh the same keeps the plain pass share.
  const weights = hidden ? hiddenWeights(suite.tests, ctx.rubric) : null;
  if (weights && new Set(weights).size > 1) {
    const share = weightedShare(suite.tests, weights);
    const outcomes = suite.tests.map((t, i) => ({ ...t, weight: weights[i]! }));
    return item(id, criterion, label, max, share.credit, `${head} ${share.explained}${list}`, { tests: { hidden, outcomes } });
  }
  return item(id, criterion, label, max, passed / total, `${head}${list}${failed.length ? next : ''}`, { tests });
}

/** Technical implementation: the hidden suite's pass share. */
export function technicalItems(ctx: ItemContext): ReportItem[] {
  const max = criterionMax(ctx, 'technical');
  if (ctx.mode === 'visible-only') {
    return [
      {
        ...item(
          'technical/hidden-suite',
          'technical',
          'Hidden suite',
          max,
          0,
          `${formatPoints(max)} points come from the instructor's hidden tests, which are not part of the student edition.`,
        ),
        status: 'hidden',
      },
    ];
  }
  return [suiteItem(ctx, 'technical/hidden-suite', 'technical', 'Hidden suite', max, ctx.run.hidden, true)];
}

/** Problem solving: the visible suite, and the student's own tests with their coverage. */
export function problemSolvingItems(ctx: ItemContext): ReportItem[] {
  const max = criterionMax(ctx, 'problemSolving');
  const ps = ctx.global.problemSolving;
  const [visibleMax = 0, ownMax = 0] = splitPoints(max, [ps.visibleSuite, ps.ownTests]);
  const visible = suiteItem(ctx, 'problem-solving/visible-suite', 'problemSolving', 'Visible suite', visibleMax, ctx.run.visible, false);
  const own = ctx.run.own;
  const label = 'Your own tests';
  const where = `exercises/${ctx.run.slug}/`;
  let ownItem: ReportItem;
  if (ctx.mode === 'visible-only') {
    // The planted bugs your tests are measured against ship with the instructor's grader only.
    ownItem = {
      ...item(
        'problem-solving/own-tests',
        'problemSolving',
        label,
        ownMax,
        0,
        `${formatPoints(ownMax)} points come from the planted bugs your own tests catch, measured by the instructor's grader.`,
      ),
      status: 'hidden',
    };
  } else if (own.status === 'none') {
    ownItem = item(
      'problem-solving/own-tests',
      'problemSolving',
      label,
      ownMax,
      0,
      `No tests of your own were found: add files named *.test.ts in ${where} (other than the visible suite).`,
    );
  } else if (own.status !== 'ran' || own.coverage === null) {
    const why = own.status === 'timeout' ? 'they ran past the time limit' : 'they did not run to the end';
    ownItem = item('problem-solving/own-tests', 'problemSolving', label, ownMax, 0, `Your tests could not be measured: ${why}.`, { status: 'error' });
  } else if ((own.planted ?? []).length > 0) {
    const caught = own.planted.filter((p) => p.caught);
    const missed = own.planted.filter((p) => !p.caught).map((p) => p.name);
    ownItem = item(
      'problem-solving/own-tests',
      'problemSolving',
      label,
      ownMax,
      caught.length / own.planted.length,
      `Your tests caught ${caught.length} of ${own.planted.length} planted bugs${missed.length ? ` (missed: ${missed.join(', ')}: add a test that passes on your code and fails on it)` : ''}. ${own.passed} of ${own.total} of your tests passed on your code; they cover ${formatValue(own.coverage, '%')} of its lines (for information).`,
    );
  } else {
    const passShare = own.total > 0 ? own.passed / own.total : 0;
    const credit = Math.min(1, own.coverage / ps.coverageTarget) * passShare;
    ownItem = item(
      'problem-solving/own-tests',
      'problemSolving',
      label,
      ownMax,
      credit,
      `${own.passed} of ${own.total} of your tests passed; they cover ${formatValue(own.coverage, '%')} of the lines of the files you edit (target ${ps.coverageTarget}%). Credit = coverage share × pass share (this kit plants no bugs for this exercise).`,
    );
  }
  return [visible, ownItem];
}

/** Documentation: ANALYSIS.md present and changed, sections filled, quoted figures consistent. */
export function documentationItems(ctx: ItemContext): ReportItem[] {
  const max = criterionMax(ctx, 'documentation');
  const doc = ctx.global.documentation;
  const a = ctx.run.analysis;
  const file = `exercises/${ctx.run.slug}/ANALYSIS.md`;
  const written = a.present && a.changed;
  const [presentMax = 0, sectionsMax = 0, figuresMax = 0] = splitPoints(max, [doc.present, doc.sections, doc.figures]);
  const present = item(
    'documentation/analysis',
    'documentation',
    'ANALYSIS.md written',
    presentMax,
    written ? 1 : 0,
    a.present ? (a.changed ? `${file} is filled in.` : `${file} is still the template: fill it in.`) : `${file} is missing.`,
  );
  const required = a.sections.length;
  const isFilled = (s: (typeof a.sections)[number]): boolean => s.found && (s.words >= doc.minWords || (s.tableRows > 0 && s.filledRows >= s.tableRows));
  const filled = a.sections.filter(isFilled);
  const missing = a.sections.filter((s) => !isFilled(s)).map((s) => s.heading);
  const sectionCredit = !written ? 0 : required === 0 ? 1 : filled.length / required;
  const sections = item(
    'documentation/sections',
    'documentation',
    'Required sections',
    sectionsMax,
    sectionCredit,
    `${written ? filled.length : 0} of ${required} required sections are filled (at least ${doc.minWords} words of your own, or every row of a results table).${missing.length && written ? ` To fill: ${missing.join('; ')}.` : ''}`,
  );
  return [present, sections, figuresItem(ctx, figuresMax, written)];
}

function figuresItem(ctx: ItemContext, max: number, written: boolean): ReportItem {
  const doc = ctx.global.documentation;
  const id = 'documentation/figures';
  const label = 'Quoted figures match the measured ones';
  if (!written) return item(id, 'documentation', label, max, 0, 'ANALYSIS.md quotes no figures yet.');
  const source = ctx.run.loadVisible ?? (ctx.run.load.params === 'visible' ? ctx.run.load : null);
  if (!source || source.status !== 'ok' || source.figures.length === 0) {
    return item(id, 'documentation', label, max, 0, 'The visible load check produced no figures to compare ANALYSIS.md with.', { status: 'error' });
  }
  const verdicts = source.figures.map((f) => {
    const quoted = ctx.run.analysis.quoted[f.id];
    if (quoted === undefined) return `${f.id}: not quoted`;
    if (f.value === null) return `${f.id}: not measured`;
    const ok = Math.abs(quoted - f.value) <= Math.max(doc.tolerance * Math.abs(f.value), doc.absoluteTolerance);
    return ok ? null : `${f.id}: you quote ${formatValue(quoted, f.unit)}, \`npm run check exercise-${ctx.run.id}\` measures ${formatValue(f.value, f.unit)}`;
  });
  const bad = verdicts.filter((v): v is string => v !== null);
  const good = source.figures.length - bad.length;
  return item(
    id,
    'documentation',
    label,
    max,
    good / source.figures.length,
    `${good} of ${source.figures.length} figures are quoted and match the visible load check within ${doc.tolerance * 100}%.${bad.length ? ` ${bad.join('; ')}.` : ''}`,
  );
}
