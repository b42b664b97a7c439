/** The visible loop's type check: a type error in a student's file is reported with its file and line. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXERCISES, KIT_ROOT, findExercise } from './manifest.js';
import { exercisesNamed, formatTypeProblems, typecheckExercises } from './typecheck.js';

describe('typecheckExercises', () => {
  // Inside the kit (a gitignored .tmp folder), so the copy's `../../lib/…` imports resolve.
  const target = mkdtempSync(path.join(KIT_ROOT, '.tmp-typecheck-'));
  afterAll(() => rmSync(target, { recursive: true, force: true }));
  const ex2 = findExercise(2);

  it('finds nothing in the untouched stubs, and the error in a broken copy with its file and line', () => {
    cpSync(path.join(KIT_ROOT, 'exercises', ex2.slug), path.join(target, ex2.slug), { recursive: true });
    expect(typecheckExercises(target, [ex2])).toEqual([]);
    const file = path.join(target, ex2.slug, 'local-tier.ts');
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('resolveLocalTierOptions(options)'));
    lines.splice(at + 1, 0, "    const n: number = 'x'; void n;");
    writeFileSync(file, lines.join('\n'));
    const problems = typecheckExercises(target, [ex2]);
    const rel = path.relative(KIT_ROOT, file);
    expect(problems).toEqual([{ file: rel, line: at + 2, column: 11, code: 'TS2322', message: "Type 'string' is not assignable to type 'number'." }]);
    expect(formatTypeProblems(problems)).toBe(`${rel}:${at + 2}:11 - error TS2322: Type 'string' is not assignable to type 'number'.`);
  });

  it('checks the exercises a vitest command line names, else every one', () => {
    expect(exercisesNamed(['run', '--config', 'vitest.config.ts', 'exercise-2']).map((e) => e.id)).toEqual([2]);
    expect(exercisesNamed(['run', 'exercises/exercise-4-stampede/visible.test.ts']).map((e) => e.id)).toEqual([4]);
    expect(exercisesNamed(['run', '--config', 'vitest.config.ts']).length).toBe(EXERCISES.length);
  });
});
