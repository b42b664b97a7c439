/** The GitHub Classroom export: the workflow's steps, and the reporter payload converted from report.json. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KIT_ROOT } from '../../lib/manifest.js';
import { runGradeCli } from '../src/cli.js';
import { classroomError, encodeClassroomResults, toClassroomResults } from '../src/export/classroom-results.js';
import { classroomWorkflow, writeClassroomWorkflow } from '../src/export/classroom-workflow.js';
import { handMadeReport } from './export-report.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'cachelab-export-cr-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('classroom.yml', () => {
  const yml = classroomWorkflow({ kitVersion: '0.1.0+abc' });
  const steps = yml.slice(yml.indexOf('    steps:\n'));

  it('names the check run the reporter updates and may write checks', () => {
    expect(yml).toContain('name: Autograding Tests\n');
    expect(yml).toMatch(/permissions:\n {2}checks: write\n {2}actions: read\n {2}contents: read\n/);
    expect(yml).toContain("if: github.actor != 'github-classroom[bot]'");
  });

  it('checks out, sets up Node 20, runs npm ci, the visible-only grade, the converter, then the reporter, in that order', () => {
    const order = [
      'uses: actions/checkout@v4',
      "node-version: '20'",
      'run: npm ci',
      'id: grade',
      'npm run grade -- --out out/classroom',
      'echo "result=$(npx tsx grader/src/export/convert.ts classroom out/classroom/report.json)" >> "$GITHUB_OUTPUT"',
      'uses: classroom-resources/autograding-grading-reporter@v1',
    ].map((s) => steps.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('hands the step output to the reporter as GRADE_RESULTS with runners: grade', () => {
    expect(steps).toContain('GRADE_RESULTS: "${{ steps.grade.outputs.result }}"');
    expect(steps).toMatch(/with:\n\s+runners: grade\n/);
  });

  it('is written under classroom/.github/workflows/ of --out with this kit version, once', () => {
    const file = writeClassroomWorkflow(KIT_ROOT, tmp);
    expect(file).toBe(path.join(tmp, 'classroom', '.github', 'workflows', 'classroom.yml'));
    expect(readFileSync(file, 'utf8')).toMatch(/Cache Performance Lab \d+\.\d+\.\d+\+[0-9a-f]{16} \(student edition\)/);
    expect(() => writeClassroomWorkflow(KIT_ROOT, tmp)).toThrow(/exists; choose another --out/);
  });
});

describe('the reporter payload', () => {
  it('counts the estimated items only: hidden points are out of max_score in the student edition', () => {
    expect(toClassroomResults(handMadeReport('visible-only'))).toEqual({
      version: 1,
      status: 'fail',
      max_score: 50,
      tests: [
        { name: '4. Stampede: Visible suite', status: 'pass', score: 10, message: '3 of 3 visible tests passed.' },
        { name: '4. Stampede: source calls per expiry', status: 'fail', score: 20.5, message: 'source calls per expiry: measured 3 calls; target ≤ 1 calls.' },
      ],
    });
  });

  it('is base64 JSON, printed by the converter command the workflow calls', () => {
    const report = path.join(tmp, 'report.json');
    writeFileSync(report, JSON.stringify(handMadeReport('visible-only')));
    const run = spawnSync('npx', ['tsx', 'grader/src/export/convert.ts', 'classroom', report], { cwd: KIT_ROOT, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(JSON.parse(Buffer.from(run.stdout.trim(), 'base64').toString('utf8'))).toEqual(toClassroomResults(handMadeReport('visible-only')));
  });

  it('reports an error (not a pass) when there is no report', () => {
    const payload = JSON.parse(Buffer.from(encodeClassroomResults(classroomError('no report')), 'base64').toString('utf8'));
    expect(payload).toMatchObject({ status: 'error', max_score: 0, tests: [{ status: 'error', score: 0 }] });
  });
});

describe('npm run grade -- --export', () => {
  const io = (sink: string[]) => ({ out: (t: string) => sink.push(t), err: (t: string) => sink.push(t), errIsTTY: false, cwd: tmp });

  it('writes the workflow into --out (relative to the working folder) and says where', async () => {
    const said: string[] = [];
    expect(await runGradeCli(['--export', 'classroom', '--out', 'cli-out'], io(said), KIT_ROOT)).toBe(0);
    expect(said.join('')).toContain(path.join(tmp, 'cli-out', 'classroom', '.github', 'workflows', 'classroom.yml'));
  });

  it('is a usage error (exit 2) without --out or with an unknown engine', async () => {
    const said: string[] = [];
    expect(await runGradeCli(['--export', 'classroom'], io(said), KIT_ROOT)).toBe(2);
    expect(said.join('')).toContain('--export classroom needs --out <dir>');
    expect(await runGradeCli(['--export', 'moodle', '--out', 'x'], io([]), KIT_ROOT)).toBe(2);
  });
});
