/**
 * Red team of the grader's trust model (docs/instructor-guide.md, "Trust model"): the submissions
 * of redteam-attacks.ts graded as one class through the CLI, like fixtures.test.ts does. Each must
 * score what the untouched stub scores (0) and leak nothing into a student-visible file.
 *
 * The attacks that break a claimed guarantee today are `it.fails` with a comment saying what
 * happens: CI stays green, and the day the hole is closed the test fails and should become `it`.
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
import { INJECTED_NAME, REDTEAM, writeRedTeam } from './redteam-attacks.js';

const run = promisify(execFile);
const SECRET_SEED = 'demo-secret';
const STUDENT_VISIBLE = ['feedback.md', 'report.html', 'report.md', 'report.json'];
let kit: DemoKit;
let work: string;
let classDir: string;
let outDir: string;
let graded: { code: number; stdout: string; stderr: string };
/** A hole's test: expected to fail until the hole is closed (REDTEAM_SHOW=1 runs them as plain tests, to see each failure). */
const hole = process.env.REDTEAM_SHOW ? it : it.fails;

beforeAll(async () => {
  kit = createDemoKit();
  work = mkdtempSync(path.join(tmpdir(), 'cachelab-redteam-'));
  classDir = path.join(work, 'class');
  outDir = path.join(work, 'out');
  writeRedTeam({ kitRoot: kit.root, outDir, classDir });
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [path.join(kit.root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(kit.root, 'scripts', 'grade.ts'), '--class', 'class', '--out', 'out', '--jobs', '2'],
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

/** The ids of the items that earned points (the stub earns none). */
function earning(student: string): string[] {
  return reportOf(student).exercises[0]!.items.filter((i) => i.points !== 0).map((i) => i.id);
}

/** A file's text as a reader sees it: HTML entities decoded, JSON strings unescaped. */
function readable(file: string): string {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.json')) return JSON.stringify(JSON.parse(text), null, 1).replace(/\\n/g, '\n').replace(/\\"/g, '"');
  return text.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x3D;/g, '=').replace(/&#x60;/g, '`').replace(/&amp;/g, '&');
}

/** Every student-visible file of a submission, as read. */
function visibleText(student: string): string {
  return STUDENT_VISIBLE.map((f) => readable(path.join(outDir, student, f))).join('\n');
}

/** Every line (16 characters or more) of the demo kit's private files. */
function privateLines(): string[] {
  const dirs = ['grader/suites', 'grader/hidden', 'grader/baselines', 'grader/secret'];
  const files = dirs.flatMap((d) => listFiles(path.join(kit.root, d)).map((f) => path.join(kit.root, d, f)));
  return [...new Set(files.flatMap((f) => readFileSync(f, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l.length >= 16)))];
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
    const aimed = new Set(['rt-worker-log-leak', 'rt-sparse-worker-log', 'rt-victim']);
    for (const name of Object.keys(REDTEAM).filter((n) => !aimed.has(n))) expect([name, leaks(name)]).toEqual([name, []]);
  });
});

