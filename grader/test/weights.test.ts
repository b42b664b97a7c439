/**
 * Hidden tests weigh what they protect: the suites' declarations (every name a test of its
 * suite), the rubric's weights and per-test overrides (validated, naming file and field), the
 * weighted share and its explanation in report.json, report.md and report.html, and an undeclared
 * suite scoring exactly as an unweighted one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXERCISES, KIT_ROOT, graderFile } from '../../lib/manifest.js';
import { NO_OVERRIDES } from '../src/overrides.js';
import { renderReport } from '../src/render.js';
import type { ExerciseRun, RunResults, TestOutcome } from '../src/results.js';
import { loadRubric, rubricFor, validateRubric } from '../src/rubric.js';
import { score } from '../src/score.js';
import { DEFAULT_WEIGHTS, loadSuiteWeights, undeclaredNames, weightsPath, withProtects } from '../src/weights.js';
import { DEMO_RUBRIC } from './demo-kit.js';

const RUBRIC = validateRubric(DEMO_RUBRIC, 'demo-rubric.json');

const outcome = (name: string, status: TestOutcome['status'], protects?: TestOutcome['protects']): TestOutcome => ({
  name,
  status,
  ...(protects ? { protects } : {}),
});

function run(tests: TestOutcome[]): ExerciseRun {
  return {
    id: 4,
    slug: 'exercise-4-stampede',
    title: 'Stampede',
    submitted: true,
    problems: [],
    hidden: { status: 'ran', tests, canary: 'failed' },
    visible: { status: 'ran', tests: [outcome('v', 'passed')], canary: 'failed' },
    own: { status: 'none', files: [], passed: 0, total: 0, coverage: null, planted: [] },
    load: { status: 'ok', params: 'secret', figures: [{ id: 'calls', label: 'calls', value: 1, unit: '', target: { op: '<=', value: 1 } }], notes: [] },
    loadVisible: null,
    analysis: { present: false, changed: false, sections: [], quoted: {} },
    durationMs: 0,
  };
}

function results(tests: TestOutcome[]): RunResults {
  return {
    version: 1,
    kind: 'cachelab-results',
    student: 'alice',
    submissionHash: 'h',
    kitVersion: 'k',
    backend: 'embedded',
    mode: 'full',
    integrity: { mode: 'sandboxed', tool: 'bwrap', network: 'none' },
    problems: [],
    exercises: [run(tests)],
    gradedAt: '',
    durationMs: 0,
  };
}

const hiddenItem = (r: ReturnType<typeof score>) => r.exercises[0]!.items.find((i) => i.id === 'technical/hidden-suite')!;

// Ten tests: one lock-safety test failed, one tuning test failed, eight behaviour tests passed.
const TESTS = [
  outcome('suite > locks > release frees only its own lock', 'failed', 'lockSafety'),
  outcome('suite > xfetch > beta recomputes early', 'failed', 'tuning'),
  ...Array.from({ length: 8 }, (_, i) => outcome(`suite > misc > behaviour ${i}`, 'passed')),
];

describe('hidden test weights', () => {
  it('every name a suite declares is a test of that suite, and exercise 3 declares none (yet)', async () => {
    for (const e of EXERCISES) {
      const declared = await loadSuiteWeights(KIT_ROOT, e.slug);
      const folder = path.join(KIT_ROOT, graderFile(e.slug, 'suiteDir'));
      const source = readdirSync(folder)
        .filter((f) => f.endsWith('.ts') && f !== 'weights.ts')
        .map((f) => readFileSync(path.join(folder, f), 'utf8'))
        .join('\n');
      // A test's name is a string literal in its folder: a declared name that is none names no test.
      const missing = Object.values(declared)
        .flat()
        .filter((n) => ![`'${n.replace(/'/g, "\\'")}'`, `"${n}"`, `\`${n}\``].some((q) => source.includes(q)));
      expect([weightsPath(e.slug), missing]).toEqual([weightsPath(e.slug), []]);
      if (e.id === 3) expect(declared).toEqual({});
      else expect(Object.keys(declared).length, `${weightsPath(e.slug)} declares what its tests protect`).toBeGreaterThan(0);
    }
    const four = await loadSuiteWeights(KIT_ROOT, 'exercise-4-stampede');
    expect(four.lockSafety).toContain('a lock that expired and was taken by another owner is not released by the first');
  });

  it('marks outcomes by their own name (the last part of the full name) and lists declared names no test has', () => {
    const declared = { lockSafety: ['release frees only its own lock'], tuning: ['gone'] };
    const marked = withProtects([outcome('a > release frees only its own lock', 'passed'), outcome('a > other', 'passed')], declared);
    expect(marked.map((t) => t.protects)).toEqual(['lockSafety', undefined]);
    expect(undeclaredNames(marked, declared)).toEqual(['gone']);
  });

  it('weighs the share by what each test protects, and says how it was computed', () => {
    const report = score(results(TESTS), RUBRIC, NO_OVERRIDES);
    const item = hiddenItem(report);
    // Weight in all: 10 + 0.5 + 8 = 18.5; passed: 8. 30 × 8 / 18.5 = 12.97 (unweighted: 30 × 8 / 10 = 24).
    expect(item.points).toBe(12.97);
    expect(item.feedback).toBe(
      '8 of 10 hidden tests passed. Tests weigh what they protect (lock safety ×10: 0 of 1 passed; behaviour ×1: 8 of 8 passed; tuning ×0.5: 0 of 1 passed): share = 8 of 18.5 weight = 43.24%. Not passed: suite > locks > release frees only its own lock; suite > xfetch > beta recomputes early.',
    );
    expect(item.tests!.outcomes.map((t) => t.weight)).toEqual([10, 0.5, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(report.warnings).toEqual([]);
  });

  it('scores a suite that declares nothing exactly as before: the plain pass share, no weights shown', () => {
    const plain = TESTS.map(({ protects: _, ...t }) => t);
    const item = hiddenItem(score(results(plain), RUBRIC, NO_OVERRIDES));
    expect(item.points).toBe(24);
    expect(item.feedback).toBe(
      '8 of 10 hidden tests passed. Not passed: suite > locks > release frees only its own lock; suite > xfetch > beta recomputes early.',
    );
    expect(item.tests!.outcomes.some((t) => 'weight' in t)).toBe(false);
  });

  it('lets the rubric set the weight of each kind, and of one test by name (an unknown name is a warning)', () => {
    const rubric = validateRubric(
      {
        ...DEMO_RUBRIC,
        technical: { weights: { lockSafety: 2, tuning: 1 } },
        exercises: { 'exercise-4-stampede': { hiddenTests: { 'behaviour 0': { weight: 3 }, 'no such test': { weight: 9 } } } },
      },
      'r.json',
    );
    expect(rubricFor(rubric, 'exercise-4-stampede').weights).toEqual({ ...DEFAULT_WEIGHTS, lockSafety: 2, tuning: 1 });
    const report = score(results(TESTS), rubric, NO_OVERRIDES);
    // Weights 2, 1, 3, then 1 × 7: passed 3 + 7 = 10 of 13. 30 × 10 / 13 = 23.08.
    expect(hiddenItem(report).points).toBe(23.08);
    expect(hiddenItem(report).tests!.outcomes.map((t) => t.weight)).toEqual([2, 1, 3, 1, 1, 1, 1, 1, 1, 1]);
    expect(report.warnings).toEqual([
      'rubric: exercises.exercise-4-stampede.hiddenTests."no such test" names no hidden test of this exercise, so it changes no weight',
    ]);
    // Every kind at 1 and no per-test weight: the unweighted share again.
    const flat = validateRubric({ ...DEMO_RUBRIC, technical: { weights: { lockSafety: 1, dataLoss: 1, wrongValues: 1, tuning: 1 } } }, 'r.json');
    expect(hiddenItem(score(results(TESTS), flat, NO_OVERRIDES)).points).toBe(24);
  });

  it('names the file and field of every bad weight', () => {
    const bad = {
      ...DEMO_RUBRIC,
      technical: { weights: { lockSafety: -1, safety: 3 }, colour: 'red' },
      exercises: { 'exercise-4-stampede': { hiddenTests: { 'a test': { weight: 'heavy' }, other: 4 } } },
    };
    let message = '';
    try {
      validateRubric(bad, 'my-rubric.json', ['exercise-4-stampede']);
    } catch (error) {
      message = (error as Error).message;
      expect((error as { code?: string }).code).toBe('E_RUBRIC_INVALID');
    }
    expect(
      message
        .split('\n')
        .slice(1)
        .map((l) => l.trim()),
    ).toEqual([
      '- my-rubric.json: technical.colour is not a known field (known: weights)',
      '- my-rubric.json: technical.weights.safety is not a known field (known: lockSafety, dataLoss, wrongValues, behaviour, tuning)',
      '- my-rubric.json: technical.weights.lockSafety must be a number >= 0 (got -1)',
      '- my-rubric.json: exercises.exercise-4-stampede.hiddenTests.a test.weight must be a number >= 0 (got "heavy")',
      '- my-rubric.json: exercises.exercise-4-stampede.hiddenTests.other must be an object (got 4)',
    ]);
  });

  it('ships grader/rubric.json with the weights of each kind', () => {
    const rubric = loadRubric(
      path.join(KIT_ROOT, 'grader', 'rubric.json'),
      EXERCISES.map((e) => e.slug),
    );
    expect(rubric.technical?.weights).toEqual(DEFAULT_WEIGHTS);
  });

  it('shows each test’s weight in report.html and report.md, and nothing new for an unweighted suite', () => {
    const weighted = renderReport(score(results(TESTS), RUBRIC, NO_OVERRIDES));
    expect(weighted['report.html']).toContain('<tr><td>suite &gt; locks &gt; release frees only its own lock</td><td class="num">×10</td>');
    expect(weighted['report.md']).toContain(
      'Hidden suite, test by test (weight, outcome, test):\n\n- ×10 failed: suite > locks > release frees only its own lock\n- ×0.5 failed: suite > xfetch > beta recomputes early\n- ×1 passed: suite > misc > behaviour 0\n',
    );
    const plain = renderReport(score(results(TESTS.map(({ protects: _, ...t }) => t)), RUBRIC, NO_OVERRIDES));
    expect(plain['report.md']).not.toContain('test by test');
    expect(plain['report.html']).not.toContain('class="num">×');
  });
});
