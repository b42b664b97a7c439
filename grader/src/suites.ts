/**
 * Runs an exercise's hidden and visible suites against the student's files in vitest children
 * (own process group, time and memory limits, output cap) and turns the progress log into
 * per-test outcomes. Results come from a reporter in vitest's main process, never from the worker
 * that runs student code; every expected test must report, and the canary must fail.
 * When a test hangs, the run is killed at the time limit, the hung test is named from the worker
 * log, and the suite runs once more without it so the other tests still count. A test that ran
 * past vitest's per-test limit (wall time: a loaded machine can push a correct, heavy test over
 * it) runs once more on its own, and its second result counts (retimed).
 */
import { runGraderVitest, STALL_MS, startedIn, type GraderRun } from './grader-vitest.js';
import { progressOf, type FileProgress } from './progress-log.js';
import { dedupeProblems, type Problem, type SuiteRun, type TestOutcome } from './results.js';
import type { Rubric } from './rubric.js';
import { checkedError, describeChecked, describeRuntime, rawText, type OwnFiles, type RuntimeError } from './runtime-text.js';
import { processLimits, type Integrity } from './sandbox.js';
import type { ExerciseWrappers, Wrapper } from './wrappers.js';

/** What to run. */
export interface SuitesInput {
  workspace: string;
  wrappers: ExerciseWrappers;
  /** Expected test names per suite (from the reference listing). */
  expected: { hidden: string[]; visible: string[] };
  limits: Rubric['limits'];
  backend: 'embedded' | 'real';
  integrity: Integrity;
  /** The kit (for the list of error kinds a report may name). */
  kitRoot: string;
  /** The student's own files, `exercises/<slug>/<file>`: the only places a report points at. */
  own: OwnFiles;
}

/** Both suites' outcomes and what went wrong. */
export interface SuitesOutput {
  hidden: SuiteRun;
  visible: SuiteRun;
  problems: Problem[];
  /** The code under test never finished loading: the exercise's other runs would stall too. */
  stalled: boolean;
}

const ABSENT: SuiteRun = { status: 'absent', tests: [], canary: 'missing' };

/** `names` as vitest's `-t` matches them (names joined by spaces), each escaped for a pattern. */
function patterns(names: string[]): string[] {
  return names.map((n) =>
    n
      .split(' > ')
      .join(' ')
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
  );
}

/** `-t` pattern matching every test but `names`. */
function excluding(names: string[]): string {
  return `^(?!(?:${patterns(names).join('|')})$)`;
}

/** `-t` pattern matching `names` only. */
function only(names: string[]): string {
  return `^(?:${patterns(names).join('|')})$`;
}

/** vitest's failure of a test that ran past its per-test time limit (testTimeout). */
const TEST_TIMED_OUT = /^Test timed out in \d+ms\b/;

/** The tests of `progress` that failed at vitest's per-test time limit, among `expected`. */
export function timedOutTests(progress: FileProgress, expected: readonly string[]): string[] {
  return [...progress.ended]
    .filter(([name, e]) => expected.includes(name) && e.state === 'failed' && TEST_TIMED_OUT.test(e.error?.message ?? ''))
    .map(([name]) => name);
}

/**
 * `progress` with the retimed tests' results from `again` (a run of those tests alone): a test
 * that ended there counts as it ended there; one that did not keeps its first result.
 */
export function withRetimed(progress: FileProgress, again: FileProgress, retimed: readonly string[]): FileProgress {
  const ended = new Map(progress.ended);
  for (const name of retimed) {
    const second = again.ended.get(name);
    if (second) ended.set(name, second);
  }
  return { ...progress, ended };
}

/** A test that hung or took its worker down; the suite was run again without it. */
interface Culprit {
  name: string;
  /** `cpu`: its worker died at the CPU-time limit (a time limit, like `timeout`). */
  reason: 'timeout' | 'cpu' | 'crash';
  /** Why, in the kit's words. */
  why: string;
  /** The raw text behind it. */
  detail: string;
}

interface Outcome {
  progress: FileProgress;
  status: SuiteRun['status'];
  culprits: Culprit[];
  unhandled: RuntimeError[];
  exitCode: number | null;
  /** No test started: the code never finished loading (the run was stopped at STALL_MS). */
  stalled: boolean;
  /** The last run's worker died at its CPU-time limit. */
  cpuLimited: boolean;
  /** Tests that failed at the per-test time limit and ran once more alone (their second result counts). */
  retimed?: string[];
}

