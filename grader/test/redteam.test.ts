/**
 * Red team of the grader's trust model (docs/instructor-guide.md, "Trust model"): the submissions
 * of redteam-attacks.ts graded as one class through the CLI, like fixtures.test.ts does. Each must
 * score what the untouched stub scores (0) and leak nothing into a student-visible file.
 *
 * Each hole found here is a test with the defence that closed it; the gaps the trust model admits
 * are tests too, at their exact effect today, so that a change either way is seen.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../src/files.js';
import type { Report } from '../src/report.js';
import type { RunResults } from '../src/results.js';
import { createDemoKit, type DemoKit } from './demo-kit.js';
import { REDTEAM, writeRedTeam } from './redteam-attacks.js';

const run = promisify(execFile);
const SECRET_SEED = 'demo-secret';
/**
 * What the memo that loads every time earns: wrong values 0 (20 of the 40 performance points),
 * nothing for loader calls (it is the baseline), half the hidden suite (15) and the visible suite's share (5).
 */
const NAIVE_TOTAL = 40;
/** rt-spare-canaries: the naive memo's performance points with every hidden and visible test counted as passed. */
const SPARED_TOTAL = 60; // 20 (wrong values) + the whole hidden suite (30) + the visible suite's share (10)
const STUDENT_VISIBLE = ['feedback.md', 'report.html', 'report.md', 'report.json'];
let kit: DemoKit;
let work: string;
let classDir: string;
let outDir: string;
let graded: { code: number; stdout: string; stderr: string };

