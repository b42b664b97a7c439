/**
 * The grader end to end on fixture submissions of the demo exercise, graded as one class through
 * the CLI (`npm run grade -- --class`): each fixture gets its exact expected result and the batch
 * completes even though fixtures hang, exit, cheat or do not compile. Then regrades (cache,
 * overrides), determinism, the single-submission command and the grader's own failures.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../src/files.js';
import { gradeSubmission, openSession } from '../src/grade.js';
import { OPT_IN_FILE, type Leaderboard } from '../src/leaderboard.js';
import type { Report } from '../src/report.js';
import type { RunResults } from '../src/results.js';
import { createDemoKit, DEMO, SOLUTION, type DemoKit } from './demo-kit.js';
import { ATTACKS, writeAttacks } from './attacks.js';
import { FIXTURES, writeFixtures } from './fixtures.js';

const run = promisify(execFile);
let kit: DemoKit;
let work: string;
let classDir: string;
let outDir: string;
let firstRun: { code: number; stdout: string; stderr: string };

async function grade(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [path.join(kit.root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(kit.root, 'scripts', 'grade.ts'), ...args],
      {
        cwd: kit.root,
        env: { ...process.env, INIT_CWD: work, ...env },
        timeout: 280_000,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

function reportOf(student: string, dir = outDir): Report {
  return JSON.parse(readFileSync(path.join(dir, student, 'report.json'), 'utf8')) as Report;
}

function resultsOf(student: string, dir = outDir): RunResults {
  return JSON.parse(readFileSync(path.join(dir, student, 'results.json'), 'utf8')) as RunResults;
}

function items(student: string): Record<string, number> {
  return Object.fromEntries(reportOf(student).exercises[0]!.items.map((i) => [i.id, i.points]));
}

function codes(student: string): string[] {
  return [...new Set(reportOf(student).exercises[0]!.problems.map((p) => p.code))].sort();
}

const FULL = {
  'performance/loader-calls-per-key': 20,
  'performance/wrong-values': 20,
  'technical/hidden-suite': 30,
  'problem-solving/visible-suite': 10,
  'problem-solving/own-tests': 10,
  'documentation/analysis': 2,
  'documentation/sections': 4,
  'documentation/figures': 4,
};
const ZERO = Object.fromEntries(Object.keys(FULL).map((k) => [k, 0]));

beforeAll(async () => {
  kit = createDemoKit();
  work = mkdtempSync(path.join(tmpdir(), 'cachelab-fixtures-'));
  classDir = path.join(work, 'class');
  outDir = path.join(work, 'out');
  writeFixtures(classDir);
  writeAttacks(classDir, { kitRoot: kit.root, outDir });
  // Four students opt in to the leaderboard (one of them as a bare exercises/ folder); one botches the file.
  for (const name of ['pass', 'partial', 'infinite-loop']) writeFileSync(path.join(classDir, name, 'exercises', OPT_IN_FILE), '{ "optIn": true }\n');
  writeFileSync(path.join(classDir, 'pass-bare', OPT_IN_FILE), '{ "optIn": true }\n');
  writeFileSync(path.join(classDir, 'hard-coded', 'exercises', OPT_IN_FILE), '{ optIn: yes }\n');
  firstRun = await grade(['--class', 'class', '--out', 'out', '--jobs', '2', '--leaderboard']);
}, 300_000);

afterAll(() => {
  kit?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('a class of fixture submissions', () => {
  it('completes the batch with exit code 0 and every report written', () => {
    expect(firstRun.code, firstRun.stderr).toBe(0);
    for (const name of [...Object.keys(FIXTURES), ...Object.keys(ATTACKS)]) {
      for (const f of ['results.json', 'report.json', 'report.html', 'report.md', 'feedback.md']) {
        expect(existsSync(path.join(outDir, name, f)), `${name}/${f}`).toBe(true);
      }
    }
    expect(readFileSync(path.join(outDir, 'grades.csv'), 'utf8').trim().split('\n')).toHaveLength(
      Object.keys(FIXTURES).length + Object.keys(ATTACKS).length + 1,
    );
    expect(readFileSync(path.join(outDir, 'index.html'), 'utf8')).toContain('href="infinite-loop/report.html"');
    expect(readFileSync(path.join(outDir, 'index.html'), 'utf8')).toContain('integrity: sandboxed (bwrap, no network)');
    expect(firstRun.stdout).toMatch(/^student\s+total\s+ex 9\s+notes$/m);
  });

  it('pass: full marks, in a kit copy and as a bare exercises/ folder alike', () => {
    expect(items('pass')).toEqual(FULL);
    expect(codes('pass')).toEqual([]);
    expect(reportOf('pass')).toMatchObject({ total: 100, max: 100, exercises: [{ id: 'exercise-9-demo', status: 'graded' }] });
    expect(items('pass-bare')).toEqual(FULL);
    expect(reportOf('pass-bare').submissionHash).toBe(reportOf('pass').submissionHash);
  });

  it('stubs: the untouched stub and template earn nothing', () => {
    expect(items('stubs')).toEqual(ZERO);
    expect(reportOf('stubs').total).toBe(0);
  });

  it('partial: partial credit between baseline and target, 3 of 4 hidden tests, half the documentation', () => {
    const calls = reportOf('partial').exercises[0]!.items.find((i) => i.id === 'performance/loader-calls-per-key')!;
    const { value, baseline } = calls.figure!;
    // The baseline is the naive memo measured on the same secret parameters, not the check's constant (12).
    expect(baseline).toBe(10);
    expect(resultsOf('partial').exercises[0]!.loadVisible!.figures[0]!.baseline).toBe(12);
    expect(value!).toBeGreaterThan(1);
    expect(value!).toBeLessThan(baseline!);
    expect(items('partial')).toEqual({
      'performance/loader-calls-per-key': Math.round(((20 * (baseline! - value!)) / (baseline! - 1)) * 100) / 100,
      'performance/wrong-values': 20,
      'technical/hidden-suite': 22.5,
      'problem-solving/visible-suite': 10,
      'problem-solving/own-tests': 0,
      'documentation/analysis': 2,
      'documentation/sections': 2.67,
      'documentation/figures': 2,
    });
    expect(
      resultsOf('partial')
        .exercises[0]!.hidden.tests.filter((t) => t.status !== 'passed')
        .map((t) => t.name),
    ).toEqual(['memo (hidden) > shares one load between concurrent callers']);
  });

  it('compile-error: reported with file and line, zero points', () => {
    expect(reportOf('compile-error').total).toBe(0);
    expect(codes('compile-error')).toEqual(['E_COMPILE', 'E_LOAD_CHECK', 'E_SUITE_LOAD']);
    const first = reportOf('compile-error').exercises[0]!.problems.find((p) => p.code === 'E_COMPILE')!;
    expect(first).toMatchObject({ file: 'exercises/exercise-9-demo/memo.ts', line: 11, severity: 'error' });
    expect(first.message).toMatch(/^Did not compile: exercises\/exercise-9-demo\/memo\.ts:11 TS\d+ /);
  });

  it('throws-at-import: the error and the line that threw, zero points', () => {
    expect(reportOf('throws-at-import').total).toBe(0);
    expect(codes('throws-at-import')).toEqual(['E_LOAD_CHECK', 'E_SUITE_LOAD']);
    const load = reportOf('throws-at-import').exercises[0]!.problems.find((p) => p.code === 'E_SUITE_LOAD')!;
    const line = SOLUTION.split('\n').length + 1;
    expect(load).toMatchObject({ file: 'exercises/exercise-9-demo/memo.ts', line });
    // The student's report names the error's kind and line; its message stays in the instructor's copy.
    expect(load.message).toBe(
      `The hidden suite could not load your code: it failed with an Error thrown at exercises/exercise-9-demo/memo.ts:${line}. Run npm test to see the message.`,
    );
    expect(resultsOf('throws-at-import').exercises[0]!.problems.find((p) => p.code === 'E_SUITE_LOAD')!.detail).toBe('memo exploded while loading');
  });

  it('infinite-loop: stopped at the limit in the hung test, the other tests still count', () => {
    const hidden = resultsOf('infinite-loop').exercises[0]!.hidden;
    expect(hidden.status).toBe('timeout');
    expect(hidden.tests.map((t) => t.status)).toEqual(['passed', 'passed', 'failed', 'passed']);
    expect(codes('infinite-loop')).toEqual(['E_TIMEOUT']);
    expect(reportOf('infinite-loop').exercises[0]!.problems[0]!.message).toContain('in test "memo (hidden) > shares one load between concurrent callers"');
    expect(items('infinite-loop')).toEqual({
      ...ZERO,
      'performance/loader-calls-per-key': 20,
      'performance/wrong-values': 20,
      'technical/hidden-suite': 22.5,
      'problem-solving/visible-suite': 10,
    });
  });

  it('memory-hog: each test that runs out of memory fails, the others still count', () => {
    const run = resultsOf('memory-hog').exercises[0]!;
    expect([run.hidden.status, run.visible.status]).toEqual(['crashed', 'crashed']);
    expect(run.hidden.tests.map((t) => t.status)).toEqual(['passed', 'failed', 'failed', 'passed']);
    expect(codes('memory-hog')).toEqual(['E_EXITED', 'E_LOAD_CHECK']);
    const died = reportOf('memory-hog')
      .exercises[0]!.problems.filter((p) => p.code === 'E_EXITED')
      .map((p) => p.message);
    expect(died).toEqual([
      'The test process died during hidden test "memo (hidden) > calls the loader once per key" (out of memory: the limit is 512 MB); the suite ran again without that test so the others still count.',
      'The test process died during hidden test "memo (hidden) > shares one load between concurrent callers" (out of memory: the limit is 512 MB); the suite ran again without that test so the others still count.',
      'The test process died during visible test "memo (visible) > serves a second get from the cache" (out of memory: the limit is 512 MB); the suite ran again without that test so the others still count.',
    ]);
    expect(run.load.error).toMatch(/out of memory: the limit is 512 MB/);
    const { 'performance/loader-calls-per-key': _a, 'performance/wrong-values': _b, ...rest } = ZERO;
    expect(items('memory-hog')).toEqual({ ...rest, 'performance/load-check': 0, 'technical/hidden-suite': 15, 'problem-solving/visible-suite': 5 });
  });

  it('process-exit: an error, never a pass', () => {
    expect(reportOf('process-exit').total).toBe(0);
    expect(codes('process-exit')).toEqual(['E_LOAD_CHECK', 'E_PROCESS_EXIT', 'E_SUITE_LOAD']);
    const run = resultsOf('process-exit').exercises[0]!;
    expect([...run.hidden.tests, ...run.visible.tests].every((t) => t.status === 'missing')).toBe(true);
  });

  it('assertion-patching: the canary passes, both suites score 0 with a flag', () => {
    const run = resultsOf('assertion-patching').exercises[0]!;
    expect([run.hidden.canary, run.visible.canary]).toEqual(['passed', 'passed']);
    // The patched matchers did make tests pass: the canary is what catches it.
    expect(run.hidden.tests.filter((t) => t.status === 'passed').length).toBeGreaterThan(0);
    expect(codes('assertion-patching')).toEqual(['E_TAMPERED']);
    expect(items('assertion-patching')).toEqual(ZERO);
  });

  it('hard-coded visible figures: meets the target on the visible trace, earns nothing for it on the secret one', () => {
    const run = resultsOf('hard-coded').exercises[0]!;
    expect(run.loadVisible!.figures.find((f) => f.id === 'loader-calls-per-key')!.value).toBe(0);
    const secret = run.load.figures.find((f) => f.id === 'loader-calls-per-key')!;
    expect(secret.value).toBe(secret.baseline);
    // Its edited visible suite was replaced by the kit's: 1 of the kit's 2 visible tests passes.
    expect(run.visible.tests.map((t) => [t.name, t.status])).toEqual([
      ['memo (visible) > returns the loaded value', 'passed'],
      ['memo (visible) > serves a second get from the cache', 'failed'],
    ]);
    expect(items('hard-coded')).toEqual({
      ...FULL,
      'performance/loader-calls-per-key': 0,
      'technical/hidden-suite': 15,
      'problem-solving/visible-suite': 5,
      'problem-solving/own-tests': 0,
    });
    expect(reportOf('hard-coded').total).toBe(50);
  });

  it('missing-files: graded with the stub in place of the deleted file, and says which', () => {
    expect(codes('missing-files')).toEqual(['E_MISSING_FILES']);
    expect(reportOf('missing-files').exercises[0]!.problems[0]!.message).toContain('exercises/exercise-9-demo/memo.ts');
    expect(items('missing-files')).toEqual({ ...ZERO, 'documentation/analysis': 2, 'documentation/sections': 4 });
  });

  it('leaderboard: ranks the students who opted in, under aliases, and names nobody', () => {
    const opted = ['infinite-loop', 'partial', 'pass', 'pass-bare'];
    const aliases = opted.map((s) => reportOf(s).leaderboard?.alias);
    expect(aliases.every((a) => /^[a-z]+-[a-z]+-[0-9a-f]{4}$/.test(a ?? ''))).toBe(true);
    expect(new Set(aliases).size).toBe(4);
    expect(reportOf('stubs').leaderboard).toBeUndefined();
    expect(reportOf('hard-coded').leaderboard).toBeUndefined();
    expect(reportOf('hard-coded').warnings).toEqual([expect.stringMatching(/^exercises\/leaderboard\.json is not valid JSON .* write \{"optIn": true\}/)]);
    const board = JSON.parse(readFileSync(path.join(outDir, 'leaderboard.json'), 'utf8')) as Leaderboard;
    expect(board.participants).toBe(4);
    const calls = board.figures.find((f) => f.figure === 'loader-calls-per-key')!;
    // Three students make one call per key and share first place; partial's FIFO makes more.
    expect(calls.entries.map((e) => e.rank)).toEqual([1, 1, 1, 4]);
    expect(calls.entries[3]!.alias).toBe(reportOf('partial').leaderboard!.alias);
    expect(calls.entries.map((e) => e.alias).sort()).toEqual([...aliases].sort());
    const published = `${JSON.stringify(board)}${readFileSync(path.join(outDir, 'leaderboard.html'), 'utf8')}`;
    for (const name of Object.keys(FIXTURES)) expect(published).not.toMatch(new RegExp(`\\b${name}\\b`));
    expect(readFileSync(path.join(outDir, 'pass', 'feedback.md'), 'utf8')).toContain(`you appear as **${aliases[2]}**`);
    expect(readFileSync(path.join(outDir, 'index.html'), 'utf8')).toContain('<a href="leaderboard.html">');
    expect(firstRun.stdout).toContain(`Leaderboard: ${path.join(outDir, 'leaderboard.html')} (4 opted in)`);
  });

  it('type-error: the student sees the TypeError with their file and line, and no more', () => {
    expect(reportOf('type-error').total).toBe(0);
    const visible = resultsOf('type-error').exercises[0]!.visible.tests;
    expect(visible.map((t) => t.message)).toEqual(Array(2).fill('failed with a TypeError thrown at exercises/exercise-9-demo/memo.ts:12'));
    expect(visible[0]!.detail).toMatch(/^TypeError: Cannot read properties of undefined/);
    const feedback = readFileSync(path.join(outDir, 'type-error', 'feedback.md'), 'utf8');
    expect(feedback).toContain('failed with a TypeError thrown at exercises/exercise-9-demo/memo.ts:12');
    expect(feedback).not.toContain('Cannot read properties');
  });

  it('stuck-import: one stop when no test starts, the rest of the exercise skipped, well under a minute', () => {
    const run = resultsOf('stuck-import').exercises[0]!;
    expect(reportOf('stuck-import').total).toBe(0);
    expect(codes('stuck-import')).toEqual(['E_LOAD_CHECK', 'E_TIMEOUT']);
    expect(run.problems.find((p) => p.code === 'E_TIMEOUT')!.message).toBe(
      'Your code did not finish loading: no hidden test had started after 25 s, so the run was stopped. Look for a loop or a wait at the top level of your files.',
    );
    expect(run.load).toMatchObject({ status: 'timeout', error: 'skipped: your code did not finish loading in the suites' });
    // One stopped run (25 s here), not a run per suite and a load check at their full limits.
    expect(run.durationMs).toBeLessThan(60_000);
  });

  it('not-a-submission: a zero with a clear reason, the batch goes on', () => {
    const r = reportOf('not-a-submission');
    expect(r.problems.map((p) => p.code)).toEqual(['E_SUBMISSION_LAYOUT']);
    expect([r.total, r.exercises[0]!.status]).toEqual([0, 'not-submitted']);
  });
});

describe('attacks on the grader score what the untouched stub scores', () => {
  it('every attack: 0 points, item by item, like the stub, in the sandbox', () => {
    for (const name of Object.keys(ATTACKS)) {
      expect(resultsOf(name).integrity, name).toEqual({ mode: 'sandboxed', tool: 'bwrap', network: 'none' });
      const r = reportOf(name);
      expect([name, r.total]).toEqual([name, 0]);
      // The same points as the stub, item by item (a crashed load check is one item, worth 0, in place of the figures).
      expect([name, r.exercises[0]!.items.filter((i) => i.points !== 0).map((i) => i.id)]).toEqual([name, []]);
    }
  });

  it('a linked exercise folder is graded as missing and hashes as nothing graded; a linked file is left out', () => {
    expect(reportOf('attack-symlink-folder').exercises[0]!.status).toBe('not-submitted');
    expect(codes('attack-symlink-folder')).toEqual(['E_EXERCISE_MISSING', 'E_SYMLINK']);
    expect(reportOf('attack-symlink-folder').exercises[0]!.problems.find((p) => p.code === 'E_SYMLINK')!.message).toMatch(
      /exercises\/exercise-9-demo is a symbolic link: links are never followed/,
    );
    // Nothing of it is graded, and the hash says so: it covers exactly the graded files.
    expect(resultsOf('attack-symlink-folder').submissionHash).toBe(createHash('sha256').digest('hex').slice(0, 16));
    expect(codes('attack-symlink-file')).toEqual(expect.arrayContaining(['E_MISSING_FILES', 'E_SYMLINK']));
    expect(resultsOf('attack-symlink-file').submissionHash).not.toBe(resultsOf('stubs').submissionHash);
  });

  it('rewriting the progress channel finds nothing to rewrite', () => {
    const run = resultsOf('attack-progress').exercises[0]!;
    expect([...run.hidden.tests, ...run.visible.tests].filter((t) => t.status === 'passed')).toEqual([]);
  });

  it('matchers that spare tests named like a canary are caught: the canaries have other names each run', () => {
    const run = resultsOf('attack-canary-name').exercises[0]!;
    expect([run.hidden.canary, run.visible.canary]).toEqual(['passed', 'passed']);
    expect(codes('attack-canary-name')).toContain('E_TAMPERED');
  });

  it('hollow own tests catch none of the planted bugs and earn nothing, however much they cover', () => {
    const own = resultsOf('attack-hollow-tests').exercises[0]!.own;
    expect([own.passed, own.total]).toEqual([2, 2]);
    expect(own.coverage).toBe(100);
    expect(own.planted).toEqual([
      { name: 'the untouched stub', caught: false },
      { name: 'the naive baseline', caught: false },
    ]);
    expect(reportOf('attack-hollow-tests').exercises[0]!.items.find((i) => i.id === 'problem-solving/own-tests')).toMatchObject({
      points: 0,
      feedback: expect.stringMatching(
        /^Your tests caught 0 of 2 planted bugs \(missed: the untouched stub, the naive baseline: add a test that passes on your code and fails on it\)/,
      ),
    });
    // The model answer's own tests catch both.
    expect(resultsOf('pass').exercises[0]!.own.planted.map((p) => p.caught)).toEqual([true, true]);
  });

  it('a patched JSON.stringify does not reach the figures', () => {
    const load = resultsOf('attack-stringify').exercises[0]!.load;
    expect(load.figures.find((f) => f.id === 'loader-calls-per-key')?.value ?? null).toBeNull();
  });

  it("the sandbox refuses the network, the grader's processes, the output folder and the secret file", () => {
    const text = JSON.stringify(resultsOf('attack-probe'));
    const probe = /sandbox probe: network=([^;]*); grader-proc=([^;]*); out=([^;]*); secret=([^"\\]*)/.exec(text);
    expect(probe, text.slice(0, 2000)).not.toBeNull();
    expect(probe!.slice(1).map((p) => p.split(' ')[0])).toEqual(['refused', 'refused', 'refused', 'refused']);
    expect(existsSync(path.join(outDir, 'probe.txt'))).toBe(false);
  });
});

describe("nothing a submission prints or throws carries the kit's private text into a report", () => {
  const STUDENT_VISIBLE = ['feedback.md', 'report.html', 'report.md', 'report.json'];
  /** Every line (16 characters or more) of the demo kit's private files: hidden suites, baseline, secret parameters. */
  const privateLines = (): string[] => {
    const files = listFiles(path.join(kit.root, 'grader', 'exercises')).map((f) => path.join(kit.root, 'grader', 'exercises', f));
    return [
      ...new Set(
        files.flatMap((f) =>
          readFileSync(f, 'utf8')
            .split('\n')
            .map((l) => l.trim())
            .filter((l) => l.length >= 16),
        ),
      ),
    ];
  };
  /** A file's text as a reader sees it: HTML entities decoded, JSON strings unescaped. */
  const readable = (file: string): string => {
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.json')) return JSON.stringify(JSON.parse(text), null, 1).replace(/\\n/g, '\n').replace(/\\"/g, '"');
    return text
      .replace(/&#x27;|&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&#x3D;/g, '=')
      .replace(/&#x60;/g, '`')
      .replace(/&amp;/g, '&');
  };

  it('no student-visible file of any submission holds a line of a private file, the secret seed or a workspace path', () => {
    const lines = privateLines();
    expect(lines.length).toBeGreaterThan(20);
    for (const name of [...Object.keys(FIXTURES), ...Object.keys(ATTACKS)]) {
      for (const f of STUDENT_VISIBLE) {
        const text = readable(path.join(outDir, name, f));
        expect([name, f, lines.filter((l) => text.includes(l))]).toEqual([name, f, []]);
        for (const secret of ['demo-secret', 'distinctive-hidden-marker', 'cachelab-grade-', 'cachelab-progress-', '"seed"'])
          expect([name, f, text.includes(secret)]).toEqual([name, f, false]);
      }
    }
  });

  it("the leaking attacks did reach private text, which stays in the instructor's results.json", () => {
    // The hidden suites are readable by the test worker (it runs them): the text is in the raw detail only.
    expect(JSON.stringify(resultsOf('attack-read-hidden'))).toContain('What the hidden suite needs to build a memo around a loader');
    expect(resultsOf('attack-return-hidden').exercises[0]!.visible.tests[0]!.detail).toContain("expected 'import { describe, expect, it } from");
    expect(resultsOf('attack-read-request').exercises[0]!.hidden.tests[0]!.detail).toMatch(/^leak: /);
    for (const name of ['attack-read-hidden', 'attack-return-hidden', 'attack-read-request']) expect([name, reportOf(name).total]).toEqual([name, 0]);
  });
});