/** Reruns after crashes (fast) and after hangs (each costs the full time limit). */
const MAX_CRASH_RERUNS = 3;
const MAX_TIMEOUT_RERUNS = 1;

/** Runs one suite to a usable result: reruns it alone, or without the test that hung or crashed. */
async function settle(input: SuitesInput, wrapper: string, expected: readonly string[], first: GraderRun, runs: GraderRun[]): Promise<Outcome> {
  let run = first;
  const culprits: Culprit[] = [];
  for (;;) {
    const progress = progressOf(run.log, wrapper);
    const healthy = run.log.done && !run.timedOut && run.log.unhandled.length === 0;
    // The worker log is the worker's to write: only names of the reference listing are believed (and shown).
    const names = startedIn(run, wrapper).filter((n) => expected.includes(n));
    const quiet = names.length === 0 && progress.ended.size === 0 && progress.moduleErrors.length === 0;
    const done = (status: SuiteRun['status']): Outcome => ({
      progress,
      status,
      culprits,
      unhandled: run.log.unhandled,
      exitCode: run.exitCode,
      stalled: run.stalled,
      cpuLimited: run.cpuLimited,
    });
    // Code that never finishes loading would stall every rerun too: one stop is enough.
    if (run.stalled) return done('timeout');
    if (healthy || progress.complete) return done(culprits.length === 0 ? 'ran' : culprits.some((c) => c.reason !== 'crash') ? 'timeout' : 'crashed');
    if (quiet && run === first) {
      // Another suite hung or crashed the shared run before this one started: give it a run of its own.
      run = await runGraderVitest(input.workspace, [wrapper], input);
      runs.push(run);
      continue;
    }
    const culprit = [...names].reverse().find((n) => !culprits.some((c) => c.name === n));
    // The CPU-time limit is a time limit too: reported and rerun as one.
    const reason: Culprit['reason'] = run.cpuLimited ? 'cpu' : run.timedOut ? 'timeout' : 'crash';
    const timeouts = culprits.filter((c) => c.reason !== 'crash').length;
    const failedStatus = reason === 'crash' ? 'crashed' : 'timeout';
    if (!culprit || culprits.length >= MAX_CRASH_RERUNS || (reason !== 'crash' && timeouts >= MAX_TIMEOUT_RERUNS)) return done(failedStatus);
    const memory = `out of memory: the limit is ${input.limits.memoryMb} MB`;
    const uncaught = run.log.unhandled[0];
    const cpu = `the CPU-time limit of ${cpuSeconds(input)} s`;
    const why =
      reason === 'cpu'
        ? cpu
        : run.outOfMemory
          ? memory
          : uncaught
            ? `${describeRuntime(input.kitRoot, uncaught, input.own)} was never caught`
            : `exit code ${String(run.exitCode)}`;
    culprits.push({ name: culprit, reason, why, detail: reason === 'cpu' ? cpu : run.outOfMemory ? memory : uncaught ? rawText(uncaught) : why });
    run = await runGraderVitest(input.workspace, [wrapper], { ...input, extraArgs: ['-t', excluding(culprits.map((c) => c.name))] });
    runs.push(run);
  }
}

/** The CPU-time limit of a suite's test worker (grader-vitest.ts derives it from the same limits). */
function cpuSeconds(input: SuitesInput): number {
  return processLimits(input.limits.runMs, input.limits.memoryMb).cpuSeconds;
}

