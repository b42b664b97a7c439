/** The rubric, overrides and secret-parameter files are validated on load, and every problem names the file and field. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXERCISES, KIT_ROOT } from '../../lib/manifest.js';
import { loadOverrides, validateOverrides } from '../src/overrides.js';
import { loadRubric, rubricFor, validateRubric } from '../src/rubric.js';
import { loadSecret } from '../src/secret.js';
import { DEMO_RUBRIC } from './demo-kit.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cachelab-rubric-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rubric', () => {
  it('ships a valid grader/rubric.json with the course weights (40/30/20/10)', () => {
    const rubric = loadRubric(
      path.join(KIT_ROOT, 'grader', 'rubric.json'),
      EXERCISES.map((e) => e.slug),
    );
    expect(rubric.criteria).toEqual({ performance: 40, technical: 30, problemSolving: 20, documentation: 10 });
    expect(rubricFor(rubric, 'exercise-4-stampede')).toMatchObject({ points: 100, curve: 'linear' });
  });

  it('names the file and every bad field', () => {
    const bad = {
      ...DEMO_RUBRIC,
      criteria: { performance: 'forty', technical: 30, problemSolving: 20, documentation: 10 },
      documentation: { ...DEMO_RUBRIC.documentation, present: 0.5 },
      limits: { ...DEMO_RUBRIC.limits, runMs: 0 },
      exercises: { 'exercise-4-stampede': { figures: { calls: { weight: -1, target: { op: '=>', value: 1 } } }, colour: 'red' } },
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
      '- my-rubric.json: criteria.performance must be a number from 0 to 100 (got "forty")',
      "- my-rubric.json: criteria must add up to 100 (percent of an exercise's points), got 60",
      '- my-rubric.json: documentation.{present, sections, figures} are shares of the criterion and must add up to 1, got 1.3',
      '- my-rubric.json: limits.runMs must be a number >= 1 (got 0)',
      '- my-rubric.json: exercises.exercise-4-stampede.colour is not a known field (known: points, criteria, figures, hiddenTests)',
      '- my-rubric.json: exercises.exercise-4-stampede.figures.calls.weight must be a number >= 0 (got -1)',
      '- my-rubric.json: exercises.exercise-4-stampede.figures.calls.target.op must be one of ">=", "<=", "==", "<", ">" (got "=>")',
    ]);
  });

  it('rejects an exercise the kit does not have, and unreadable JSON', () => {
    expect(() => validateRubric({ ...DEMO_RUBRIC, exercises: { 'exercise-7-nope': {} } }, 'r.json', ['exercise-4-stampede'])).toThrow(
      /r\.json: exercises\.exercise-7-nope is not an exercise of this kit \(known: exercise-4-stampede\)/,
    );
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, '{ "version": 1, ');
    expect(() => loadRubric(file)).toThrow(new RegExp(`${file}: cannot read the rubric .*Fix the JSON or pass --rubric <file>`));
  });

  it('accepts $comment keys anywhere', () => {
    expect(() => validateRubric({ ...DEMO_RUBRIC, $comment: 'x', criteria: { ...DEMO_RUBRIC.criteria, $comment: 'y' } }, 'r.json')).not.toThrow();
  });
});

describe('overrides', () => {
  it('treats a missing file as no overrides', () => {
    expect(loadOverrides(path.join(dir, 'none.json'))).toEqual({ version: 1, students: {} });
  });

  it('ships a valid example', () => {
    expect(loadOverrides(path.join(KIT_ROOT, 'grader', 'overrides.example.json')).students.alice).toBeDefined();
  });

  it('rejects a field it does not know, at any level', () => {
    expect(() => validateOverrides({ version: 1, student: {} }, 'o.json')).toThrow(
      /o\.json: student is not a known field \(known: version, students\)\n.*o\.json: students must be an object \(got nothing\)/,
    );
  });

  it('needs points and a comment for every override', () => {
    expect(() =>
      validateOverrides({ version: 1, students: { bob: { 'exercise-4-stampede': { 'technical/hidden-suite': { points: -2 } } } } }, 'o.json'),
    ).toThrow(
      /o\.json: students\.bob\.exercise-4-stampede\.technical\/hidden-suite\.points must be a number >= 0 \(got -2\)\n.*comment must be a non-empty string \(got nothing\)/,
    );
  });
});

describe('secret parameters', () => {
  /** A kit folder whose grader/exercises/exercise-9-demo/secret.ts holds `source`. */
  function kitWith(source: string): string {
    const root = mkdtempSync(path.join(dir, 'kit-'));
    mkdirSync(path.join(root, 'grader', 'exercises', 'exercise-9-demo'), { recursive: true });
    writeFileSync(path.join(root, 'grader', 'exercises', 'exercise-9-demo', 'secret.ts'), source);
    return root;
  }

  it('reads { seed, scale }, and null when the kit has none (the student edition)', async () => {
    await expect(loadSecret(kitWith("export default { seed: 'abc', scale: 2 };\n"), 'exercise-9-demo')).resolves.toEqual({ seed: 'abc', scale: 2 });
    await expect(loadSecret(dir, 'exercise-9-demo')).resolves.toBeNull();
  });

  it('names the file and each bad field', async () => {
    const root = kitWith('export default { seed: true, scale: 0 };\n');
    const file = path.join(root, 'grader', 'exercises', 'exercise-9-demo', 'secret.ts');
    await expect(loadSecret(root, 'exercise-9-demo')).rejects.toThrow(
      `${file}: default export.seed must be a number or a string (got true); ${file}: default export.scale must be a number > 0 (got 0)`,
    );
  });
});
