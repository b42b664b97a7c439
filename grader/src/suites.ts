/**
 * Runs an exercise's hidden and visible suites against the student's files in vitest children
 * (own process group, time and memory limits, output cap) and turns the progress log into
 * per-test outcomes. Results come from a reporter in vitest's main process, never from the worker
 * that runs student code; every expected test must report, and the canary must fail.
 * When a test hangs, the run is killed at the time limit, the hung test is named from the worker
 * log, and the suite runs once more without it so the other tests still count.
 */
import { CANARY_SUITE } from './canary.js';
import { runGraderVitest, startedIn, type GraderRun } from './grader-vitest.js';
import { progressOf, type FileProgress } from './progress-log.js';
import type { Problem, SuiteRun, TestOutcome } from './results.js';
import type { Rubric } from './rubric.js';
import type { ExerciseWrappers } from './wrappers.js';

/** What to run. */
export interface SuitesInput {
  workspace: string;
  wrappers: ExerciseWrappers;
  /** Expected test names per suite (from the reference listing). */
  expected: { hidden: string[]; visible: string[] };
  limits: Rubric['limits'];
  backend: 'embedded' | 'real';
}

/** Both suites' outcomes and what went wrong. */
export interface SuitesOutput {
  hidden: SuiteRun;
  visible: SuiteRun;
  problems: Problem[];
}

const ABSENT: SuiteRun = { status: 'absent', tests: [], canary: 'missing' };

