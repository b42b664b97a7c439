/** What every calibration test shares: where each role's implementation lives, figures by id. */
import path from 'node:path';
import type { Figure, LoadCheckResult } from '../../lib/load/types.js';

const root = path.resolve(import.meta.dirname, '..', '..');

/** The folders of an exercise's baseline, reference solution and untouched stub. */
export function roleDirs(slug: string): { baseline: string; solution: string; stub: string } {
  return {
    baseline: path.join(root, 'grader', 'baselines', slug),
    solution: path.join(root, 'solutions', slug),
    stub: path.join(root, 'exercises', slug),
  };
}

/** A check result's figures, keyed by figure id. */
export function byId(result: LoadCheckResult): Record<string, Figure> {
  return Object.fromEntries(result.figures.map((f) => [f.id, f]));
}
