/**
 * report.json: the scored report of one submission, what the render stage turns into HTML,
 * Markdown, student feedback and CSV rows. Versioned. Every item carries its points, its maximum
 * and what was measured, so a reader can check the arithmetic.
 */
import type { Integrity } from './sandbox.js';
import type { Comparison } from '../../lib/load/types.js';
import type { Problem, TestOutcome } from './results.js';
import type { Criterion } from './rubric.js';

/** Version of the report document; bump on any incompatible change. */
export const REPORT_VERSION = 1 as const;

/** A load-check figure as scored. */
export interface ScoredFigure {
  value: number | null;
  unit: string;
  target: { op: Comparison; value: number };
  baseline?: number;
  /** Which parameters it was measured with. */
  params: 'secret' | 'visible';
}

/** One line of the report: a unit of points an instructor can override. */
export interface ReportItem {
  /** `<criterion>/<what>`, e.g. `performance/source-calls-per-expiry`, `technical/hidden-suite`. */
  id: string;
  criterion: Criterion;
  label: string;
  points: number;
  max: number;
  status: 'full' | 'partial' | 'zero' | 'error' | 'hidden';
  /** What the student reads: measured value, target, what to do next. Never hidden test code. */
  feedback: string;
  figure?: ScoredFigure;
  /**
   * Test outcomes behind a suite item; `hidden` tells renderers to show names only to students.
   * `weight` is set on every outcome of a hidden suite whose tests do not all weigh the same.
   */
  tests?: { hidden: boolean; outcomes: (TestOutcome & { weight?: number })[] };
  /** Present when the instructor overrode the computed points. */
  override?: { points: number; comment: string; computed: number };
}

/** One criterion's subtotal. */
export interface CriterionScore {
  id: Criterion;
  label: string;
  score: number;
  max: number;
}

/** One exercise in the report. */
export interface ExerciseReport {
  /** The exercise folder name, e.g. `exercise-4-stampede`. */
  id: string;
  number: number;
  title: string;
  /** `not-graded`: the grader's own setup failed (see `infrastructure`); the student is owed a regrade. */
  status: 'graded' | 'error' | 'not-submitted' | 'not-graded';
  /** Why it was not graded (an unreachable backend, a baseline not measured…), passwords masked. */
  infrastructure?: string;
  score: number;
  max: number;
  criteria: CriterionScore[];
  items: ReportItem[];
  problems: Problem[];
}

/** report.json. */
export interface Report {
  version: typeof REPORT_VERSION;
  kind: 'cachelab-report';
  student: string;
  kitVersion: string;
  submissionHash: string;
  backend: 'embedded' | 'real';
  mode: 'full' | 'visible-only';
  /** Whether submission code ran in the OS sandbox; a `reduced` report is not for final grades. */
  integrity: Integrity;
  total: number;
  max: number;
  /** Points this report could not estimate (hidden suites absent from the student edition). */
  hiddenPoints: number;
  problems: Problem[];
  exercises: ExerciseReport[];
  /** Problems with the overrides file (unknown item, points out of range) or the leaderboard opt-in. */
  warnings: string[];
  /** Present when the class has a leaderboard and this student opted in (grader/src/leaderboard.ts). */
  leaderboard?: { alias: string };
}
