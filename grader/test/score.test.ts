/** The scorer is a pure function: hand-computed cases for every criterion, overrides and curves. */
import { describe, expect, it } from 'vitest';
import { figureCredit, MAX_PARTIAL } from '../src/credit.js';
import { NO_OVERRIDES, type Overrides } from '../src/overrides.js';
import type { ExerciseRun, RunResults } from '../src/results.js';
import { validateRubric, type Rubric } from '../src/rubric.js';
import { score } from '../src/score.js';

const RUBRIC: Rubric = validateRubric(
  {
    version: 1,
    points: 100,
    criteria: { performance: 40, technical: 30, problemSolving: 20, documentation: 10 },
    performance: { curve: 'linear' },
    problemSolving: { visibleSuite: 0.5, ownTests: 0.5, coverageTarget: 80 },
    documentation: { present: 0.2, sections: 0.4, figures: 0.4, minWords: 10, tolerance: 0.1, absoluteTolerance: 0.5 },
    limits: { testMs: 1000, runMs: 1000, loadMs: 1000, memoryMb: 256, outputKb: 64 },
    exercises: {},
  },
  'test-rubric.json',
);

const passed = (name: string) => ({ name, status: 'passed' as const });
const failed = (name: string) => ({ name, status: 'failed' as const });

function exercise(overrides: Partial<ExerciseRun> = {}): ExerciseRun {
  return {
    id: 4,
    slug: 'exercise-4-stampede',
    title: 'Stampede',
    submitted: true,
    problems: [],
    hidden: { status: 'ran', tests: [passed('a'), passed('b'), failed('c'), { name: 'd', status: 'missing' }], canary: 'failed' },
    visible: { status: 'ran', tests: [passed('v1'), failed('v2')], canary: 'failed' },
    own: {
      status: 'ran',
      files: ['mine.test.ts'],
      passed: 3,
      total: 4,
      coverage: 60,
      planted: [
        { name: 'the untouched stub', caught: true },
        { name: 'the naive baseline', caught: false },
      ],
    },
    load: {
      status: 'ok',
      params: 'secret',
      figures: [
        // (10 - 4) / (10 - 1) of the way from baseline to target: 2/3.
        { id: 'calls', label: 'calls per expiry', value: 4, unit: 'calls', target: { op: '<=', value: 1 }, baseline: 10 },
        { id: 'errors', label: 'errors seen', value: 0, unit: '', target: { op: '==', value: 0 } },
      ],
      notes: [],
    },
    loadVisible: {
      status: 'ok',
      params: 'visible',
      figures: [
        { id: 'calls', label: 'calls per expiry', value: 3, unit: 'calls', target: { op: '<=', value: 1 }, baseline: 10 },
        { id: 'errors', label: 'errors seen', value: 0, unit: '', target: { op: '==', value: 0 } },
      ],
      notes: [],
    },
    analysis: {
      present: true,
      changed: true,
      sections: [
        { heading: 'Approach', found: true, words: 30, tableRows: 0, filledRows: 0 },
        { heading: 'Results', found: true, words: 4, tableRows: 2, filledRows: 2 },
        { heading: 'Trade-offs', found: true, words: 3, tableRows: 0, filledRows: 0 },
        { heading: 'Monitoring', found: false, words: 0, tableRows: 0, filledRows: 0 },
      ],
      // 3.2 is within 10% of 3; errors not quoted.
      quoted: { calls: 3.2 },
    },
    durationMs: 1,
    ...overrides,
  };
}

function results(ex: ExerciseRun[], mode: RunResults['mode'] = 'full'): RunResults {
  return {
    version: 1,
    kind: 'cachelab-results',
    student: 'alice',
    submissionHash: 'h',
    kitVersion: 'k',
    backend: 'embedded',
    mode,
    integrity: { mode: 'sandboxed', tool: 'bwrap', network: 'none' },
    problems: [],
    exercises: ex,
    gradedAt: '',
    durationMs: 0,
  };
}

function points(report: ReturnType<typeof score>): Record<string, number> {
  return Object.fromEntries(report.exercises[0]!.items.map((i) => [i.id, i.points]));
}