describe('without the sandbox', () => {
  it('grades, and labels every report and the terminal "integrity: reduced" with why', async () => {
    const r = await grade(['class/attack-probe', '--out', 'reduced', '--force'], { CACHELAB_SANDBOX: 'off' });
    expect(r.code, r.stderr).toBe(0);
    const dir = path.join(work, 'reduced');
    const reduced = { mode: 'reduced', why: 'CACHELAB_SANDBOX=off' };
    expect(resultsOf('.', dir).integrity).toEqual(reduced);
    expect(reportOf('.', dir).integrity).toEqual(reduced);
    expect(r.stdout).toContain('integrity: reduced (no sandbox: CACHELAB_SANDBOX=off)');
    expect(r.stderr).toContain('these are not final grades');
    expect(readFileSync(path.join(dir, 'feedback.md'), 'utf8')).toContain(
      'Graded without the sandbox (integrity: reduced (no sandbox: CACHELAB_SANDBOX=off)): not a final grade.',
    );
    expect(readFileSync(path.join(dir, 'report.html'), 'utf8')).toContain('integrity: reduced (no sandbox: CACHELAB_SANDBOX&#x3D;off)');
    // The same probe that the sandbox refused now reads the secret parameters: the label is earned.
    expect(JSON.stringify(resultsOf('.', dir))).toMatch(/secret=open/);
  }, 200_000);
});

