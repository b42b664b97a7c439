/**
 * report.json → Gradescope's results.json (autograder specification: a top-level score and one
 * test per report item with name, score, max_score, output and visibility). Pure; the bundle's
 * run_autograder calls it through convert.ts.
 */
import { integrityLine } from '../sandbox.js';
import { oneLine } from '../sanitize.js';
import { direction, rankedItems } from '../leaderboard.js';
import type { Report, ReportItem } from '../report.js';

/** Gradescope's visibility values for a test or the whole result. */
type GradescopeVisibility = 'visible' | 'hidden' | 'after_due_date' | 'after_published';

/** One entry of results.json `tests`. */
interface GradescopeTest {
  name: string;
  number: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  visibility: GradescopeVisibility;
}

/** results.json as this kit writes it. */
export interface GradescopeResults {
  score: number;
  output: string;
  visibility: GradescopeVisibility;
  stdout_visibility: GradescopeVisibility;
  tests: GradescopeTest[];
  /** Gradescope's own leaderboard (students appear under pseudonyms they choose). */
  leaderboard?: GradescopeLeaderboardEntry[];
}

/** One column of Gradescope's leaderboard; `order: 'asc'` ranks lower values first. */
interface GradescopeLeaderboardEntry {
  name: string;
  value: number;
  order: 'asc' | 'desc';
}

/** Options of {@link toGradescopeResults}. */
export interface GradescopeOptions {
  /** Visibility of items scored by hidden suites (default `after_published`). */
  hiddenVisibility?: 'hidden' | 'after_published' | 'after_due_date';
  /** Add the weighted load-check figures as Gradescope leaderboard columns (default false). */
  leaderboard?: boolean;
}

function isHidden(item: ReportItem): boolean {
  return item.tests?.hidden === true || item.status === 'hidden';
}

/** Converts a scored report; hidden-suite items get `hiddenVisibility`, everything else `visible`. */
export function toGradescopeResults(report: Report, options: GradescopeOptions = {}): GradescopeResults {
  const hiddenVisibility = options.hiddenVisibility ?? 'after_published';
  const tests: GradescopeTest[] = [];
  const notes: string[] = [];
  for (const p of report.problems) notes.push(oneLine(p.message));
  for (const e of report.exercises) {
    for (const p of e.problems.filter((x) => x.severity === 'error')) notes.push(`${e.number}. ${e.title}: ${oneLine(p.message)}`);
    e.items.forEach((item, i) => {
      tests.push({
        name: `${e.number}. ${e.title}: ${item.label}`,
        number: `${e.number}.${i + 1}`,
        score: item.points,
        max_score: item.max,
        status: item.points >= item.max ? 'passed' : 'failed',
        // Item feedback names failed hidden tests but never shows their code or messages.
        output: oneLine(item.feedback) + (item.override ? ` Instructor: ${oneLine(item.override.comment)}` : ''),
        visibility: isHidden(item) ? hiddenVisibility : 'visible',
      });
    });
  }
  const head = `Cache Performance Lab ${report.kitVersion}: ${report.total} / ${report.max} points (${integrityLine(report.integrity)}).`;
  // An exercise the grader could not grade (its backend was down: see infrastructure.ts) is the grader's fault, said first.
  const notGraded = report.exercises.filter((e) => e.status === 'not-graded');
  if (notGraded.length > 0) {
    notes.unshift(
      `Not graded yet: ${notGraded.map((e) => `${e.number}. ${e.title}`).join(', ')}. The grading server had a problem (not your code); those points are missing until your instructor regrades, and you need do nothing.`,
    );
  }
  return {
    score: report.total,
    output: [head, ...notes].join('\n'),
    visibility: 'visible',
    stdout_visibility: 'hidden',
    tests,
    ...(options.leaderboard ? { leaderboard: leaderboardColumns(report) } : {}),
  };
}

/**
 * Every weighted load-check figure the grader measured, as a leaderboard column named after the
 * exercise and figure. Targets of the form "= 0" or "= 1" are counts whose misses lie above
 * them, so they rank ascending like "lower is better".
 */
function leaderboardColumns(report: Report): GradescopeLeaderboardEntry[] {
  return report.exercises.flatMap((e) =>
    rankedItems(e.items)
      .filter((i) => i.figure.value !== null && Number.isFinite(i.figure.value))
      .map((i) => ({
        name: `${e.number}. ${i.label}${i.figure.unit ? ` (${i.figure.unit})` : ''}`,
        value: i.figure.value!,
        order: direction(i.figure.target.op) === 'higher' ? ('desc' as const) : ('asc' as const),
      })),
  );
}

/** results.json for a run where the grader produced no report (the student gets 0 and a pointer). */
export function graderFailedResults(reason: string): GradescopeResults {
  return {
    score: 0,
    output: `The grader could not grade this submission (${oneLine(reason)}). Your instructor has been shown the log; resubmit or ask them.`,
    visibility: 'visible',
    stdout_visibility: 'hidden',
    tests: [],
  };
}
