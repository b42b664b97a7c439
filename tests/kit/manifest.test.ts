/** Kit proofs on the layout: the manifest matches the files, and exercises never see solutions. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXERCISES, KIT_ROOT, findExercise, validateManifest } from '../../lib/manifest.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('exercise manifest', () => {
  it('lists files that exist, in exercises/ and mirrored in solutions/', () => {
    expect(validateManifest()).toEqual([]);
  });

  it('is in course order with numbered slugs', () => {
    expect(EXERCISES.map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('finds exercises by number, name or slug, and names the known ones otherwise', () => {
    expect(findExercise('4').id).toBe(4);
    expect(findExercise('exercise-4').id).toBe(4);
    expect(findExercise(4).slug).toMatch(/^exercise-4-/);
    expect(() => findExercise('exercise-9')).toThrow(/Known exercises: 1 \(exercise-1-/);
  });
});

describe('exercise sources', () => {
  const exerciseFiles = filesUnder(path.join(KIT_ROOT, 'exercises')).filter((f) => f.endsWith('.ts'));

  it('never import from solutions/ or grader/', () => {
    const offenders = exerciseFiles.filter((f) => /from\s+['"][^'"]*\/(solutions|grader)\//.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => path.relative(KIT_ROOT, f))).toEqual([]);
  });

  it('mark every stub of an exercise with TODO', () => {
    for (const e of EXERCISES) {
      for (const stub of e.files.stubs) {
        const text = readFileSync(path.join(KIT_ROOT, 'exercises', e.slug, stub), 'utf8');
        expect(text, `exercises/${e.slug}/${stub} has no TODO`).toMatch(/throw new Error\(\s*['`"]TODO/);
      }
    }
  });
});