describe('regrading', () => {
  it('skips unchanged submissions (a leaderboard opt-in change included), reruns a changed one, and applies overrides', async () => {
    const before = resultsOf('partial').gradedAt;
    writeFileSync(path.join(classDir, 'stubs', 'exercises', 'exercise-9-demo', 'memo.ts'), SOLUTION);
    // Leaving the leaderboard changes no result: partial stays cached.
    writeFileSync(path.join(classDir, 'partial', 'exercises', OPT_IN_FILE), '{ "optIn": false }\n');
    writeFileSync(
      path.join(outDir, 'overrides.json'),
      JSON.stringify({
        version: 1,
        students: { partial: { 'exercise-9-demo': { 'problem-solving/own-tests': { points: 6, comment: 'Tested by hand in the screencast.' } } } },
      }),
    );
    const again = await grade(['--class', 'class', '--out', 'out', '--jobs', '2']);
    expect(again.code, again.stderr).toBe(0);
    expect(resultsOf('partial').gradedAt).toBe(before);
    expect(again.stdout).toMatch(/^partial .*\(unchanged, cached\)$/m);
    expect(again.stdout).not.toMatch(/^stubs .*cached/m);
    expect(reportOf('stubs').exercises[0]!.criteria.find((c) => c.id === 'technical')!.score).toBe(30);
    const partial = reportOf('partial');
    expect(partial.exercises[0]!.items.find((i) => i.id === 'problem-solving/own-tests')).toMatchObject({
      points: 6,
      override: { computed: 0, comment: 'Tested by hand in the screencast.' },
    });
    expect(readFileSync(path.join(outDir, 'partial', 'feedback.md'), 'utf8')).toContain('Instructor: Tested by hand in the screencast.');
  }, 200_000);

  it('gives the same submission the same report on every run (embedded backend)', async () => {
    const session = await openSession({
      kitRoot: kit.root,
      manifest: [DEMO],
      force: true,
      cacheDir: path.join(work, 'cache'),
      overridesFile: path.join(outDir, 'overrides.json'),
    });
    for (const name of ['partial', 'hard-coded']) {
      const a = await gradeSubmission(path.join(classDir, name), session, path.join(work, 'twice-a', name));
      const b = await gradeSubmission(path.join(classDir, name), session, path.join(work, 'twice-b', name));
      expect(a.cached || b.cached).toBe(false);
      expect(b.report).toEqual(a.report);
      expect(a.report).toEqual(reportOf(name));
    }
  }, 200_000);
});

