/**
 * The Gradescope bundle run in its own layout (issue 17, item 5): the demo kit's bundle unpacked
 * as /autograder/source of a temporary AUTOGRADER_ROOT, its setup.sh run as Gradescope runs it
 * (Node and bubblewrap already there, so only `npm ci`, stood in for by a shim that links this
 * kit's node_modules, and the cache warm-up run), then run_autograder copied to the root and run
 * once per submission. Each results.json must follow Gradescope's documented format and carry the
 * same scores as the kit's own `npm run grade` of the same submission. Two submissions run once
 * more with bwrap forced off: run_autograder then has the grader run their code as the bundle's
 * unprivileged user (created here, as setup.sh does where bwrap cannot run), with the same scores.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graderFile, KIT_ROOT } from '../../lib/manifest.js';
import { GRADESCOPE_SANDBOX_USER, writeGradescopeBundle } from '../src/export/gradescope-bundle.js';
import { toGradescopeResults, type GradescopeResults } from '../src/export/gradescope-results.js';
import type { Report } from '../src/report.js';
import { createDemoKit, DEMO, type DemoKit } from './demo-kit.js';
import { FIXTURES } from './fixtures.js';
import { startGrade } from './grade-process.js';
import { gradescopeFormatProblems } from './gradescope-format.js';

let kit: DemoKit;
let work: string;
let root: string;
let setup: { code: number; out: string };
const runs: Record<string, { code: number; out: string; results: GradescopeResults }> = {};
const own: Record<string, Report> = {};
let createdUser = false;

/** Runs `bash script` with cwd `cwd` and extra env; resolves with the exit code and the combined output. */
function bash(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', [script], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

/** Puts fixture `name` in /autograder/submission (emptied first) and runs /autograder/run_autograder (its run kept as `as`). */
async function submit(name: string, env: Record<string, string> = {}, as = name): Promise<void> {
  const submission = path.join(root, 'submission');
  rmSync(submission, { recursive: true, force: true });
  FIXTURES[name]!(submission);
  rmSync(path.join(root, 'results'), { recursive: true, force: true });
  const run = await bash(path.join(root, 'run_autograder'), root, { AUTOGRADER_ROOT: root, ...env });
  runs[as] = { ...run, results: JSON.parse(readFileSync(path.join(root, 'results', 'results.json'), 'utf8')) as GradescopeResults };
}

beforeAll(async () => {
  kit = createDemoKit();
  work = mkdtempSync(path.join(tmpdir(), 'cachelab-gradescope-run-'));
  root = path.join(work, 'autograder');
  // Gradescope extracts the zip into /autograder/source and copies run_autograder to /autograder.
  const bundle = writeGradescopeBundle(kit.root, path.join(work, 'export'), { zip: false, leaderboard: true });
  cpSync(bundle.dir, path.join(root, 'source'), { recursive: true });
  copyFileSync(path.join(root, 'source', 'run_autograder'), path.join(root, 'run_autograder'));
  chmodSync(path.join(root, 'run_autograder'), 0o755);
  // The shim stands in for `npm ci` (no registry here): it records its arguments and links node_modules.
  const bin = path.join(work, 'bin');
  mkdirSync(bin);
  writeFileSync(
    path.join(bin, 'npm'),
    `#!/usr/bin/env bash\necho "$PWD $*" >> "${work}/npm-calls"\n[ "$1" = ci ] && ln -s "${path.join(KIT_ROOT, 'node_modules')}" node_modules && exit 0\nexit 1\n`,
    { mode: 0o755 },
  );
  const env = { AUTOGRADER_ROOT: root, PATH: `${bin}:${process.env.PATH ?? ''}` };
  // The kit's own grade of the same submissions runs beside the Gradescope runs.
  const classDir = path.join(work, 'class');
  for (const name of ['pass', 'stubs']) FIXTURES[name]!(path.join(classDir, name));
  const ownGrade = startGrade(kit.root, work, ['--class', classDir, '--out', path.join(work, 'own'), '--jobs', '1']);
  setup = await bash(path.join(root, 'source', 'setup.sh'), path.join(root, 'source'), env);
  // The model answer uploaded as exercise folders, the stubs as the repository: both branches of run_autograder.
  for (const name of ['pass-bare', 'stubs']) await submit(name);
  // Where bwrap cannot run (forced off here), as the user setup.sh would have created.
  if (spawnSync('id', ['-u', GRADESCOPE_SANDBOX_USER]).status !== 0) {
    const made = spawnSync('useradd', ['--system', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', GRADESCOPE_SANDBOX_USER], {
      encoding: 'utf8',
    });
    expect(made.status, made.stderr).toBe(0);
    createdUser = true;
  }
  for (const name of ['pass-bare', 'stubs']) await submit(name, { CACHELAB_SANDBOX: 'off' }, `${name}-as-user`);
  expect(await ownGrade.exited, ownGrade.stderr()).toBe(0);
  for (const name of ['pass', 'stubs']) own[name] = JSON.parse(readFileSync(path.join(work, 'own', name, 'report.json'), 'utf8')) as Report;
}, 240_000);

afterAll(() => {
  if (createdUser) spawnSync('userdel', [GRADESCOPE_SANDBOX_USER]);
  kit?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the Gradescope bundle in a Gradescope-shaped tree', () => {
  it('setup.sh skips the Node install, checks the sandbox, runs npm ci in source/kit and warms the cache', () => {
    expect(setup.code, setup.out).toBe(0);
    expect(setup.out).not.toContain('nodesource');
    expect(setup.out).toContain('sandbox: bubblewrap works');
    expect(readFileSync(path.join(work, 'npm-calls'), 'utf8')).toBe(`${path.join(root, 'source', 'kit')} ci --no-audit --no-fund\n`);
    expect(setup.out).not.toContain('warning: warming');
    expect(
      readdirSync(path.join(root, 'source', 'kit', '.cachelab', 'grader'))
        .sort()
        .map((f) => f.replace(/@.*/, '')),
    ).toEqual(['baselines-embedded', 'reference-embedded-full']);
  });

  it('setup.sh leaves the secret parameters, the solutions, the baselines and the cache to root alone', () => {
    const kitDir = path.join(root, 'source', 'kit');
    const modes = [graderFile(DEMO.slug, 'secret'), 'solutions', graderFile(DEMO.slug, 'baseline'), '.cachelab'].map((p) => [
      p,
      (statSync(path.join(kitDir, p)).mode & 0o077).toString(8),
    ]);
    expect(modes).toEqual(modes.map(([p]) => [p, '0']));
    expect((statSync(path.join(root, 'source', 'out')).mode & 0o777).toString(8)).toBe('700');
  });

  it('without bwrap, grades as the unprivileged user, says so, and gives the same scores, item by item', () => {
    for (const name of ['pass-bare', 'stubs']) {
      const mine = runs[`${name}-as-user`]!.results;
      const sandboxed = runs[name]!.results;
      expect(mine.output).toContain(
        `(integrity: reduced (no sandbox: CACHELAB_SANDBOX=off; submission code ran as the unprivileged user ${GRADESCOPE_SANDBOX_USER}))`,
      );
      const pick = (r: GradescopeResults) => r.tests.map((t) => [t.name, t.score, t.max_score, t.status]);
      expect([name, mine.score, pick(mine)]).toEqual([name, sandboxed.score, pick(sandboxed)]);
    }
  });

  it('run_autograder writes results/results.json in the documented format for every submission', () => {
    for (const [name, run] of Object.entries(runs)) {
      expect([name, run.code, gradescopeFormatProblems(run.results)], run.out).toEqual([name, 0, []]);
      expect(run.out).toContain('grader exit code: 0');
      expect(run.results.tests.length).toBeGreaterThan(0);
      expect(run.results.leaderboard?.length, 'made with --leaderboard').toBeGreaterThan(0);
      // The top-level score overrides the tests' sum on Gradescope: they must agree.
      expect(run.results.score).toBeCloseTo(
        run.results.tests.reduce((s, t) => s + t.score, 0),
        6,
      );
    }
  });

  it('grades the model answer, uploaded as exercise folders, to full marks', () => {
    const r = runs['pass-bare']!.results;
    expect([r.score, r.tests.every((t) => t.status === 'passed')]).toEqual([100, true]);
    expect(r.tests.reduce((s, t) => s + t.max_score, 0)).toBe(100);
    expect(r.output).toContain('100 / 100 points (integrity: sandboxed');
  });

  it('grades the untouched stubs, handed in as the repository, to zero', () => {
    const r = runs.stubs!.results;
    expect(r.score).toBe(0);
    expect(r.tests.map((t) => t.score)).toEqual(r.tests.map(() => 0));
  });

  it("carries the kit's own grade of the same submission, item by item", () => {
    for (const [name, gradescope] of [
      ['pass', 'pass-bare'],
      ['stubs', 'stubs'],
    ] as const) {
      const mine = runs[gradescope]!.results;
      const expected = toGradescopeResults(own[name]!, { leaderboard: true });
      expect(mine.score).toBe(own[name]!.total);
      const pick = (r: GradescopeResults) => r.tests.map((t) => [t.name, t.number, t.score, t.max_score, t.status, t.visibility]);
      expect(pick(mine)).toEqual(pick(expected));
      expect(mine.leaderboard).toEqual(expected.leaderboard);
    }
  });

  it('hides the hidden suite until published and never shows a hidden test line', () => {
    const hidden = runs['pass-bare']!.results.tests.filter((t) => /Hidden suite/.test(t.name));
    expect(hidden.map((t) => t.visibility)).toEqual(['after_published']);
    const suite = readFileSync(path.join(kit.root, graderFile(DEMO.slug, 'hidden')), 'utf8');
    const lines = suite
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 25);
    const text = JSON.stringify(runs);
    expect(lines.filter((l) => text.includes(l))).toEqual([]);
  });
});

