/**
 * `npx tsx grader/exercises/exercise-3-hot-keys/calibration.bench.ts [--real]`: exercise 3's load check on the
 * baseline, the reference solution and its flawed variants (exercise-3.variants.ts), side by side,
 * on the embedded cluster (visible and secret parameters) and, with --real, on six redis-server
 * processes on free loopback ports. A benchmark, not a test: it prints and asserts nothing. It
 * lives with the grader because it needs the solution, the baseline and the secret parameters,
 * none of which ship to students.
 */
import path from 'node:path';
import { graderFile } from '../../../lib/manifest.js';
import { flawedVariants } from './calibration.variants.js';
import secret from './secret.js';
import type { Exercise3Module } from '../../../lib/exercises/exercise-3-hot-keys/types.js';
import { check, loadImplementation, measure, resultOf } from '../../../lib/exercises/exercise-3-hot-keys/check.js';
import { FIGURE_IDS } from '../../../lib/exercises/exercise-3-hot-keys/check/figures.js';
import type { LoadCheckParams } from '../../../lib/load/types.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const baseline = await loadImplementation(path.join(root, graderFile('exercise-3-hot-keys', 'baseline')));
const solution = await loadImplementation(path.join(root, 'solutions', 'exercise-3-hot-keys'));

async function row(name: string, impl: Exercise3Module, params: LoadCheckParams): Promise<string> {
  const started = process.hrtime.bigint();
  const m = await measure(impl, params);
  const byId = Object.fromEntries(resultOf(m, params).figures.map((f) => [f.id, f.value]));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return [
    name.padEnd(56),
    ...FIGURE_IDS.map((id) => String(byId[id]).padStart(10)),
    `${m.top5Share.toFixed(1)}`.padStart(8),
    `${seconds.toFixed(1)} s`.padStart(8),
  ].join(' ');
}

const header = [
  'implementation'.padEnd(56),
  ...['top-2%', 'node×', 'precision', 'recall', 'entries', 'stale'].map((h) => h.padStart(10)),
  'top-5%'.padStart(8),
  'time'.padStart(8),
].join(' ');
const runs: [string, LoadCheckParams][] = [
  ['embedded, visible', check.visible],
  ['embedded, secret', { ...secret, backend: 'embedded' }],
];
if (process.argv.includes('--real')) runs.push(['real (6 redis-server processes), visible', { ...check.visible, backend: 'real' }]);
for (const [label, params] of runs) {
  console.log(`\n${label}: seed ${params.seed}, scale ${params.scale}\n${header}`);
  console.log(await row('baseline (pass-through)', baseline, params));
  console.log(await row('reference solution', solution, params));
  if (params.backend === 'embedded' && params.scale === 1) {
    for (const v of flawedVariants(solution)) console.log(await row(`solution with ${v.name}`, v.module, params));
  }
}