/** Runs both suites of one exercise: together first, then separately where a hang or crash got in the way. */
export async function runSuites(input: SuitesInput): Promise<SuitesOutput> {
  const include = [input.wrappers.hidden?.file, input.wrappers.visible?.file].filter((w): w is string => w !== undefined);
  const runs: GraderRun[] = [];
  const outcomes = new Map<string, Outcome>();
  if (include.length > 0) {
    const first = await runGraderVitest(input.workspace, include, input);
    runs.push(first);
    const listed = (w: Wrapper | null, names: string[]): string[] => [...names, ...(w?.canaries ?? [])];
    const expectedOf = new Map([
      [input.wrappers.hidden?.file, listed(input.wrappers.hidden, input.expected.hidden)],
      [input.wrappers.visible?.file, listed(input.wrappers.visible, input.expected.visible)],
    ]);
    for (const wrapper of include) {
      const expected = expectedOf.get(wrapper) ?? [];
      const outcome = await settle(input, wrapper, expected, first, runs);
      // A test failed at vitest's per-test limit runs once more alone: its time is wall time,
      // which the machine's load, not the code, may have used up. Its second result counts.
      const retimed = outcome.status === 'ran' ? timedOutTests(outcome.progress, expected) : [];
      if (retimed.length > 0) {
        const again = await runGraderVitest(input.workspace, [wrapper], { ...input, extraArgs: ['-t', only(retimed)] });
        runs.push(again);
        outcome.progress = withRetimed(outcome.progress, progressOf(again.log, wrapper), retimed);
        outcome.retimed = retimed;
      }
      outcomes.set(wrapper, outcome);
    }
  }
  const problems: Problem[] = [];
  const seconds = Math.round(input.limits.runMs / 1000);
  const suite = (wrapper: Wrapper | null, expected: string[], kind: 'hidden' | 'visible'): SuiteRun => {
    const o = wrapper ? outcomes.get(wrapper.file) : undefined;
    if (!o || !wrapper) return ABSENT;
    const built = toSuiteRun(o, expected, wrapper.canaries, seconds, input);
    problems.push(...suiteProblems(built, o, kind, seconds, input));
    // Only names of the reference listing are shown (a canary's random name is not one of them).
    const retimed = (o.retimed ?? []).filter((n) => expected.includes(n));
    if (retimed.length > 0) {
      const limit = Math.round(input.limits.testMs / 1000);
      problems.push({
        code: 'E_RETIMED',
        severity: 'warning',
        message: `${retimed.length} ${kind} test(s) ran past the ${limit} s limit per test and ran again on their own; the second result counts: ${retimed.map((n) => `"${n}"`).join(', ')}.`,
      });
    }
    return built;
  };
  const hidden = suite(input.wrappers.hidden, input.expected.hidden, 'hidden');
  const visible = suite(input.wrappers.visible, input.expected.visible, 'visible');
  const messages = runs.flatMap((r) => [
    ...r.log.unhandled.map((e) => e.message ?? ''),
    ...[...r.log.files.values()].flatMap((f) => [...f.moduleErrors.map((e) => e.message ?? ''), ...[...f.ended.values()].map((e) => e.error?.message ?? '')]),
  ]);
  const exitCall = messages.find((m) => /process\.exit unexpectedly called/.test(m));
  if (exitCall) {
    // The exit code is text from the run: shown only when it is a plain number.
    const code = /with "(-?\d{1,3})"/.exec(exitCall)?.[1] ?? '';
    problems.push({
      code: 'E_PROCESS_EXIT',
      severity: 'error',
      message: `Your code called process.exit(${code}) while being tested: a library must never end the process. The tests that reached it failed.`,
      detail: exitCall,
    });
  }
  return { hidden, visible, problems: dedupeProblems(problems), stalled: [...outcomes.values()].some((o) => o.stalled) };
}

function toSuiteRun(o: Outcome, expected: string[], canaryNames: string[], seconds: number, input: SuitesInput): SuiteRun {
  const tests: TestOutcome[] = expected.map((name) => {
    const culprit = o.culprits.find((c) => c.name === name);
    if (culprit) {
      const why =
        culprit.reason === 'timeout'
          ? `the run was stopped at the ${seconds} s limit while this test was running`
          : culprit.reason === 'cpu'
            ? `the test process was stopped at its CPU-time limit of ${cpuSeconds(input)} s while this test was running`
            : `the test process died during this test (${culprit.why})`;
      return { name, status: 'failed', message: `did not finish: ${why}`, detail: culprit.detail };
    }
    const ended = o.progress.ended.get(name);
    if (ended) {
      const s = ended.state === 'passed' ? 'passed' : ended.state === 'failed' ? 'failed' : 'skipped';
      if (s !== 'failed' || !ended.error) return { name, status: s };
      return { name, status: s, message: `failed with ${describeRuntime(input.kitRoot, ended.error, input.own)}`, detail: rawText(ended.error) };
    }
    return { name, status: 'missing' };
  });
  const canaries = [...o.progress.ended.entries()].filter(([n]) => canaryNames.includes(n));
  const canary: SuiteRun['canary'] = canaries.some(([, e]) => e.state === 'passed')
    ? 'passed'
    : canaryNames.length > 0 && canaries.length === canaryNames.length
      ? 'failed'
      : 'missing';
  return { status: o.status, tests, canary };
}