/** `-t` pattern matching every test but `names` (vitest matches names joined by spaces). */
function excluding(names: string[]): string {
  const escaped = names.map((n) => n.split(' > ').join(' ').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return `^(?!(?:${escaped.join('|')})$)`;
}

/** A test that hung or took its worker down; the suite was run again without it. */
interface Culprit {
  name: string;
  reason: 'timeout' | 'crash';
  detail: string;
}

interface Outcome {
  progress: FileProgress;
  status: SuiteRun['status'];
  culprits: Culprit[];
  unhandled: string[];
  exitCode: number | null;
}

/** Reruns after crashes (fast) and after hangs (each costs the full time limit). */
const MAX_CRASH_RERUNS = 3;
const MAX_TIMEOUT_RERUNS = 1;

/** Runs one suite to a usable result: reruns it alone, or without the test that hung or crashed. */
async function settle(input: SuitesInput, wrapper: string, first: GraderRun, runs: GraderRun[]): Promise<Outcome> {
  let run = first;
  const culprits: Culprit[] = [];
  for (;;) {
    const progress = progressOf(run.log, wrapper);
    const healthy = run.log.done && !run.timedOut && run.log.unhandled.length === 0;
    const names = startedIn(run, wrapper);
    const quiet = names.length === 0 && progress.ended.size === 0 && progress.moduleErrors.length === 0;
    const done = (status: SuiteRun['status']): Outcome => ({ progress, status, culprits, unhandled: run.log.unhandled, exitCode: run.exitCode });
    if (healthy || progress.complete) return done(culprits.length === 0 ? 'ran' : culprits.some((c) => c.reason === 'timeout') ? 'timeout' : 'crashed');
    if (quiet && run === first) {
      // Another suite hung or crashed the shared run before this one started: give it a run of its own.
      run = await runGraderVitest(input.workspace, [wrapper], input);
      runs.push(run);
      continue;
    }
    const culprit = [...names].reverse().find((n) => !culprits.some((c) => c.name === n));
    const timeouts = culprits.filter((c) => c.reason === 'timeout').length;
    const failedStatus = run.timedOut ? 'timeout' : 'crashed';
    if (!culprit || culprits.length >= MAX_CRASH_RERUNS || (run.timedOut && timeouts >= MAX_TIMEOUT_RERUNS)) return done(failedStatus);
    const detail = run.outOfMemory ? `out of memory: the limit is ${input.limits.memoryMb} MB` : (run.log.unhandled[0] ?? `exit code ${String(run.exitCode)}`);
    culprits.push({ name: culprit, reason: run.timedOut ? 'timeout' : 'crash', detail });
    run = await runGraderVitest(input.workspace, [wrapper], { ...input, extraArgs: ['-t', excluding(culprits.map((c) => c.name))] });
    runs.push(run);
  }
}

/** Runs both suites of one exercise: together first, then separately where a hang or crash got in the way. */
export async function runSuites(input: SuitesInput): Promise<SuitesOutput> {
  const include = [input.wrappers.hidden, input.wrappers.visible].filter((w): w is string => w !== null);
  const runs: GraderRun[] = [];
  const outcomes = new Map<string, Outcome>();
  if (include.length > 0) {
    const first = await runGraderVitest(input.workspace, include, input);
    runs.push(first);
    for (const wrapper of include) outcomes.set(wrapper, await settle(input, wrapper, first, runs));
  }
  const problems: Problem[] = [];
  const seconds = Math.round(input.limits.runMs / 1000);
  const suite = (wrapper: string | null, expected: string[], kind: 'hidden' | 'visible'): SuiteRun => {
    const o = wrapper ? outcomes.get(wrapper) : undefined;
    if (!o) return ABSENT;
    const built = toSuiteRun(o, expected, seconds);
    problems.push(...suiteProblems(built, o, kind, seconds));
    return built;
  };
  const hidden = suite(input.wrappers.hidden, input.expected.hidden, 'hidden');
  const visible = suite(input.wrappers.visible, input.expected.visible, 'visible');
  const messages = runs.flatMap((r) => [
    ...r.log.unhandled,
    ...[...r.log.files.values()].flatMap((f) => [...f.moduleErrors.map((e) => e.message), ...[...f.ended.values()].map((e) => e.message ?? '')]),
  ]);
  const exitCall = messages.find((m) => /process\.exit unexpectedly called/.test(m));
  if (exitCall) {
    problems.push({ code: 'E_PROCESS_EXIT', severity: 'error', message: `Your code called process.exit(${exitCall.match(/with "([^"]*)"/)?.[1] ?? ''}) while being tested: a library must never end the process. The tests that reached it failed.` });
  }
  return { hidden, visible, problems: dedupe(problems) };
}

function isCanary(name: string): boolean {
  return name.startsWith(`${CANARY_SUITE} > `);
}

function toSuiteRun(o: Outcome, expected: string[], seconds: number): SuiteRun {
  const tests: TestOutcome[] = expected.filter((n) => !isCanary(n)).map((name) => {
    const culprit = o.culprits.find((c) => c.name === name);
    if (culprit) {
      const why = culprit.reason === 'timeout' ? `the run was stopped at the ${seconds} s limit while this test was running` : `the test process died during this test (${culprit.detail})`;
      return { name, status: 'failed', message: `did not finish: ${why}` };
    }
    const ended = o.progress.ended.get(name);
    if (ended) {
      const s = ended.state === 'passed' ? 'passed' : ended.state === 'failed' ? 'failed' : 'skipped';
      return { name, status: s, ...(ended.message ? { message: ended.message } : {}) };
    }
    return { name, status: 'missing' };
  });
  const canaries = [...o.progress.ended.entries()].filter(([n]) => isCanary(n));
  const expectedCanaries = expected.filter(isCanary).length;
  const canary: SuiteRun['canary'] = canaries.some(([, e]) => e.state === 'passed')
    ? 'passed'
    : expectedCanaries > 0 && canaries.length === expectedCanaries
      ? 'failed'
      : 'missing';
  return { status: o.status, tests, canary };
}

function suiteProblems(suite: SuiteRun, o: Outcome, kind: string, seconds: number): Problem[] {
  const problems: Problem[] = [];
  for (const e of o.progress.moduleErrors) {
    problems.push({ code: 'E_SUITE_LOAD', severity: 'error', message: `The ${kind} suite could not load your code: ${e.message}`, ...where(e.where) });
  }
  for (const c of o.culprits) {
    const again = 'the suite ran again without that test so the others still count';
    if (c.reason === 'timeout') problems.push({ code: 'E_TIMEOUT', severity: 'error', message: `The ${kind} suite timed out after ${seconds} s in test "${c.name}"; ${again}.` });
    else problems.push({ code: 'E_EXITED', severity: 'error', message: `The test process died during ${kind} test "${c.name}" (${c.detail}); ${again}.` });
  }
  if (o.culprits.length === 0 && suite.status === 'timeout') {
    problems.push({ code: 'E_TIMEOUT', severity: 'error', message: `The ${kind} suite timed out after ${seconds} s; the run was stopped there.` });
  }
  if (o.culprits.length === 0 && suite.status === 'crashed') {
    const why = o.unhandled[0] ?? `vitest exited with code ${String(o.exitCode)} before the end of the run`;
    problems.push({ code: 'E_EXITED', severity: 'error', message: `The test process exited early during the ${kind} suite: ${why}. Tests that never reported count as failed.` });
  }
  if (suite.canary === 'passed') {
    problems.push({ code: 'E_TAMPERED', severity: 'error', message: `In the ${kind} suite, a canary test that must fail passed: the code under test patched expect or a global the assertions use. The ${kind} suite scores 0.` });
  }
  const missing = suite.tests.filter((t) => t.status === 'missing');
  if (missing.length > 0 && o.progress.moduleErrors.length === 0 && suite.status === 'ran') {
    problems.push({ code: 'E_MISSING_TESTS', severity: 'error', message: `${missing.length} expected ${kind} test(s) never reported and count as failed: ${missing.map((t) => t.name).join('; ')}.` });
  }
  const skipped = suite.tests.filter((t) => t.status === 'skipped');
  if (skipped.length > 0) {
    problems.push({ code: 'E_SKIPPED_TESTS', severity: 'warning', message: `${skipped.length} ${kind} test(s) were skipped and count as failed: ${skipped.map((t) => t.name).join('; ')}.` });
  }
  return problems;
}

function where(text: string | undefined): { file?: string; line?: number } {
  const m = text ? /^(.*):(\d+)$/.exec(text) : null;
  return m ? { file: m[1]!, line: Number(m[2]) } : {};
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => (seen.has(p.message) ? false : (seen.add(p.message), true)));
}
