/**
 * solutions/ earns full marks for "your own tests": every exercise's model own tests run in a
 * grader workspace exactly as a student's would (runOwnTests, coverage with @vitest/coverage-v8),
 * all pass, and cover at least the rubric's coverage target of the files a student edits. A
 * guard for the full-marks promise that is cheaper than grading the whole of solutions/.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXERCISES, KIT_ROOT } from '../../lib/manifest.js';
import { plantedBugs, runOwnTests } from '../src/own-tests.js';
import type { OwnTestsRun } from '../src/results.js';
import { loadRubric } from '../src/rubric.js';
import { integrity } from '../src/sandbox.js';
import { createWorkspace, type Workspace } from '../src/workspace.js';

const rubric = loadRubric(path.join(KIT_ROOT, 'grader', 'rubric.json'));
const ready = EXERCISES;
let ws: Workspace;
const runs = new Map<string, OwnTestsRun>();

beforeAll(async () => {
  ws = createWorkspace(KIT_ROOT, ready, path.join(KIT_ROOT, 'solutions'));
  for (const laid of ws.exercises) {
    runs.set(
      laid.entry.slug,
      await runOwnTests({
        workspace: ws.root,
        slug: laid.entry.slug,
        tests: laid.ownTests,
        stubs: laid.entry.files.stubs,
        planted: plantedBugs(KIT_ROOT, laid.entry.slug, laid.entry.files.stubs),
        limits: rubric.limits,
        backend: 'embedded',
        integrity: integrity(),
      }),
    );
  }
}, 300_000);

afterAll(() => ws?.dispose());

describe.each(ready.map((e) => e.slug))('%s model own tests', (slug) => {
  it(`all pass, catch every planted bug (the stub, the baseline) and cover at least ${rubric.problemSolving.coverageTarget}% of the stub files' lines`, () => {
    const run = runs.get(slug)!;
    expect(run.status).toBe('ran');
    expect(run.total).toBeGreaterThan(0);
    expect(run.passed).toBe(run.total);
    expect(run.planted).toEqual([
      { name: 'the untouched stub', caught: true },
      { name: 'the naive baseline', caught: true },
    ]);
    expect(run.coverage).toBeGreaterThanOrEqual(rubric.problemSolving.coverageTarget);
  });
});