describe('red team: what the sandbox and the workspace-only plugin refuse', () => {
  it('rt-refused: the secret by fs, by import through .., ?raw, /@fs/, /@id/, %2e%2e, file://; writes to the workspace: all refused, 0 points', () => {
    const text = JSON.stringify(resultsOf('rt-refused'));
    const verdicts = /refusals: ([^"\\]*)/.exec(text);
    expect(verdicts, text.slice(0, 2000)).not.toBeNull();
    const tries = verdicts![1]!.trim().split(' ');
    expect(tries.map((t) => t.split('=')[0])).toEqual(['fs', 'write-memo', 'write-wrapper', 'abs', 'ws-dotdot', 'nm-dotdot', 'raw', 'at-fs', 'at-id', 'encoded', 'file-url']);
    expect(tries.filter((t) => !t.endsWith('=refused'))).toEqual([]);
    expect(reportOf('rt-refused').total).toBe(0);
  });
});

describe('red team: holes (it.fails until fixed)', () => {
  // HOLE 1. Vite in vitest's main process (outside the sandbox) fills a source map's missing
  // sourcesContent by reading each `sources` path from disk (injectSourcesContent), and inlines the
  // map in the code it sends to the worker; the workspace-only plugin guards `load` only. The
  // worker reads the map back (__vitest_worker__.evaluatedModules.getModuleSourceMapById) and runs
  // the kit's solution: hidden 4/4, visible 2/2, own tests 2/2 planted bugs: 50 of 100 points.
  hole('rt-sourcemap-solution: reading the solution through a source map earns nothing', () => {
    expect(reportOf('rt-sourcemap-solution').total).toBe(0);
  });

  // HOLE 1 again, with a classmate's submission in the class folder: another student's work.
  hole('rt-sourcemap-classmate: copying a classmate through a source map earns nothing', () => {
    expect(reportOf('rt-sourcemap-classmate').total).toBe(0);
  });

  // HOLE 2. The worker log (CACHELAB_GRADER_WORKER_LOG, in a scratch folder the worker may write)
  // names the test that was running when a worker died; settle() takes the last name as the
  // culprit and the E_EXITED problem quotes it: `The test process died during hidden test "…"`.
  // The attack writes the hidden suite (readable in the worker) and the secret parameters file
  // (read through HOLE 1) as that name and SIGKILLs itself: both appear verbatim in feedback.md,
  // report.md, report.html and report.json. It scores 0, as it should.
  hole('rt-worker-log-leak: a name in the worker log carries no private text into a report', () => {
    expect(reportOf('rt-worker-log-leak').total).toBe(0);
    expect(leaks('rt-worker-log-leak')).toEqual([]);
  });

  // HOLE 3. Planted copies live in exercises/<slug>.planted-<k>/: an own test that fails there and
  // passes in the student's folder "catches" both planted bugs. The untouched stub with
  // `expect(import.meta.url).not.toContain('.planted-')` earns the own-tests item: 10 points.
  hole('rt-own-tests-location: a test that only checks where it runs catches no planted bug', () => {
    expect(earning('rt-own-tests-location')).toEqual([]);
    expect(reportOf('rt-own-tests-location').total).toBe(0);
  });

  // HOLE 4. "[The seed] cannot carry it into a report": it can, in a figure's value. The memo takes
  // the seed from charCodeAt (the guide's own example) and answers wrong for seed.charCodeAt(0)
  // requests; report.json says wrong-values = 100 ('d' of 'demo-secret'). No figure is forged:
  // the check counts what the memo returned. One character per resubmission, or more bits per
  // run with the in-process forgery the guide admits.
  hole('rt-seed-in-figure: no figure in the report is a function of the secret seed', () => {
    expect(reportOf('rt-seed-in-figure').total).toBe(0);
    const wrong = reportOf('rt-seed-in-figure').exercises[0]!.items.find((i) => i.id === 'performance/wrong-values')!;
    expect(wrong.figure!.value).not.toBe(SECRET_SEED.charCodeAt(0));
  });

  // HOLE 5. tsc runs outside the sandbox on the student's files and follows their imports anywhere
  // (the kit's grader/secret/, the workspace's grader/suites/); E_COMPILE quotes tsc's message, so
  // the report shows "Type '{ seed: string; scale: number; }' is not assignable…" and the hidden
  // suite's registration signature, expanded. Type shapes only (literals are widened), no lines.
  hole('rt-tsc-types: compile errors quote nothing of the secret file or the hidden suite', () => {
    expect(reportOf('rt-tsc-types').total).toBe(0);
    const text = visibleText('rt-tsc-types');
    expect(text).not.toContain('seed: string; scale: number;');
    expect(text).not.toContain('(create: (loader:');
  });

  // HOLE 6. import.meta.glob is expanded by vite in the main process: the worker gets the names of
  // the kit's solutions, secret and baselines files (and of every other kit or workspace in the
  // temp folder). Names only (the imports themselves are refused); they stay in results.json.
  hole('rt-glob-listing: the worker cannot list folders outside its workspace', () => {
    expect(reportOf('rt-glob-listing').total).toBe(0);
    expect(JSON.stringify(resultsOf('rt-glob-listing'))).not.toContain('solutions/exercise-9-demo/memo.ts');
  });

  // HOLE 7. The worker may make its log a sparse file of any size; the grader reads it whole
  // (readStarted: readFileSync utf8): at 512 MiB it allocates that much and throws "Cannot create a
  // string longer than 0x1fffffe8 characters" (at 3 GiB it allocated 3 GiB first). The student
  // gets no report at all, a grader-error row, and the whole class run exits 1.
  hole('rt-sparse-worker-log: a huge worker log still gives a report worth 0', () => {
    expect(existsSync(path.join(outDir, 'rt-sparse-worker-log', 'report.json'))).toBe(true);
    expect(reportOf('rt-sparse-worker-log').total).toBe(0);
    expect(graded.code).toBe(0);
  });

  // HOLE 8 (low: needs the submission assembled on the grading host). A hard link to the kit's
  // solution is a regular file to lstat: graded as the student's own, 80 points.
  hole('rt-hardlink: a hard link to the solution earns nothing', () => {
    expect(reportOf('rt-hardlink').total).toBe(0);
  });

  // HOLE 9. A file name is the student's text: the E_SYMLINK message quotes a link's name into
  // feedback.md and report.md unescaped, so a name with newlines writes its own Markdown section
  // ("## Instructor note … Full marks awarded by hand") into the student's feedback.
  hole('rt-symlink-name: a file name writes no Markdown into feedback.md', () => {
    expect(reportOf('rt-symlink-name').total).toBe(0);
    const feedback = readFileSync(path.join(outDir, 'rt-symlink-name', 'feedback.md'), 'utf8');
    expect(feedback).not.toContain(INJECTED_NAME.trim().split('\n\n')[1]);
  });
});
