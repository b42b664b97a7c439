/** The GitHub Classroom export: the workflow (parsed as YAML) and its steps, and the reporter payload converted from report.json. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { KIT_ROOT } from '../../lib/manifest.js';
import { runGradeCli } from '../src/cli.js';
import { classroomError, encodeClassroomResults, toClassroomResults } from '../src/export/classroom-results.js';
import { classroomWorkflow, writeClassroomWorkflow } from '../src/export/classroom-workflow.js';
import { handMadeReport } from './export-report.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'cachelab-export-cr-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Workflow {
  name: string;
  on: unknown;
  permissions: Record<string, string>;
  jobs: Record<string, { name: string; 'runs-on': string; if: string; 'timeout-minutes': number; steps: Step[] }>;
}

/** The workflow as GitHub reads it: YAML 1.2, no duplicate keys, no warnings. */
function parseWorkflow(text: string): Workflow {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  expect([...doc.errors, ...doc.warnings].map((e) => e.message)).toEqual([]);
  return doc.toJS() as Workflow;
}

describe('classroom.yml', () => {
  const yml = classroomWorkflow({ kitVersion: '0.1.0+abc' });
  const workflow = parseWorkflow(yml);
  const jobs = Object.values(workflow.jobs);
  const steps = jobs[0]?.steps ?? [];
  const stepUsing = (action: string) => steps.findIndex((s) => s.uses?.split('@')[0] === action);

  it('names the check run the reporter updates and may write checks', () => {
    expect(workflow.name).toBe('Autograding Tests');
    expect(workflow.on, 'the key is the string "on" (quoted), the events a list').toEqual(['push', 'repository_dispatch']);
    expect(workflow.permissions).toEqual({ checks: 'write', actions: 'read', contents: 'read' });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ name: 'Autograding Tests', 'runs-on': 'ubuntu-latest', if: "github.actor != 'github-classroom[bot]'" });
    expect(jobs[0]!['timeout-minutes']).toBeGreaterThan(0);
  });

  it('checks out, sets up Node 20, runs npm ci, the visible-only grade, the converter, then the reporter, in that order', () => {
    const checkout = stepUsing('actions/checkout');
    const node = stepUsing('actions/setup-node');
    const install = steps.findIndex((s) => /^npm ci( |$)/.test(s.run ?? ''));
    const grade = steps.findIndex((s) => s.id === 'grade');
    const reporter = stepUsing('classroom-resources/autograding-grading-reporter');
    expect([checkout, node, install, grade, reporter]).toEqual([0, 1, 2, 3, 4]);
    expect(steps).toHaveLength(5);
    expect([steps[checkout]!.uses, steps[node]!.uses, steps[reporter]!.uses]).toEqual([
      'actions/checkout@v4',
      'actions/setup-node@v4',
      'classroom-resources/autograding-grading-reporter@v1',
    ]);
    expect(steps[node]!.with!['node-version'], "a string ('20'), as setup-node reads it").toBe('20');
    const lines = steps[grade]!.run!.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^npm run grade -- --out out\/classroom( |$)/);
    expect(lines[0], 'the visible-only grade: no hidden suites named').not.toMatch(/--class|--export|hidden/);
    expect(lines[1]).toBe('echo "result=$(npx tsx grader/src/export/convert.ts classroom out/classroom/report.json)" >> "$GITHUB_OUTPUT"');
  });

  it('hands the step output to the reporter as GRADE_RESULTS with runners: grade', () => {
    const reporter = steps[stepUsing('classroom-resources/autograding-grading-reporter')]!;
    expect(reporter.env).toEqual({ GRADE_RESULTS: '${{ steps.grade.outputs.result }}' });
    expect(reporter.with).toEqual({ runners: 'grade' });
    expect(
      steps.some((s) => s.id === reporter.with!.runners),
      "runners names the grade step's id",
    ).toBe(true);
  });

  it('is written under classroom/.github/workflows/ of --out with this kit version, once', () => {
    const file = writeClassroomWorkflow(KIT_ROOT, tmp);
    expect(file).toBe(path.join(tmp, 'classroom', '.github', 'workflows', 'classroom.yml'));
    const written = readFileSync(file, 'utf8');
    expect(written).toMatch(/Cache Performance Lab \d+\.\d+\.\d+\+[0-9a-f]{16} \(student edition\)/);
    expect(parseWorkflow(written), 'the same workflow, only the version in a comment differs').toEqual(workflow);
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
