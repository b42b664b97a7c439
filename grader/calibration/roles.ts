/** What every calibration test shares: where each role's implementation lives, figures by id. */
import path from 'node:path';
import { expect } from 'vitest';
import { meets, type Figure, type LoadCheckResult } from '../../lib/load/types.js';
import { graderFile } from '../../lib/manifest.js';

const root = path.resolve(import.meta.dirname, '..', '..');

/** The folders of an exercise's baseline, reference solution and untouched stub. */
export function roleDirs(slug: string): { baseline: string; solution: string; stub: string } {
  return {
    baseline: path.join(root, graderFile(slug, 'baseline')),
    solution: path.join(root, 'solutions', slug),
    stub: path.join(root, 'exercises', slug),
  };
}

/** A check result's figures, keyed by figure id. */
export function byId(result: LoadCheckResult): Record<string, Figure> {
  return Object.fromEntries(result.figures.map((f) => [f.id, f]));
}

/** Asserts that every figure of a check result meets its target; a failure lists each miss and the run's notes. */
export function expectEveryTargetMet(result: LoadCheckResult): void {
  const missed = result.figures
    .filter((f) => !meets(f.value, f.target))
    .map((f) => `${f.id} = ${f.value}${f.error ? ` (${f.error})` : ''}, target ${f.target.op} ${f.target.value}`);
  expect(missed, result.notes.join('\n')).toEqual([]);
}