function suiteProblems(suite: SuiteRun, o: Outcome, kind: string, seconds: number, input: SuitesInput): Problem[] {
  const problems: Problem[] = [];
  for (const e of o.progress.moduleErrors) {
    const c = checkedError(input.kitRoot, e, input.own);
    problems.push({
      code: 'E_SUITE_LOAD',
      severity: 'error',
      message: `The ${kind} suite could not load your code: it failed with ${describeChecked(c)}. Run npm test to see the message.`,
      detail: rawText(e),
      ...(c.file ? { file: c.file, line: c.line } : {}),
    });
  }
  for (const c of o.culprits) {
    const again = 'the suite ran again without that test so the others still count';
    if (c.reason === 'timeout')
      problems.push({ code: 'E_TIMEOUT', severity: 'error', message: `The ${kind} suite timed out after ${seconds} s in test "${c.name}"; ${again}.` });
    else if (c.reason === 'cpu')
      problems.push({
        code: 'E_TIMEOUT',
        severity: 'error',
        message: `The ${kind} suite's test process reached its CPU-time limit of ${cpuSeconds(input)} s in test "${c.name}"; ${again}.`,
      });
    else
      problems.push({
        code: 'E_EXITED',
        severity: 'error',
        message: `The test process died during ${kind} test "${c.name}" (${c.why}); ${again}.`,
        detail: c.detail,
      });
  }
  if (o.stalled) {
    problems.push({
      code: 'E_TIMEOUT',
      severity: 'error',
      message: `Your code did not finish loading: no ${kind} test had started after ${Math.round(Math.min(STALL_MS, input.limits.runMs) / 1000)} s, so the run was stopped. Look for a loop or a wait at the top level of your files.`,
    });
  } else if (o.culprits.length === 0 && suite.status === 'timeout') {
    const limit = o.cpuLimited ? `reached its test process's CPU-time limit of ${cpuSeconds(input)} s` : `timed out after ${seconds} s`;
    problems.push({ code: 'E_TIMEOUT', severity: 'error', message: `The ${kind} suite ${limit}; the run was stopped there.` });
  }
  if (o.culprits.length === 0 && suite.status === 'crashed') {
    const first = o.unhandled[0];
    const why = first
      ? `${describeRuntime(input.kitRoot, first, input.own)} was never caught`
      : `vitest exited with code ${String(o.exitCode)} before the end of the run`;
    problems.push({
      code: 'E_EXITED',
      severity: 'error',
      message: `The test process exited early during the ${kind} suite: ${why}. Tests that never reported count as failed.`,
      ...(first ? { detail: rawText(first) } : {}),
    });
  }
  if (suite.canary === 'passed') {
    problems.push({
      code: 'E_TAMPERED',
      severity: 'error',
      message: `In the ${kind} suite, a canary test that must fail passed: the code under test patched expect or a global the assertions use. The ${kind} suite scores 0.`,
    });
  }
  const missing = suite.tests.filter((t) => t.status === 'missing');
  if (missing.length > 0 && o.progress.moduleErrors.length === 0 && suite.status === 'ran') {
    problems.push({
      code: 'E_MISSING_TESTS',
      severity: 'error',
      message: `${missing.length} expected ${kind} test(s) never reported and count as failed: ${missing.map((t) => t.name).join('; ')}.`,
    });
  }
  const skipped = suite.tests.filter((t) => t.status === 'skipped');
  if (skipped.length > 0) {
    problems.push({
      code: 'E_SKIPPED_TESTS',
      severity: 'warning',
      message: `${skipped.length} ${kind} test(s) were skipped and count as failed: ${skipped.map((t) => t.name).join('; ')}.`,
    });
  }
  return problems;
}
