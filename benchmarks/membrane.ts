/**
 * `npm run bench:membrane [-- 1 5]`: what the membrane (grader/src/membrane) costs each exercise's
 * load check, and whether it changes a figure. For each exercise, the visible check on the
 * reference solution runs twice through the grader's own runLoadCheck, on the embedded backend:
 * whole in one sandboxed process (CACHELAB_MEMBRANE=off), then across the membrane
 * (CACHELAB_MEMBRANE=all: the check outside the sandbox, only the solution's exports in it). It
 * prints both times, their ratio and every figure that differs. A check may join the membrane
 * (`membrane: true` in its registry entry) once its figures are the same and its time is bearable.
 * A benchmark, not a test: it prints figures and the load average (the machine may be shared); it
 * exits 1 only when a run fails outright.
 */
import { loadavg } from 'node:os';
import path from 'node:path';
import { EXERCISES, KIT_ROOT } from '../lib/manifest.js';
import { runLoadCheck } from '../grader/src/load.js';
import type { LoadRun } from '../grader/src/results.js';
import { loadRubric } from '../grader/src/rubric.js';
import { integrity } from '../grader/src/sandbox.js';

const wanted = process.argv.slice(2).map(Number);
const bad = wanted.filter((n) => !EXERCISES.some((e) => e.id === n));
if (bad.length > 0) {
  console.error(`bench:membrane: no exercise ${bad.join(', ')}; give exercise numbers (npm run bench:membrane -- 1 5), or none for all.`);
  process.exit(2);
}
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
const limits = { ...loadRubric(path.join(KIT_ROOT, 'grader', 'rubric.json')).limits, loadMs: 30 * 60_000 };
const sandbox = integrity();
console.log(`bench:membrane, ${sandbox.mode === 'sandboxed' ? 'sandboxed (bwrap)' : `reduced (${sandbox.why})`}, load average ${load()} (1, 5, 15 min)`);

async function timed(exercise: number, slug: string, mode: 'off' | 'all'): Promise<{ s: number; run: LoadRun }> {
  process.env.CACHELAB_MEMBRANE = mode;
  const t0 = performance.now();
  const { run } = await runLoadCheck({
    workspace: KIT_ROOT,
    exercise,
    exerciseDir: path.join(KIT_ROOT, 'solutions', slug),
    params: 'visible',
    backend: 'embedded',
    limits,
    integrity: sandbox,
    kitRoot: KIT_ROOT,
    own: new Set(),
  });
  return { s: (performance.now() - t0) / 1000, run };
}

let failures = 0;
for (const e of EXERCISES.filter((x) => wanted.length === 0 || wanted.includes(x.id))) {
  const inside = await timed(e.id, e.slug, 'off');
  const across = await timed(e.id, e.slug, 'all');
  const differ: string[] = [];
  for (const f of inside.run.figures) {
    const g = across.run.figures.find((x) => x.id === f.id);
    if (!g || g.value !== f.value) differ.push(`${f.id} ${String(f.value)} -> ${String(g?.value)}`);
  }
  const status = [inside.run, across.run].map((r) => (r.status === 'ok' ? '' : ` (${r.status}: ${r.error ?? ''})`));
  if (inside.run.status !== 'ok' || across.run.status !== 'ok') failures += 1;
  console.log(
    `exercise ${e.id}: one process ${inside.s.toFixed(1)} s${status[0]}, across the membrane ${across.s.toFixed(1)} s${status[1]} (${(across.s / inside.s).toFixed(1)}x); ${differ.length === 0 ? 'every figure the same' : `figures that differ: ${differ.join('; ')}`}`,
  );
}
console.log(`load average at the end: ${load()}`);
process.exit(failures > 0 ? 1 : 0);