beforeAll(async () => {
  kit = createDemoKit();
  work = mkdtempSync(path.join(tmpdir(), 'cachelab-redteam-'));
  classDir = path.join(work, 'class');
  outDir = path.join(work, 'out');
  writeRedTeam({ kitRoot: kit.root, outDir, classDir });
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [
        path.join(kit.root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        path.join(kit.root, 'scripts', 'grade.ts'),
        '--class',
        'class',
        '--out',
        'out',
        '--jobs',
        '2',
      ],
      { cwd: kit.root, env: { ...process.env, INIT_CWD: work }, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 },
    );
    graded = { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    graded = { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}, 280_000);

afterAll(() => {
  kit?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

function reportOf(student: string): Report {
  return JSON.parse(readFileSync(path.join(outDir, student, 'report.json'), 'utf8')) as Report;
}

function resultsOf(student: string): RunResults {
  return JSON.parse(readFileSync(path.join(outDir, student, 'results.json'), 'utf8')) as RunResults;
}

/** The problem codes of a submission's first exercise. */
function codes(student: string): string[] {
  return reportOf(student).exercises[0]!.problems.map((p) => p.code);
}

/** The ids of the items that earned points (the stub earns none). */
function earning(student: string): string[] {
  return reportOf(student)
    .exercises[0]!.items.filter((i) => i.points !== 0)
    .map((i) => i.id);
}

/** A file's text as a reader sees it: HTML entities decoded, JSON strings unescaped. */
function readable(file: string): string {
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
}

/** Every student-visible file of a submission, as read. */
function visibleText(student: string): string {
  return STUDENT_VISIBLE.map((f) => readable(path.join(outDir, student, f))).join('\n');
}

/** Every line (16 characters or more) of the demo kit's private files. */
function privateLines(): string[] {
  const dirs = ['grader/exercises'];
  const files = dirs.flatMap((d) => listFiles(path.join(kit.root, d)).map((f) => path.join(kit.root, d, f)));
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
}

/** What of the private text a submission's student-visible files hold. */
function leaks(student: string): string[] {
  const text = visibleText(student);
  const markers = [SECRET_SEED, 'distinctive-hidden-marker', 'cachelab-grade-', 'cachelab-progress-', '"seed"'];
  return [...privateLines().filter((l) => text.includes(l)), ...markers.filter((m) => text.includes(m))];
}

describe('red team: the class run', () => {
  it('ran sandboxed, and the control (the untouched stub) scores 0', () => {
    expect(graded.stdout, graded.stderr).toContain('integrity: sandboxed (bwrap, no network)');
    expect(resultsOf('rt-stub').integrity).toEqual({ mode: 'sandboxed', tool: 'bwrap', network: 'none' });
    expect(reportOf('rt-stub').total).toBe(0);
    expect(earning('rt-stub')).toEqual([]);
    // The copied classmate is the model answer (no own tests, the template as ANALYSIS.md): 80 points.
    expect(reportOf('rt-victim').total).toBe(80);
  });

  it('no student-visible file of the attacks that do not aim at it holds private text', () => {
    // rt-victim is the model answer, rt-naive and rt-check-global the baseline's code (both may share lines with the baseline).
    const aimed = new Set(['rt-victim', 'rt-naive', 'rt-check-global']);
    for (const name of Object.keys(REDTEAM).filter((n) => !aimed.has(n))) expect([name, leaks(name)]).toEqual([name, []]);
  });
});

describe('red team: what the sandbox and the workspace-only plugin refuse', () => {
  it('rt-refused: the secret by fs, by import through .., ?raw, /@fs/, /@id/, %2e%2e, file://; writes to the workspace: all refused, 0 points', () => {
    const text = JSON.stringify(resultsOf('rt-refused'));
    const verdicts = /refusals: ([^"\\]*)/.exec(text);
    expect(verdicts, text.slice(0, 2000)).not.toBeNull();
    const tries = verdicts![1]!.trim().split(' ');
    expect(tries.map((t) => t.split('=')[0])).toEqual([
      'fs',
      'write-memo',
      'write-wrapper',
      'abs',
      'ws-dotdot',
      'nm-dotdot',
      'raw',
      'at-fs',
      'at-id',
      'encoded',
      'file-url',
    ]);
    expect(tries.filter((t) => !t.endsWith('=refused'))).toEqual([]);
    expect(reportOf('rt-refused').total).toBe(0);
  });
});

describe('red team: the kit cache is out of reach', () => {
  it('rt-kit-cache: the grader cache (baselines, reference listing) cannot be listed, read, overwritten or added to, 0 points', () => {
    const text = JSON.stringify(resultsOf('rt-kit-cache'));
    const verdicts = /kit cache: ([^"\\]*)/.exec(text);
    expect(verdicts, text.slice(0, 2000)).not.toBeNull();
    const tries = verdicts![1]!.trim().split(' ');
    expect(tries.map((t) => t.split('=')[0])).toEqual(['list', 'read', 'overwrite', 'plant']);
    expect(tries.filter((t) => !t.endsWith('=refused'))).toEqual([]);
    expect(reportOf('rt-kit-cache').total).toBe(0);
    // Neither process (test worker, load check) changed the cache: every file is the grader's own JSON.
    const cache = path.join(kit.root, '.cachelab', 'grader');
    const files = listFiles(cache);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      expect(f).not.toContain('planted');
      expect(readFileSync(path.join(cache, f), 'utf8')).not.toContain('KITCACHE-FORGED');
    }
  });
});

describe('red team: holes that were open, each closed by a defence', () => {
  // HOLE 1. Vite, in vitest's main process (outside the sandbox), fills a source map's missing
  // sourcesContent by reading each `sources` path from disk and inlines the map into the code it
  // sends the worker: the kit's solution read that way earned 50 of 100. Defence: the
  // workspace-only plugin loads the workspace's files itself with every source-map comment defused
  // (with or without a query on the import), and defuses them again after each transform.
  it('rt-sourcemap-solution: reading the solution through a source map earns nothing', () => {
    expect(earning('rt-sourcemap-solution')).toEqual([]);
    expect(reportOf('rt-sourcemap-solution').total).toBe(0);
  });

  it('rt-sourcemap-query: the same with ?v=1 on the import earns nothing', () => {
    expect(earning('rt-sourcemap-query')).toEqual([]);
    expect(reportOf('rt-sourcemap-query').total).toBe(0);
  });

  // HOLE 1 again, with a classmate's submission in the class folder: another student's work.
  it('rt-sourcemap-classmate: copying a classmate through a source map earns nothing', () => {
    expect(earning('rt-sourcemap-classmate')).toEqual([]);
    expect(reportOf('rt-sourcemap-classmate').total).toBe(0);
  });

  // HOLE 2. The worker log (the worker may write it) named the culprit of a crash, quoted in the
  // E_EXITED message: the attack wrote the hidden suite as a test name and killed its worker, and
  // the suite's text reached every student-visible file. Defence: only names of the reference
  // listing (and the run's canaries) are believed from that log.
  it('rt-worker-log-leak: a name in the worker log carries no private text into a report', () => {
    expect(reportOf('rt-worker-log-leak').total).toBe(0);
    expect(leaks('rt-worker-log-leak')).toEqual([]);
    expect(JSON.stringify(reportOf('rt-worker-log-leak'))).not.toContain('LEAK-');
  });

  // HOLE 3. Planted copies lived in exercises/<slug>.planted-<k>/: a test that failed there and
  // passed in the student's folder "caught" both planted bugs (10 points for the untouched stub).
  // Defence: every copy, the student's own moved out of exercises/<slug>, sits in a folder with a
  // random name, and the files run in a random order.
  it('rt-own-tests-location: a test that only checks where it runs catches no planted bug', () => {
    expect(earning('rt-own-tests-location')).toEqual([]);
    expect(reportOf('rt-own-tests-location').total).toBe(0);
  });

  // HOLE 5. tsc ran outside the sandbox and followed the student's imports anywhere; E_COMPILE
  // quoted the shape of the secret parameters and of the hidden suite's API. Defence: tsc runs in
  // the sandbox, with the hidden suites masked and nothing of the kit mounted.
  it('rt-tsc-types: compile errors quote nothing of the secret file or the hidden suite', () => {
    expect(reportOf('rt-tsc-types').total).toBe(0);
    const text = visibleText('rt-tsc-types');
    expect(text).not.toContain('seed: string; scale: number;');
    expect(text).not.toContain('(create: (loader:');
    expect(text).toContain('E_COMPILE');
  });

  // HOLE 6. import.meta.glob (and a template-literal import, which vite turns into one) was
  // expanded in the main process: the worker got the names of the kit's private files. Defence:
  // neither is expanded in a grading run; a computed import goes through the workspace-only load.
  it('rt-glob-listing: the worker cannot list folders outside its workspace', () => {
    expect(reportOf('rt-glob-listing').total).toBe(0);
    expect(JSON.stringify(resultsOf('rt-glob-listing'))).not.toContain('solutions/exercise-9-demo/memo.ts');
  });

  it('rt-glob-dynamic: a template-literal import lists nothing and loads nothing outside', () => {
    expect(reportOf('rt-glob-dynamic').total).toBe(0);
    const text = JSON.stringify(resultsOf('rt-glob-dynamic'));
    expect(text).toContain('DYNAMIC');
    expect(text).toContain('is outside the grading workspace');
  });

  // HOLE 7. The worker made its log a sparse 512 MiB file; the grader read it whole and threw, so
  // the student got no report and the class run exited 1. Defence: only the log's tail is read.
  it('rt-sparse-worker-log: a huge worker log still gives a report worth 0', () => {
    expect(existsSync(path.join(outDir, 'rt-sparse-worker-log', 'report.json'))).toBe(true);
    expect(reportOf('rt-sparse-worker-log').total).toBe(0);
    expect(graded.code, graded.stderr.slice(-2000)).toBe(0);
  });

  // HOLE 8. A hard link to the kit's solution is a regular file to lstat: it was graded as the
  // student's own (80 points). Defence: a file with other hard links is left out like a symbolic link.
  it('rt-hardlink: a hard link to the solution earns nothing', () => {
    expect(reportOf('rt-hardlink').total).toBe(0);
    expect(JSON.stringify(reportOf('rt-hardlink'))).toContain('E_SYMLINK');
  });

  // HOLE 9. The E_SYMLINK message quoted a link's name unescaped: a name with newlines wrote its own
  // "## Instructor note … Full marks" section into feedback.md. Defence: names are quoted as
  // printable paths (escapes for control characters) and Markdown messages stay on one line.
  it('rt-symlink-name: a file name writes no Markdown into feedback.md or report.md', () => {
    expect(reportOf('rt-symlink-name').total).toBe(0);
    for (const file of ['feedback.md', 'report.md']) {
      const lines = readFileSync(path.join(outDir, 'rt-symlink-name', file), 'utf8').split('\n');
      expect(lines.filter((l) => /^\s*(#|>?\s*Full marks)/.test(l) && l.includes('Instructor note'))).toEqual([]);
      expect(lines.filter((l) => l.trim().startsWith('Full marks awarded'))).toEqual([]);
    }
    expect(readFileSync(path.join(outDir, 'rt-symlink-name', 'feedback.md'), 'utf8')).toContain('x\\n\\n## Instructor note');
  });
});

describe('red team: the load check runs outside the sandbox (the membrane)', () => {
  // The check's process held the secret seed while it ran; a memo that read it made a figure a
  // function of it: wrong-values = 100 = 'd', the first character of 'demo-secret', one character
  // per resubmission. Defence: the check runs outside the sandbox (the membrane); the memo's
  // process never holds the seed, so whatever it patches, the figure carries none of it.
  it('rt-seed-in-figure: no figure carries a character of the seed; it scores what the naive memo scores', () => {
    const wrong = reportOf('rt-seed-in-figure').exercises[0]!.items.find((i) => i.id === 'performance/wrong-values')!;
    expect(wrong.figure!.value).toBe(0); // it found no seed to count down from
    // Only the wrong-values item (20): in the test worker it finds some string and answers wrong, so every test fails.
    expect(earning('rt-seed-in-figure')).toEqual(['performance/wrong-values']);
    expect(reportOf('rt-seed-in-figure').total).toBe(20);
  });

  // HOLE. The check computed its figures in the process that had imported the memo: a patched
  // Set.prototype.size made the check's own count of distinct keys a billion, so a memo that loads
  // on every request met the loader-calls target. Defence: the check runs in the grader's own
  // process; only Memo runs in the sandbox, behind handles.
  it('rt-check-global: patching a global the check uses changes no figure: it scores what the same memo without the patch scores', () => {
    const figure = (s: string) => reportOf(s).exercises[0]!.items.find((i) => i.id === 'performance/loader-calls-per-key')!.figure!.value;
    expect(figure('rt-naive')).toBeGreaterThan(1);
    expect(figure('rt-check-global')).toBe(figure('rt-naive'));
    expect(reportOf('rt-check-global').total).toBe(reportOf('rt-naive').total);
    expect(reportOf('rt-naive').total).toBe(NAIVE_TOTAL);
  });
});

describe('red team: admitted gaps (docs/instructor-guide.md, "What it does not guarantee"), at their exact effect', () => {
  // The canaries' names are in the workspace's wrapper files, which the worker reads: a memo that
  // loads every time patches chai's assert to pass everywhere but in the canaries, so the suites
  // count its failing tests as passed. Closing it needs the assertions outside the worker (issue 13).
  it('rt-spare-canaries: assertions patched to spare the canaries earn the suites the naive memo fails', () => {
    expect(codes('rt-spare-canaries')).not.toContain('E_TAMPERED');
    expect(reportOf('rt-spare-canaries').total).toBe(SPARED_TOTAL);
    expect(reportOf('rt-spare-canaries').total).toBeGreaterThan(reportOf('rt-naive').total);
  });

  // An own test that recognises the student's code by its text (a hash of memo.ts) passes there
  // and fails on every planted bug: the own-tests item, 10 points, for a stub with a comment added.
  it('rt-own-tests-fingerprint: a test that fingerprints the code earns the own-tests item (10 points)', () => {
    expect(earning('rt-own-tests-fingerprint')).toEqual(['problem-solving/own-tests']);
    expect(reportOf('rt-own-tests-fingerprint').total).toBe(10);
  });
});