describe('the grade command', () => {
  it('grades one submission folder into --out', async () => {
    const r = await grade(['class/pass-bare', '--out', 'single']);
    expect(r.code, r.stderr).toBe(0);
    expect(reportOf('.', path.join(work, 'single')).total).toBe(100);
    expect(r.stdout).toContain(`Reports: ${path.join(work, 'single', 'report.html')}`);
    // Progress on stderr as plain lines: the preparation's first, then a line per phase as it starts and as it ends.
    const lines = r.stderr.split('\n');
    expect(lines[0]).toMatch(/^preparing: the reference test lists and the baselines on the grading parameters/);
    expect(lines.indexOf('exercise 9: hidden suite (4 tests) and visible suite (2 tests) …')).toBeGreaterThan(0);
    expect(lines.indexOf('exercise 9: own tests (1 file(s), against 2 planted bugs) …')).toBeGreaterThan(
      lines.indexOf('exercise 9: hidden suite (4 tests) and visible suite (2 tests) …'),
    );
    expect(lines).toContain('exercise 9: load check (secret parameters, and the visible ones for the figures ANALYSIS.md quotes) …');
    expect(r.stderr).toMatch(/^exercise 9: hidden suite 4\/4 passed · visible suite 2\/2 passed · \d+\.\d s$/m);
    expect(r.stderr).toMatch(/^exercise 9: own tests 2\/2 passed, 2\/2 planted bugs caught · \d+\.\d s$/m);
    expect(r.stderr).toMatch(/^exercise 9: load check \(secret parameters\): 2\/2 figures measured · \d+\.\d s$/m);
  }, 200_000);

  it("grades the checkout itself without arguments: the kit's own stubs score 0", async () => {
    const r = await grade([]);
    expect(r.code, r.stderr).toBe(0);
    const dir = path.join(kit.root, 'out', 'grades', path.basename(kit.root));
    expect(reportOf('.', dir).total).toBe(0);
    expect(statSync(path.join(dir, 'report.html')).size).toBeGreaterThan(0);
  }, 200_000);

  it('exits 2 with the fix for a bad argument, 1 when the grader cannot go on', async () => {
    const missing = await grade(['no-such-dir']);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining(`${path.join(work, 'no-such-dir')} does not exist`)]);
    const jobs = await grade(['--class', 'class', '--jobs', '0']);
    expect([jobs.code, jobs.stderr]).toEqual([2, expect.stringContaining('--jobs must be a whole number >= 1, got "0"')]);
    const both = await grade(['class/pass', '--class', 'class']);
    expect(both.code).toBe(2);
    const board = await grade(['class/pass', '--leaderboard']);
    expect([board.code, board.stderr]).toEqual([2, expect.stringContaining('--leaderboard ranks a class: use it with --class <dir>')]);
    writeFileSync(path.join(work, 'bad-rubric.json'), JSON.stringify({ version: 1 }));
    const rubric = await grade(['class/pass', '--rubric', 'bad-rubric.json', '--out', 'bad']);
    expect(rubric.code).toBe(1);
    expect(rubric.stderr).toContain(`${path.join(work, 'bad-rubric.json')}: points must be a number >= 0 (got nothing)`);
  }, 200_000);
});