describe('gradescopeFormatProblems', () => {
  it('accepts the documented example and names each departure from it', () => {
    const ok = {
      score: 44,
      execution_time: 136,
      output: 'x',
      visibility: 'after_due_date',
      stdout_visibility: 'visible',
      extra_data: {},
      tests: [{ score: 2, max_score: 2, status: 'passed', name: 'n', number: '1.1', output: 'o', tags: ['t'], visibility: 'visible' }],
      leaderboard: [
        { name: 'Accuracy', value: 0.926 },
        { name: 'Time', value: 15.1, order: 'asc' },
        { name: 'Stars', value: '*****' },
      ],
    };
    expect(gradescopeFormatProblems(ok)).toEqual([]);
    expect(gradescopeFormatProblems({ ...ok, score: '44' })).toEqual(['results.score: "44" is not a number']);
    expect(gradescopeFormatProblems({ ...ok, visibility: 'public' })).toEqual([
      'results.visibility: "public" is not one of hidden, after_due_date, after_published, visible',
    ]);
    expect(gradescopeFormatProblems({ ...ok, tests: [{ score: 1, status: 'ok', maxScore: 2 }] })).toEqual([
      'tests[0]: unknown key maxScore',
      'tests[0].status: "ok" is not passed or failed',
    ]);
    expect(gradescopeFormatProblems({ tests: [{ max_score: 1 }] })).toEqual(['no top-level score and not every test has one']);
    expect(gradescopeFormatProblems({ ...ok, leaderboard: [{ name: 'x', value: 1, order: 'up' }] })).toEqual(['leaderboard[0].order: "up" is not asc or desc']);
  });
});
