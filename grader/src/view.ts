/**
 * The view model the templates render: a pure function of report.json that precomputes every
 * label, percentage and chart coordinate, so templates only place values (no logic in them).
 * Hidden tests appear by name and status only: every rendered file can be handed to the student.
 */
import { integrityLine } from './sandbox.js';
import { formatPoints, formatTarget, formatValue } from './format.js';
import type { ExerciseReport, Report, ReportItem, ScoredFigure } from './report.js';

/** A marker on a figure chart (baseline or target). */
interface ChartMarker {
  x: number;
  label: string;
  kind: 'baseline' | 'target';
  /** Where the label sits: left of the line near the right edge. */
  anchor: 'start' | 'end';
}

/** An inline SVG bar of a measured figure against its baseline and target. */
export interface ChartView {
  width: number;
  height: number;
  barWidth: number;
  /** Where the value label starts (right of the bar, kept inside the chart). */
  labelX: number;
  barY: number;
  barHeight: number;
  valueLabel: string;
  met: boolean;
  measured: boolean;
  markers: ChartMarker[];
  minLabel: string;
  maxLabel: string;
  title: string;
}

/** One report item, ready to print. */
interface ItemView {
  id: string;
  label: string;
  points: string;
  max: string;
  status: string;
  feedback: string;
  override?: { comment: string; computed: string };
  chart?: ChartView;
  /** `weight` (e.g. `5`): set when the suite's tests do not all weigh the same (hidden suites). */
  tests?: { name: string; status: string; message?: string; weight?: string }[];
  /** True when the tests carry weights (the Markdown report then lists them one by one). */
  weighted?: boolean;
}

/** One exercise, ready to print. */
interface ExerciseView {
  id: string;
  number: number;
  title: string;
  score: string;
  max: string;
  percent: number;
  status: string;
  criteria: { label: string; score: string; max: string; percent: number }[];
  items: ItemView[];
  problems: { code: string; severity: string; message: string; location?: string }[];
}

/** The whole report, ready to print. */
export interface ReportView {
  student: string;
  total: string;
  max: string;
  percent: number;
  estimate: boolean;
  hiddenPoints: string;
  backend: string;
  kitVersion: string;
  /** `integrity: sandboxed (…)` or `integrity: reduced (no sandbox: …)`. */
  integrity: string;
  /** True when submission code ran without the sandbox: not a grade to trust as final. */
  reduced: boolean;
  exercises: ExerciseView[];
  problems: ExerciseView['problems'];
  warnings: string[];
  /** The student's alias on the class leaderboard, when they opted in. */
  leaderboardAlias?: string;
}

const CHART_W = 420;
const CHART_H = 46;

/** Chart geometry of a figure: value bar from the axis origin, baseline and target markers. */
export function chartOf(label: string, f: ScoredFigure, status: ReportItem['status']): ChartView {
  const values = [0, f.target.value, ...(f.baseline === undefined ? [] : [f.baseline]), ...(f.value === null ? [] : [f.value])];
  const lo = Math.min(...values);
  const top = Math.max(...values);
  const hi = top === lo ? lo + 1 : top + (top - lo) * 0.1;
  const x = (v: number): number => Math.round(((v - lo) / (hi - lo)) * CHART_W * 10) / 10;
  const marker = (v: number, kind: ChartMarker['kind']): ChartMarker => ({
    x: x(v),
    label: `${kind} ${formatValue(v, f.unit)}`,
    kind,
    anchor: x(v) > CHART_W * 0.7 ? 'end' : 'start',
  });
  return {
    width: CHART_W,
    height: CHART_H,
    barWidth: f.value === null ? 0 : Math.max(1, x(f.value)),
    labelX: Math.min(f.value === null ? 4 : Math.max(1, x(f.value)) + 4, CHART_W - 70),
    barY: 18,
    barHeight: 14,
    valueLabel: formatValue(f.value, f.unit),
    met: status === 'full',
    measured: f.value !== null,
    markers: [...(f.baseline === undefined ? [] : [marker(f.baseline, 'baseline')]), marker(f.target.value, 'target')],
    minLabel: formatValue(lo, f.unit),
    maxLabel: formatValue(Math.round(hi * 1000) / 1000, f.unit),
    title: `${label}: ${formatValue(f.value, f.unit)} (target ${formatTarget(f.target, f.unit)}${f.baseline === undefined ? '' : `, baseline ${formatValue(f.baseline, f.unit)}`})`,
  };
}

