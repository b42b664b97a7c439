/** The Gradescope export: report.json → results.json exactly, the converter command, and the bundle's files. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXERCISES, graderFile, KIT_ROOT } from '../../lib/manifest.js';
import { runConvert } from '../src/export/convert.js';
import { writeGradescopeBundle } from '../src/export/gradescope-bundle.js';
import { toGradescopeResults } from '../src/export/gradescope-results.js';
import { handMadeReport } from './export-report.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'cachelab-export-gs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('toGradescopeResults', () => {
  it('writes the exact results.json: one test per item, hidden-suite items after_published, no traces', () => {
    expect(toGradescopeResults(handMadeReport())).toEqual({
      score: 45.5,
      output: 'Cache Performance Lab 0.1.0+abc: 45.5 / 80 points (integrity: sandboxed (bwrap, no network)).\n4. Stampede: The load check crashed.',
      visibility: 'visible',
      stdout_visibility: 'hidden',
      tests: [
        {
          name: '4. Stampede: Visible suite',
          number: '4.1',
          score: 10,
          max_score: 10,
          status: 'passed',
          output: '3 of 3 visible tests passed.',
          visibility: 'visible',
        },
        {
          name: '4. Stampede: Hidden suite',
          number: '4.2',
          score: 15,
          max_score: 30,
          status: 'failed',
          output: '1 of 2 hidden tests passed. Not passed: lock (hidden) > expires.',
          visibility: 'after_published',
        },
        {
          name: '4. Stampede: source calls per expiry',
          number: '4.3',
          score: 20.5,
          max_score: 40,
          status: 'failed',
          output: 'source calls per expiry: measured 3 calls; target ≤ 1 calls. Instructor: Regraded by hand.',
          visibility: 'visible',
        },
      ],
    });
  });

  it('can hide hidden-suite items entirely', () => {
    const tests = toGradescopeResults(handMadeReport(), { hiddenVisibility: 'hidden' }).tests;
    expect(tests.map((t) => t.visibility)).toEqual(['visible', 'hidden', 'visible']);
  });

  it("feeds Gradescope's leaderboard only when asked: one column per weighted figure, ordered by its target", () => {
    expect(toGradescopeResults(handMadeReport())).not.toHaveProperty('leaderboard');
    const report = handMadeReport();
    const items = report.exercises[0]!.items;
    items.push(
      {
        id: 'performance/hit-ratio',
        criterion: 'performance',
        label: 'hit ratio',
        points: 5,
        max: 10,
        status: 'partial',
        feedback: '',
        figure: { value: 88, unit: '%', target: { op: '>=', value: 90 }, params: 'secret' },
      },
      {
        id: 'performance/errors',
        criterion: 'performance',
        label: 'caller errors',
        points: 10,
        max: 10,
        status: 'full',
        feedback: '',
        figure: { value: 0, unit: '', target: { op: '==', value: 0 }, params: 'secret' },
      },
      {
        id: 'performance/unmeasured',
        criterion: 'performance',
        label: 'unmeasured',
        points: 0,
        max: 10,
        status: 'error',
        feedback: '',
        figure: { value: null, unit: '', target: { op: '<', value: 5 }, params: 'secret' },
      },
      {
        id: 'performance/diagnostic',
        criterion: 'performance',
        label: 'weight 0',
        points: 0,
        max: 0,
        status: 'full',
        feedback: '',
        figure: { value: 2, unit: '', target: { op: '<', value: 5 }, params: 'secret' },
      },
    );
    expect(toGradescopeResults(report, { leaderboard: true }).leaderboard).toEqual([
      { name: '4. source calls per expiry (calls)', value: 3, order: 'asc' },
      { name: '4. hit ratio (%)', value: 88, order: 'desc' },
      { name: '4. caller errors', value: 0, order: 'asc' },
    ]);
  });

  it('says first that an exercise not graded for an infrastructure failure awaits a regrade', () => {
    const report = handMadeReport();
    report.exercises[0] = {
      ...report.exercises[0]!,
      status: 'not-graded',
      infrastructure: 'Cannot reach Redis/Valkey at CACHE_URL=redis://127.0.0.1:6399 (ECONNREFUSED)',
    };
    const lines = toGradescopeResults(report).output.split('\n');
    expect(lines[1]).toBe(
      `Not graded yet: ${report.exercises[0].number}. ${report.exercises[0].title}. The grading server had a problem (not your code); those points are missing until your instructor regrades, and you need do nothing.`,
    );
    expect(toGradescopeResults(handMadeReport()).output).not.toContain('Not graded yet');
  });

  it('never leaks hidden test messages or stack frames', () => {
    const text = JSON.stringify(toGradescopeResults(handMadeReport()));
    expect(text).not.toContain('secret-literal-77');
    expect(text).not.toMatch(/\bat .*\.ts:\d+/);
  });
});

describe('convert gradescope', () => {
  it('turns a report.json file into results.json', () => {
    const report = path.join(tmp, 'report.json');
    writeFileSync(report, JSON.stringify(handMadeReport()));
    const out = path.join(tmp, 'results', 'results.json');
    const err: string[] = [];
    expect(runConvert(['gradescope', report, out, '--hidden-visibility', 'hidden'], { out: () => {}, err: (t) => err.push(t) })).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(toGradescopeResults(handMadeReport(), { hiddenVisibility: 'hidden' }));
    expect(err).toEqual([]);
    expect(runConvert(['gradescope', report, out, '--leaderboard'], { out: () => {}, err: (t) => err.push(t) })).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).leaderboard).toEqual([{ name: '4. source calls per expiry (calls)', value: 3, order: 'asc' }]);
  });

  it('still writes results.json (0 points, a message) when the grader wrote no report, and exits 1', () => {
    const out = path.join(tmp, 'missing', 'results.json');
    const err: string[] = [];
    expect(runConvert(['gradescope', path.join(tmp, 'nope.json'), out], { out: () => {}, err: (t) => err.push(t) })).toBe(1);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json).toMatchObject({ score: 0, tests: [] });
    expect(json.output).toContain('could not grade');
    expect(err.join('')).toContain('nope.json: cannot read the report');
  });

  it('rejects a file that is not a cachelab report, naming it', () => {
    const bad = path.join(tmp, 'bad.json');
    writeFileSync(bad, '{"kind":"other"}');
    const err: string[] = [];
    expect(runConvert(['gradescope', bad, path.join(tmp, 'bad-out.json')], { out: () => {}, err: (t) => err.push(t) })).toBe(1);
    expect(err.join('')).toContain(`${bad} is not a version 1 cachelab report`);
  });
});

describe('writeGradescopeBundle', () => {
  const summary = writeGradescopeBundle(KIT_ROOT, path.join(tmp, 'export'));

  it('puts executable setup.sh and run_autograder at the root, next to a kit copy with the hidden suites', () => {
    for (const f of ['setup.sh', 'run_autograder']) expect(statSync(path.join(summary.dir, f)).mode & 0o111).toBe(0o111);
    expect(existsSync(path.join(summary.dir, 'kit', 'package-lock.json'))).toBe(true);
    expect(existsSync(path.join(summary.dir, 'kit', graderFile(EXERCISES[0]!.slug, 'hidden')))).toBe(true);
    expect(existsSync(path.join(summary.dir, 'kit', 'node_modules'))).toBe(false);
    expect(existsSync(path.join(summary.dir, 'kit', 'grader', 'test'))).toBe(false);
  });

  it('setup.sh installs Node 20 and bubblewrap (the sandbox) and runs npm ci in the kit copy', () => {
    const setup = readFileSync(path.join(summary.dir, 'setup.sh'), 'utf8');
    expect(setup).toContain('setup_20.x');
    expect(setup).toContain('apt-get install -y --no-install-recommends bubblewrap');
    expect(setup).toContain('ROOT="${AUTOGRADER_ROOT:-/autograder}"');
    expect(setup).toMatch(/cd "\$ROOT\/source\/kit"\nnpm ci/);
    expect(spawnSync('bash', ['-n', path.join(summary.dir, 'setup.sh')]).status).toBe(0);
  });

  it('setup.sh falls back to a dedicated unprivileged user where bwrap cannot run, and closes what decides a score to every other user', () => {
    const setup = readFileSync(path.join(summary.dir, 'setup.sh'), 'utf8');
    const fallback = /\nelse\n([\s\S]*?)\nfi\n/.exec(setup.slice(setup.indexOf('if bwrap --unshare-all')))?.[1] ?? '';
    expect(fallback).toContain('useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin cachelab-student');
    expect(setup).toContain(
      'for closed in grader/exercises/*/secret.ts grader/exercises/*/baseline solutions .cachelab; do\n  if [ -e "$closed" ]; then chmod -R go-rwx "$closed"; fi\ndone',
    );
    const run = readFileSync(path.join(summary.dir, 'run_autograder'), 'utf8');
    expect(run).toContain('chmod 700 "$ROOT/work" "$RESULTS" "$OUT"');
    expect(run).toContain('if id -u cachelab-student >/dev/null 2>&1; then export CACHELAB_SANDBOX_USER=cachelab-student; fi');
    // Before the grader starts.
    expect(run.indexOf('CACHELAB_SANDBOX_USER')).toBeLessThan(run.indexOf('scripts/grade.ts'));
  });

  it('run_autograder grades the copied submission and converts its report to /autograder/results/results.json', () => {
    const run = readFileSync(path.join(summary.dir, 'run_autograder'), 'utf8');
    expect(run.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(run).toContain('cp -r "$ROOT/submission/exercises" "$WORK/exercises"');
    expect(run).toContain('npx tsx scripts/grade.ts "$WORK" --out "$OUT" --force');
    expect(run).toContain('convert.ts gradescope "$OUT/report.json" "$RESULTS/results.json" --hidden-visibility after_published');
    expect(spawnSync('bash', ['-n', path.join(summary.dir, 'run_autograder')]).status).toBe(0);
  });

  it('zips the files at the archive root when zip exists, or says why not', () => {
    if (spawnSync('zip', ['-v']).error) {
      expect(summary.zip).toBeNull();
      expect(summary.note).toContain('zip');
      return;
    }
    const listing = spawnSync('unzip', ['-Z1', summary.zip!], { encoding: 'utf8' }).stdout.split('\n');
    expect(listing).toEqual(expect.arrayContaining(['setup.sh', 'run_autograder', 'kit/package.json']));
  });

  it('passes --leaderboard to the converter when the bundle is made with it', () => {
    const board = writeGradescopeBundle(KIT_ROOT, path.join(tmp, 'export-board'), { leaderboard: true, zip: false });
    expect(readFileSync(path.join(board.dir, 'run_autograder'), 'utf8')).toContain('--hidden-visibility after_published --leaderboard\n');
    expect(readFileSync(path.join(summary.dir, 'run_autograder'), 'utf8')).not.toContain('--leaderboard');
  });

  it('refuses a non-empty target folder', () => {
    expect(() => writeGradescopeBundle(KIT_ROOT, path.join(tmp, 'export'))).toThrow(/exists and is not empty/);
  });
});
