/**
 * `npm run bench:grade [-- N]`: builds N (default 30) fixture submissions in a temporary folder
 * (solution copies, untouched stubs, baseline copies in turn, the last one broken: a syntax error
 * in exercise 4), grades them as a class with `--jobs` = this machine's cores and `--leaderboard`
 * (solution and baseline copies opt in) and prints the wall time, the mean per-student time,
 * whether every report was written and the leaderboard's size. A benchmark, not a test:
 * it prints figures and fails (exit 1) only when a report is missing or the grader failed.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { EXERCISES, KIT_ROOT } from '../lib/manifest.js';
import { copyBaselineAsSubmission } from '../grader/src/baselines.js';
import { OPT_IN_FILE, type Leaderboard } from '../grader/src/leaderboard.js';

type Kind = 'solution' | 'stub' | 'baseline' | 'broken';
const KINDS: Kind[] = ['solution', 'stub', 'baseline'];
const REPORT_FILES = ['report.json', 'report.html', 'report.md', 'feedback.md', 'results.json'];

const arg = process.argv[2] ?? process.env.BENCH_STUDENTS ?? '30';
const count = Number(arg);
if (!Number.isInteger(count) || count < 1) {
  console.error(`bench:grade: the number of students must be a whole number >= 1, got "${arg}" (npm run bench:grade -- 30).`);
  process.exit(2);
}
const jobs = availableParallelism();

/** Writes one submission (a kit-shaped folder with exercises/) of `kind` into `dir`. */
function buildSubmission(dir: string, kind: Kind): void {
  const exercises = path.join(dir, 'exercises');
  cpSync(path.join(KIT_ROOT, kind === 'solution' || kind === 'broken' ? 'solutions' : 'exercises'), exercises, { recursive: true });
  if (kind === 'baseline') {
    for (const e of EXERCISES) {
      const base = path.join(KIT_ROOT, 'grader', 'baselines', e.slug);
      if (existsSync(base)) copyBaselineAsSubmission(base, path.join(exercises, e.slug));
    }
  }
  // Solution and baseline copies opt in to the class leaderboard; stubs keep the kit's "optIn": false.
  if (kind === 'solution' || kind === 'baseline') writeFileSync(path.join(exercises, OPT_IN_FILE), '{ "optIn": true }\n');
  if (kind === 'broken') {
    const e4 = EXERCISES.find((e) => e.id === 4) ?? EXERCISES[0]!;
    appendFileSync(path.join(exercises, e4.slug, e4.files.stubs[0]!), '\nexport const = ;\n');
  }
}

const root = mkdtempSync(path.join(tmpdir(), 'cachelab-bench-grade-'));
const classDir = path.join(root, 'class');
const outDir = path.join(root, 'out');
const students: { name: string; kind: Kind }[] = Array.from({ length: count }, (_, i) => {
  const kind: Kind = i === count - 1 && count > 1 ? 'broken' : KINDS[i % KINDS.length]!;
  return { name: `student-${String(i + 1).padStart(2, '0')}-${kind}`, kind };
});
for (const s of students) buildSubmission(path.join(classDir, s.name), s.kind);
console.log(`bench:grade: ${count} submissions (${KINDS.concat('broken').map((k) => `${students.filter((s) => s.kind === k).length} ${k}`).join(', ')}) in ${classDir}; --jobs ${jobs}`);

const started = process.hrtime.bigint();
const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(KIT_ROOT, 'scripts', 'grade.ts'), '--class', classDir, '--jobs', String(jobs), '--out', outDir, '--force', '--leaderboard'], {
  cwd: KIT_ROOT,
  stdio: 'inherit',
  env: { ...process.env, INIT_CWD: KIT_ROOT },
});
const wallS = Number(process.hrtime.bigint() - started) / 1e9;

const missing: string[] = [];
const durations: number[] = [];
for (const s of students) {
  for (const f of REPORT_FILES) if (!existsSync(path.join(outDir, s.name, f))) missing.push(`${s.name}/${f}`);
  const results = path.join(outDir, s.name, 'results.json');
  if (existsSync(results)) durations.push((JSON.parse(readFileSync(results, 'utf8')) as { durationMs: number }).durationMs);
}
for (const f of ['index.html', 'grades.csv', 'summary.json', 'leaderboard.html', 'leaderboard.json']) if (!existsSync(path.join(outDir, f))) missing.push(f);
const mean = durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length / 1000 : NaN;

console.log('');
console.log(`wall time:            ${wallS.toFixed(1)} s for ${count} students on ${jobs} cores (${(wallS / count).toFixed(1)} s per student of wall time)`);
console.log(`per-student mean:     ${mean.toFixed(1)} s of grading (results.json durationMs, ${durations.length} students)`);
console.log(`grader exit code:     ${run.status ?? run.signal}`);
console.log(`every report written: ${missing.length === 0 ? 'yes' : `NO, missing ${missing.length}: ${missing.slice(0, 10).join(', ')}`}`);
const board = existsSync(path.join(outDir, 'leaderboard.json')) ? (JSON.parse(readFileSync(path.join(outDir, 'leaderboard.json'), 'utf8')) as Leaderboard) : null;
console.log(`leaderboard:          ${board ? `${board.participants} opted in, ${board.figures.length} figures ranked` : 'not written'}`);
console.log(`students graded:      ${readdirSync(outDir, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')).length}`);
if (process.env.BENCH_KEEP) console.log(`kept: ${root}`);
else rmSync(root, { recursive: true, force: true });
process.exitCode = missing.length === 0 && run.status === 0 ? 0 : 1;
