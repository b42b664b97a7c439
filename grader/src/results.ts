/**
 * results.json: what the run stage measured for one submission, before any scoring. Versioned;
 * the scorer refuses a version it does not know. It holds facts only (which tests passed, which
 * figures were measured, what ANALYSIS.md contains), never points.
 */
import type { Comparison } from '../../lib/load/types.js';
import type { Integrity } from './sandbox.js';
import type { Protects } from './weights.js';

/** Version of the results document; bump on any incompatible change. */
export const RESULTS_VERSION = 1 as const;

/** Something that went wrong in a run, in words a student can act on. */
export interface Problem {
  /** Stable code, e.g. `E_TIMEOUT`, `E_COMPILE`, `E_TAMPERED`. */
  code: ProblemCode;
  severity: 'error' | 'warning';
  /** One or two sentences in the kit's own words, no stack trace, no text from the run (safe for students). */
  message: string;
  /** Raw text from the run behind it (instructor's copy only: results.json; never rendered for students). */
  detail?: string;
  /** `exercises/<slug>/<file>` and line, when known. */
  file?: string;
  line?: number;
}

/** The problems with each message once, the first of each kept: one cause often reports from several files. */
export function dedupeProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => (seen.has(p.message) ? false : (seen.add(p.message), true)));
}

/** Codes of {@link Problem}. */
type ProblemCode =
  | 'E_SUBMISSION_LAYOUT'
  | 'E_EXERCISE_MISSING'
  | 'E_MISSING_FILES'
  | 'E_COMPILE'
  | 'E_SUITE_LOAD'
  | 'E_TIMEOUT'
  | 'E_EXITED'
  | 'E_PROCESS_EXIT'
  | 'E_TAMPERED'
  | 'E_MISSING_TESTS'
  | 'E_SKIPPED_TESTS'
  | 'E_LOAD_CHECK'
  | 'E_NO_HIDDEN_SUITE'
  | 'E_OWN_TESTS'
  | 'E_SYMLINK'
  | 'E_INFRASTRUCTURE'
  | 'E_RETIMED';

/** One test's outcome. `missing` = expected but never reported (counts as failed). */
export interface TestOutcome {
  name: string;
  status: 'passed' | 'failed' | 'skipped' | 'missing';
  /** What failed, in the kit's words: the error's kind and the line of the student's file it came from (safe for students). */
  message?: string;
  /** The failure's first line as the run gave it (instructor's copy only). */
  detail?: string;
  /** What a hidden test protects, from the kit's own declaration (grader/src/weights.ts); absent = `behaviour`. */
  protects?: Protects;
}

/** One suite (hidden or visible) as run against the submission. */
export interface SuiteRun {
  /** `ran` = the child finished; otherwise why it did not. `absent` = no such suite in this kit. */
  status: 'ran' | 'timeout' | 'crashed' | 'absent';
  /** Every expected test, in the reference order, then any unexpected extra ones. */
  tests: TestOutcome[];
  /** Canary tests must fail; `passed` means assertions were tampered with. */
  canary: 'failed' | 'passed' | 'missing';
}

/** The student's own tests, run with coverage of the files they edit. */
export interface OwnTestsRun {
  status: 'ran' | 'none' | 'timeout' | 'crashed';
  /** Test files found, relative to the exercise folder. */
  files: string[];
  passed: number;
  total: number;
  /** Line coverage of the stub files in percent, or null when not measured (for information). */
  coverage: number | null;
  /** The kit's planted bugs and whether the tests caught each (a passing test of theirs failed on it). */
  planted: { name: string; caught: boolean }[];
}

/** A load-check figure as measured (NaN is stored as null). */
export interface MeasuredFigure {
  id: string;
  label: string;
  value: number | null;
  unit: string;
  target: { op: Comparison; value: number };
  baseline?: number;
  /** Why it is missing, in the kit's words. */
  error?: string;
  /** The raw reason the run gave (instructor's copy only). */
  detail?: string;
}

/** One load-check run in a child process. */
export interface LoadRun {
  status: 'ok' | 'timeout' | 'crashed' | 'exited' | 'invalid-output' | 'no-check';
  /** `secret` = the grader's hidden parameters; `visible` = the ones `npm run check` uses. */
  params: 'secret' | 'visible';
  figures: MeasuredFigure[];
  notes: string[];
  /** Why the run did not produce figures (one line, the kit's words). */
  error?: string;
  /** The raw error text behind it (instructor's copy only). */
  detail?: string;
  /** Set when the grader could not run the check (the runner never started): the grader's failure, not the student's. */
  infrastructure?: string;
}

/** What ANALYSIS.md contains, compared with the kit's template. */
export interface AnalysisFacts {
  present: boolean;
  /** False when the file is byte-for-byte the template (or empty). */
  changed: boolean;
  /**
   * One entry per heading of the template, in template order: words of the student's own, and
   * for a section whose template has a table, how many data rows it has and how many the
   * student's section has that differ from the template's (a filled results table).
   */
  sections: { heading: string; found: boolean; words: number; tableRows: number; filledRows: number }[];
  /** Figures quoted in the file, by figure id (see analysis.ts for the accepted forms). */
  quoted: Record<string, number>;
}

/** Everything measured for one exercise. */
export interface ExerciseRun {
  id: number;
  slug: string;
  title: string;
  /** False when the submission has no folder for this exercise at all. */
  submitted: boolean;
  problems: Problem[];
  hidden: SuiteRun;
  visible: SuiteRun;
  own: OwnTestsRun;
  /** The graded run (secret parameters; visible ones in a visible-only estimate). */
  load: LoadRun;
  /** The visible-parameter run, what the student saw with `npm run check` (for ANALYSIS.md). */
  loadVisible: LoadRun | null;
  analysis: AnalysisFacts;
  durationMs: number;
  /**
   * Set when the exercise could not be graded for a failure of the grader's own setup (an unreachable
   * backend, a load runner that never started, a baseline that could not be measured): the cause,
   * passwords masked. Such an exercise scores nothing and the results are never reused.
   */
  infrastructure?: string;
}

/** results.json. */
export interface RunResults {
  version: typeof RESULTS_VERSION;
  kind: 'cachelab-results';
  student: string;
  /** Hash of the submitted files; with kitVersion it decides whether a regrade can be skipped. */
  submissionHash: string;
  kitVersion: string;
  backend: 'embedded' | 'real';
  /** `visible-only`: the student edition's estimate (no hidden suites, no secret parameters). */
  mode: 'full' | 'visible-only';
  /** Whether submission code ran in the OS sandbox (`sandboxed`) or not (`reduced`, with why). */
  integrity: Integrity;
  /** Problems with the submission as a whole (e.g. no exercises/ folder). */
  problems: Problem[];
  exercises: ExerciseRun[];
  gradedAt: string;
  durationMs: number;
}
