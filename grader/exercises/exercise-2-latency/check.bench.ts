/**
 * `npx tsx grader/exercises/exercise-2-latency/check.bench.ts [--real] [--scale n] [--seed s]`: exercise 2's load check on the
 * naive baseline and on the reference solution, side by side, with the real time each run took. On
 * the embedded backend the figures are the calibrated ones (virtual clock); with --real the same
 * mix runs against Redis at CACHE_URL and latency is wall-clock on this machine. A benchmark, not a
 * test: it prints and asserts nothing.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { check, loadImplementation } from '../../../lib/exercises/exercise-2-latency/check.js';
import type { LoadCheckResult } from '../../../lib/load/types.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const { values } = parseArgs({ options: { real: { type: 'boolean', default: false }, scale: { type: 'string', default: '1' }, seed: { type: 'string' } } });
const params = {
  ...check.visible,
  backend: values.real ? ('real' as const) : ('embedded' as const),
  scale: Number(values.scale),
  seed: values.seed ?? check.visible.seed,
};

const runs: { name: string; result: LoadCheckResult; seconds: number }[] = [];
for (const [name, dir] of [
  ['baseline', 'grader/exercises/exercise-2-latency/baseline'],
  ['solution', 'solutions/exercise-2-latency'],
] as const) {
  const started = performance.now();
  const result = await check.run(await loadImplementation(path.join(root, dir)), params);
  runs.push({ name, result, seconds: (performance.now() - started) / 1000 });
}

console.log(`exercise 2 · ${params.backend} · seed ${params.seed} · scale ${params.scale}`);
console.log(['figure'.padEnd(26), ...runs.map((r) => r.name.padStart(12)), 'target'.padStart(10)].join(' '));
for (const [i, f] of runs[0]!.result.figures.entries()) {
  const cells = runs.map((r) => `${r.result.figures[i]!.value}${f.unit === '%' ? '%' : ''}`.padStart(12));
  console.log([f.id.padEnd(26), ...cells, `${f.target.op} ${f.target.value}`.padStart(10)].join(' '));
}
console.log(['real seconds'.padEnd(26), ...runs.map((r) => r.seconds.toFixed(1).padStart(12))].join(' '));
for (const r of runs) for (const note of r.result.notes.slice(2)) console.log(`${r.name}: ${note}`);