describe('figureCredit', () => {
  it('gives full credit when the target is met, whatever the curve', () => {
    expect(figureCredit(1, { op: '<=', value: 1 }, 10, 'linear')).toBe(1);
    expect(figureCredit(0.95, { op: '>=', value: 0.9 }, 0.65, 'step')).toBe(1);
  });
  it('is linear between baseline and target, in both directions', () => {
    expect(figureCredit(4, { op: '<=', value: 1 }, 10, 'linear')).toBeCloseTo(6 / 9, 12);
    expect(figureCredit(0.8, { op: '>=', value: 0.9 }, 0.65, 'linear')).toBeCloseTo(0.15 / 0.25, 12);
  });
  it('gives nothing at or behind the baseline, without a baseline, on the step curve, or when unmeasured', () => {
    expect(figureCredit(10, { op: '<=', value: 1 }, 10, 'linear')).toBe(0);
    expect(figureCredit(12, { op: '<=', value: 1 }, 10, 'linear')).toBe(0);
    expect(figureCredit(3, { op: '==', value: 0 }, undefined, 'linear')).toBe(0);
    expect(figureCredit(4, { op: '<=', value: 1 }, 10, 'step')).toBe(0);
    expect(figureCredit(null, { op: '<=', value: 1 }, 10, 'linear')).toBe(0);
  });
  it('never gives full credit to a value that misses a strict target', () => {
    expect(figureCredit(50, { op: '<', value: 50 }, 150, 'linear')).toBe(MAX_PARTIAL);
  });
});

