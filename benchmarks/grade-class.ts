/**
 * `npm run bench:grade [-- N]`: the grader's speed, in one run (issue 16's figures), on this machine:
 *  1. cold: `npm run grade -- solutions` with an empty cache (what the README's command costs the
 *     first time after `npm ci`, npm ci itself not counted): time to the first progress line and
 *     to the end;
 *  2. warm: the same into a new --out folder, cache kept: the total and each exercise's phases,
 *     read from the progress lines;
 *  3. a class of N (default 30) fixture submissions (solution copies, untouched stubs, baseline
 *     copies in turn, the last one broken: a syntax error in exercise 4), graded with `--jobs` =
 *     this machine's cores and `--leaderboard` (solution and baseline copies opt in): wall time,
 *     mean per-student time, every report written, the leaderboard's size;
 *  4. the simulations' speed: each exercise's load check run in this process on the reference
 *     solution at the grader's scale, in embedded cache commands per second of wall time.
 * A benchmark, not a test: it prints figures (and the load average, since the machine may be
 * shared) and fails (exit 1) only when a report is missing or the grader failed.
 * BENCH_SKIP=cold,warm,class,sim leaves parts out.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { EXERCISES, KIT_ROOT, graderFile } from '../lib/manifest.js';
import { commandsExecutedInProcess } from '../lib/backends/cache/embedded/core.js';
import { CHECKS } from '../lib/load/registry.js';
import { copyBaselineAsSubmission } from '../grader/src/baselines.js';
import { OPT_IN_FILE, type Leaderboard } from '../grader/src/leaderboard.js';
import { loadSecret } from '../grader/src/secret.js';

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
      const base = path.join(KIT_ROOT, graderFile(e.slug, 'baseline'));
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

const skip = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));
const root = mkdtempSync(path.join(tmpdir(), 'cachelab-bench-grade-'));
const tsxGrade = ['--import', 'tsx', path.join(KIT_ROOT, 'scripts', 'grade.ts')];
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
let failed = false;

/** Runs the grader with `args`; resolves to its exit code, wall time, time to its first stderr line and its stderr. */
function grade(args: string[]): Promise<{ code: number | null; wallS: number; firstLineS: number; stderr: string }> {
  const started = process.hrtime.bigint();
  const since = (): number => Number(process.hrtime.bigint() - started) / 1e9;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...tsxGrade, ...args], {
      cwd: KIT_ROOT,
      env: { ...process.env, INIT_CWD: KIT_ROOT },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let firstLineS = NaN;
    child.stderr.on('data', (chunk: Buffer) => {
      if (Number.isNaN(firstLineS)) firstLineS = since();
      stderr += chunk.toString('utf8');
    });
    child.on('close', (code) => resolve({ code, wallS: since(), firstLineS, stderr }));
  });
}

/** Seconds per exercise and phase, from progress lines such as `exercise 4: hidden suite 39/39 passed · visible suite 15/15 passed · 7.0 s`. */
function phases(stderr: string): Map<number, { phase: string; s: number }[]> {
  const out = new Map<number, { phase: string; s: number }[]>();
  for (const m of stderr.matchAll(/^exercise (\d+): (hidden suite|visible suite|own tests|load check)[^\n]*· (\d+\.\d) s$/gm)) {
    const list = out.get(Number(m[1])) ?? [];
    list.push({ phase: m[2] === 'visible suite' ? 'suites' : m[2] === 'hidden suite' ? 'suites' : m[2]!, s: Number(m[3]) });
    out.set(Number(m[1]), list);
  }
  return out;
}

