/**
 * report.json → the payload GitHub Classroom's `autograding-grading-reporter` action reads: a
 * base64 JSON `{version: 1, status, max_score, tests: [{name, status, score, message}]}` in the
 * environment variable `<RUNNER>_RESULTS`, the same shape its command grader writes to the
 * step output `result`. The reporter adds up `tests[].score` against `max_score`. Pure.
 */
import type { Report } from '../report.js';
import { oneLine } from '../sanitize.js';

/** One test of the reporter payload. */
interface ClassroomTest {
  name: string;
  status: 'pass' | 'fail' | 'error';
  score: number;
  message: string;
}

/** What one runner reports. */
export interface ClassroomResults {
  version: 1;
  status: 'pass' | 'fail' | 'error';
  max_score: number;
  tests: ClassroomTest[];
}

/**
 * Converts a report. Items the report could not score (hidden suites absent from the student
 * edition) are left out, so `max_score` is what the visible estimate is out of.
 */
export function toClassroomResults(report: Report): ClassroomResults {
  const tests: ClassroomTest[] = [];
  let max = 0;
  for (const e of report.exercises) {
    for (const item of e.items) {
      if (item.status === 'hidden') continue;
      max += item.max;
      tests.push({
        name: `${e.number}. ${e.title}: ${item.label}`,
        status: item.status === 'error' ? 'error' : item.points >= item.max ? 'pass' : 'fail',
        score: item.points,
        message: oneLine(item.feedback),
      });
    }
  }
  const status = tests.some((t) => t.status === 'error') ? 'error' : tests.every((t) => t.status === 'pass') ? 'pass' : 'fail';
  return { version: 1, status, max_score: Math.round(max * 100) / 100, tests };
}

/** The payload when there is no report to convert (the grader itself failed). */
export function classroomError(reason: string): ClassroomResults {
  return { version: 1, status: 'error', max_score: 0, tests: [{ name: 'Cache Performance Lab grader', status: 'error', score: 0, message: oneLine(reason) }] };
}

/** Base64 of the JSON, as the reporter decodes it. */
export function encodeClassroomResults(results: ClassroomResults): string {
  return Buffer.from(JSON.stringify(results), 'utf8').toString('base64');
}
