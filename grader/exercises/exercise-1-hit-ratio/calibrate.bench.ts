/**
 * Exercise 1's calibration at a glance: the offline optimum and every figure of the baseline, the
 * reference solution (and any other folder laid out like exercises/exercise-1-hit-ratio/) for a
 * seed, scale and backend. Use it after changing the trace, the budget or the apps' key formats,
 * then update BASELINE (lib/exercises/exercise-1-hit-ratio/check/figures.ts) and the README's tables.
 *
 *   npx tsx grader/exercises/exercise-1-hit-ratio/calibrate.bench.ts [--seed s] [--scale 1] [--backend embedded|real] [dir…]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { LoadCheckParams } from '../../../lib/load/types.js';
import { loadImplementation, prepare, runCheck } from '../../../lib/exercises/exercise-1-hit-ratio/check.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seed: { type: 'string', default: 'exercise-1-visible' },
    scale: { type: 'string', default: '1' },
    backend: { type: 'string', default: 'embedded' },
  },
});
const backend = values.backend;
if (backend !== 'embedded' && backend !== 'real') throw new Error(`--backend must be embedded or real, got ${backend}`);
const params: LoadCheckParams = { seed: values.seed, scale: Number(values.scale), backend };
const dirs = positionals.length > 0 ? positionals : ['grader/exercises/exercise-1-hit-ratio/baseline', 'solutions/exercise-1-hit-ratio'];
const started = Date.now();
const { optimum, trace, p } = prepare(params);
console.log(
  `${trace.reads} reads over ${p.keys} items, data budget ${Math.round(p.dataBudgetBytes / 1024)} KiB; optimum ${optimum.hitRatio.toFixed(2)}% (${Date.now() - started} ms)`,
);
for (const dir of dirs) {
  const t = Date.now();
  const result = await runCheck(await loadImplementation(path.resolve(root, dir)), params);
  const figures = result.figures.map((f) => `${f.id} ${Number.isNaN(f.value) ? `— (${f.error})` : f.value}`).join(' · ');
  console.log(`${dir}: ${figures} (${Date.now() - t} ms)`);
}