console.log(`bench:grade on ${availableParallelism()} cores, load average ${load()} (1, 5, 15 min)`);
const cache = path.join(root, 'cache');
if (!skip.has('cold')) {
  const cold = await grade(['solutions', '--out', path.join(root, 'cold'), '--cache', cache]);
  failed ||= cold.code !== 0;
  console.log(
    `cold  npm run grade -- solutions (empty cache): ${cold.wallS.toFixed(1)} s, first progress line after ${cold.firstLineS.toFixed(1)} s, exit ${cold.code}`,
  );
}
if (!skip.has('warm')) {
  const warm = await grade(['solutions', '--out', path.join(root, 'warm'), '--cache', cache]);
  failed ||= warm.code !== 0;
  console.log(
    `warm  the same into a new --out (cache kept):  ${warm.wallS.toFixed(1)} s, first progress line after ${warm.firstLineS.toFixed(1)} s, exit ${warm.code}`,
  );
  console.log('      exercise  suites   own tests  load check   (each phase from its start to its end; exercises run concurrently, one child per core)');
  for (const [id, list] of [...phases(warm.stderr)].sort(([a], [b]) => a - b)) {
    const of = (phase: string): string => `${list.find((p) => p.phase === phase)?.s.toFixed(1) ?? '-'} s`.padStart(8);
    console.log(`      ${String(id).padEnd(8)}  ${of('suites')}  ${of('own tests')}  ${of('load check')}`);
  }
}

if (!skip.has('class')) {
  const classDir = path.join(root, 'class');
  const outDir = path.join(root, 'out');
  const students: { name: string; kind: Kind }[] = Array.from({ length: count }, (_, i) => {
    const kind: Kind = i === count - 1 && count > 1 ? 'broken' : KINDS[i % KINDS.length]!;
    return { name: `student-${String(i + 1).padStart(2, '0')}-${kind}`, kind };
  });
  for (const s of students) buildSubmission(path.join(classDir, s.name), s.kind);
  console.log(
    `class ${count} submissions (${KINDS.concat('broken')
      .map((k) => `${students.filter((s) => s.kind === k).length} ${k}`)
      .join(', ')}) in ${classDir}; --jobs ${jobs}`,
  );
  const started = process.hrtime.bigint();
  const run = spawnSync(
    process.execPath,
    [...tsxGrade, '--class', classDir, '--jobs', String(jobs), '--out', outDir, '--force', '--leaderboard', '--cache', cache],
    {
      cwd: KIT_ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, INIT_CWD: KIT_ROOT },
    },
  );
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
  failed ||= missing.length > 0 || run.status !== 0;
  console.log('');
  console.log(
    `class wall time:      ${wallS.toFixed(1)} s for ${count} students on ${jobs} cores (${(wallS / count).toFixed(1)} s per student of wall time; the cache was ${skip.has('cold') && skip.has('warm') ? 'measured in this run' : 'warm'})`,
  );
  console.log(`per-student mean:     ${mean.toFixed(1)} s of grading (results.json durationMs, ${durations.length} students)`);
  console.log(`grader exit code:     ${run.status ?? run.signal}`);
  console.log(`every report written: ${missing.length === 0 ? 'yes' : `NO, missing ${missing.length}: ${missing.slice(0, 10).join(', ')}`}`);
  const board = existsSync(path.join(outDir, 'leaderboard.json'))
    ? (JSON.parse(readFileSync(path.join(outDir, 'leaderboard.json'), 'utf8')) as Leaderboard)
    : null;
  console.log(`leaderboard:          ${board ? `${board.participants} opted in, ${board.figures.length} figures ranked` : 'not written'}`);
  console.log(`students graded:      ${readdirSync(outDir, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')).length}`);
}

if (!skip.has('sim')) {
  console.log('\nsimulation speed (reference solution, embedded backend, the grader\'s scale, seed "bench", in this process):');
  for (const e of EXERCISES) {
    const entry = await CHECKS[e.id]?.();
    if (!entry) continue;
    const scale = (await loadSecret(KIT_ROOT, e.slug))?.scale ?? 1;
    const impl: unknown = await entry.loadImplementation(path.join(KIT_ROOT, 'solutions', e.slug));
    const before = commandsExecutedInProcess();
    const started = process.hrtime.bigint();
    await entry.check.run(impl, { seed: 'bench', scale, backend: 'embedded' });
    const s = Number(process.hrtime.bigint() - started) / 1e9;
    const commands = commandsExecutedInProcess() - before;
    console.log(
      `  exercise ${e.id} (scale ${scale}): ${commands.toLocaleString('en-US')} cache commands in ${s.toFixed(1)} s = ${Math.round(commands / s).toLocaleString('en-US')} commands/s`,
    );
  }
}

console.log(`\nload average at the end: ${load()}`);
if (process.env.BENCH_KEEP) console.log(`kept: ${root}`);
else rmSync(root, { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;