const STATUS_TEXT: Record<string, string> = {
  passed: 'passed',
  failed: 'failed',
  skipped: 'skipped (counts as failed)',
  missing: 'never reported (counts as failed)',
};

function itemView(i: ReportItem): ItemView {
  return {
    id: i.id,
    label: i.label,
    points: formatPoints(i.points),
    max: formatPoints(i.max),
    status: i.status,
    feedback: i.feedback,
    ...(i.override ? { override: { comment: i.override.comment, computed: formatPoints(i.override.computed) } } : {}),
    ...(i.figure ? { chart: chartOf(i.label, i.figure, i.status) } : {}),
    ...(i.tests
      ? {
          tests: i.tests.outcomes.map((t) => ({
            name: t.name,
            status: STATUS_TEXT[t.status] ?? t.status,
            // Messages of hidden tests stay in results.json (the instructor's record).
            ...(t.message && !i.tests!.hidden ? { message: t.message } : {}),
            ...(t.weight === undefined ? {} : { weight: String(t.weight) }),
          })),
          ...(i.tests.outcomes.some((t) => t.weight !== undefined) ? { weighted: true } : {}),
        }
      : {}),
  };
}

const EXERCISE_STATUS: Record<ExerciseReport['status'], string> = {
  graded: 'graded',
  error: 'graded, with errors',
  'not-submitted': 'not submitted',
  'not-graded': 'not graded (infrastructure)',
};

/** The status line of an exercise; a not-graded one says why. */
function exerciseStatus(e: ExerciseReport): string {
  return e.status === 'not-graded' && e.infrastructure ? `not graded (infrastructure: ${e.infrastructure})` : EXERCISE_STATUS[e.status];
}

function percent(score: number, max: number): number {
  return max > 0 ? Math.round((score / max) * 1000) / 10 : 0;
}

function problemsView(problems: Report['problems']): ExerciseView['problems'] {
  return problems.map((p) => ({
    code: p.code,
    severity: p.severity,
    message: p.message,
    ...(p.file ? { location: `${p.file}${p.line ? `:${p.line}` : ''}` } : {}),
  }));
}

/** Builds the view of one report. */
export function reportView(r: Report): ReportView {
  return {
    student: r.student,
    total: formatPoints(r.total),
    max: formatPoints(r.max),
    percent: percent(r.total, r.max),
    estimate: r.mode === 'visible-only',
    hiddenPoints: formatPoints(r.hiddenPoints),
    backend: r.backend,
    kitVersion: r.kitVersion,
    integrity: integrityLine(r.integrity),
    reduced: r.integrity.mode !== 'sandboxed',
    problems: problemsView(r.problems),
    warnings: r.warnings,
    ...(r.leaderboard ? { leaderboardAlias: r.leaderboard.alias } : {}),
    exercises: r.exercises.map((e) => ({
      id: e.id,
      number: e.number,
      title: e.title,
      score: formatPoints(e.score),
      max: formatPoints(e.max),
      percent: percent(e.score, e.max),
      status: exerciseStatus(e),
      criteria: e.criteria.map((c) => ({ label: c.label, score: formatPoints(c.score), max: formatPoints(c.max), percent: percent(c.score, c.max) })),
      items: e.items.map(itemView),
      problems: problemsView(e.problems),
    })),
  };
}