describe('score', () => {
  it('adds up every criterion by hand', () => {
    const report = score(results([exercise()]), RUBRIC, NO_OVERRIDES);
    expect(points(report)).toEqual({
      'performance/calls': 13.33, // 20 × 6/9
      'performance/errors': 20,
      'technical/hidden-suite': 15, // 30 × 2/4 (the missing test counts as failed)
      'problem-solving/visible-suite': 5, // 10 × 1/2
      'problem-solving/own-tests': 5, // 10 × 1 of 2 planted bugs caught (coverage is for information)
      'documentation/analysis': 2,
      'documentation/sections': 2, // 4 × 2/4: Approach (words) and Results (table rows)
      'documentation/figures': 2, // 4 × 1/2: calls matches 3 within 10%, errors not quoted
    });
    const e = report.exercises[0]!;
    expect(e.criteria.map((c) => [c.id, c.score, c.max])).toEqual([
      ['performance', 33.33, 40],
      ['technical', 15, 30],
      ['problemSolving', 10, 20],
      ['documentation', 6, 10],
    ]);
    expect([e.score, e.max, report.total, report.max]).toEqual([64.33, 100, 64.33, 100]);
    expect(report).toMatchObject({ version: 1, kind: 'cachelab-report', student: 'alice', hiddenPoints: 0, warnings: [] });
  });

  it('says what a figure measured, against its target and baseline, without repeating its label', () => {
    const item = score(results([exercise()]), RUBRIC, NO_OVERRIDES).exercises[0]!.items.find((i) => i.id === 'performance/calls')!;
    expect([item.label, item.feedback]).toEqual([
      'calls per expiry',
      "Measured 4 calls with the grader's hidden parameters; target ≤ 1 calls, baseline 10 calls.",
    ]);
  });

  it('scores a suite 0 with an error item when its canary passed', () => {
    const tampered = exercise({ hidden: { status: 'ran', tests: [passed('a'), passed('b')], canary: 'passed' } });
    const item = score(results([tampered]), RUBRIC, NO_OVERRIDES).exercises[0]!.items.find((i) => i.id === 'technical/hidden-suite')!;
    expect([item.points, item.status]).toEqual([0, 'error']);
    expect(item.feedback).toMatch(/tampered/);
  });

  it('gives one zero error item for performance when the load check did not finish', () => {
    const crashed = exercise({ load: { status: 'timeout', params: 'secret', figures: [], notes: [], error: 'it ran past the 5 s limit' } });
    const items = score(results([crashed]), RUBRIC, NO_OVERRIDES).exercises[0]!.items.filter((i) => i.criterion === 'performance');
    expect(items.map((i) => [i.id, i.points, i.max, i.status])).toEqual([['performance/load-check', 0, 40, 'error']]);
    expect(items[0]!.feedback).toMatch(/5 s limit/);
  });

  it('applies rubric figure weights, targets and curves', () => {
    const rubric: Rubric = { ...RUBRIC, exercises: { 'exercise-4-stampede': { figures: { calls: { weight: 3, curve: 'step' }, errors: { weight: 1 } } } } };
    // calls: 40 × 3/4 = 30 max, step curve and missed → 0; errors: 10 max, met.
    expect(points(score(results([exercise()]), rubric, NO_OVERRIDES))).toMatchObject({ 'performance/calls': 0, 'performance/errors': 10 });
    const retarget: Rubric = { ...RUBRIC, exercises: { 'exercise-4-stampede': { figures: { calls: { target: { op: '<=', value: 4 } } } } } };
    expect(points(score(results([exercise()]), retarget, NO_OVERRIDES))['performance/calls']).toBe(20);
  });

  it('gives zero for every criterion of an exercise that was not submitted', () => {
    const report = score(results([exercise({ submitted: false })]), RUBRIC, NO_OVERRIDES);
    expect(report.exercises[0]!.items.map((i) => [i.id, i.points, i.max])).toEqual([
      ['performance/not-submitted', 0, 40],
      ['technical/not-submitted', 0, 30],
      ['problem-solving/not-submitted', 0, 20],
      ['documentation/not-submitted', 0, 10],
    ]);
    expect(report.exercises[0]!.status).toBe('not-submitted');
  });

  it('marks the hidden suite and the own tests (measured by planted bugs the edition lacks) as hidden points in a visible-only estimate', () => {
    const report = score(
      results([exercise({ load: { ...exercise().loadVisible!, params: 'visible' }, loadVisible: null })], 'visible-only'),
      RUBRIC,
      NO_OVERRIDES,
    );
    const item = report.exercises[0]!.items.find((i) => i.id === 'technical/hidden-suite')!;
    expect([item.points, item.status, report.hiddenPoints]).toEqual([0, 'hidden', 40]);
    expect(report.exercises[0]!.items.find((i) => i.id === 'problem-solving/own-tests')).toMatchObject({ points: 0, status: 'hidden', max: 10 });
    // The visible run scores performance: calls 3 is 7/9 of the way → 15.56.
    expect(points(report)['performance/calls']).toBe(15.56);
  });

  it('replaces points with the override, keeps the computed ones, and warns about bad overrides', () => {
    const overrides: Overrides = {
      version: 1,
      students: {
        alice: {
          'exercise-4-stampede': {
            'documentation/sections': { points: 4, comment: 'Monitoring is covered in the README.' },
            'technical/hidden-suite': { points: 99, comment: 'too many' },
            'technical/typo': { points: 1, comment: 'no such item' },
          },
          'exercise-9-nothing': { x: { points: 1, comment: 'no such exercise' } },
        },
      },
    };
    const report = score(results([exercise()]), RUBRIC, overrides);
    const items = report.exercises[0]!.items;
    expect(items.find((i) => i.id === 'documentation/sections')).toMatchObject({
      points: 4,
      status: 'full',
      override: { points: 4, computed: 2, comment: 'Monitoring is covered in the README.' },
    });
    expect(items.find((i) => i.id === 'technical/hidden-suite')).toMatchObject({ points: 30, override: { computed: 15 } });
    // 64.96 - 2 + 4 - 15 + 30
    expect(report.total).toBe(81.33);
    expect(report.warnings).toEqual([
      "overrides: students.alice.exercise-4-stampede.technical/hidden-suite.points 99 is above the item's maximum 30; 30 used",
      expect.stringMatching(/^overrides: students\.alice\.exercise-4-stampede\.technical\/typo is not an item of this report \(items: performance\/calls, /),
      'overrides: students.alice.exercise-9-nothing names an exercise that was not graded',
    ]);
  });

  it('is pure: the same input gives the same report', () => {
    const input = results([exercise()]);
    expect(score(input, RUBRIC, NO_OVERRIDES)).toEqual(score(structuredClone(input), RUBRIC, NO_OVERRIDES));
  });

  it('refuses results of another version', () => {
    expect(() => score({ ...results([]), version: 2 } as unknown as RunResults, RUBRIC, NO_OVERRIDES)).toThrow(/version 2 is not 1/);
  });
});
