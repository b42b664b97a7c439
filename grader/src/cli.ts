/**
 * `npm run grade -- [submission] [--class <dir>] [--out <dir>] [--exercise N] [--backend …]
 * [--jobs N] [--rubric <file>] [--overrides <file>] [--force] [--leaderboard] [--similarity]`, or `--export gradescope|classroom
 * --out <dir>` to write the bundle or workflow for those engines instead of grading. Exit code 0 whatever the students
 * scored; 1 when the grader itself failed (for any submission); 2 for a usage problem or when another
 * grader holds the lock of `--out` (it refuses at once, naming the holder); 3 when an exercise was not
 * graded for an infrastructure failure (a backend down, a baseline not measured: see infrastructure.ts).
 */
import { kitCacheDir } from './kit-cache.js';
import { integrityLine } from './sandbox.js';
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { Command, CommanderError, Option } from 'commander';
import { KIT_ROOT, type ExerciseEntry } from '../../lib/manifest.js';
import { gradeClass, listStudents, skippedInClass, type ClassRow } from './class.js';
import { summaryTable } from './class-view.js';
import { GraderError } from './errors.js';
import { gradeSubmission, openSession } from './grade.js';
import { INFRASTRUCTURE_EXIT_CODE } from './infrastructure.js';
import { EXPORT_KINDS, runExport } from './export/index.js';
import { formatPoints } from './format.js';
import { MIN_PARTICIPANTS } from './leaderboard.js';
import { acquireOutLock, type OutLock } from './out-lock.js';
import { installStop, signalExitCode, stopRequested, throwIfStopping } from './stop.js';

/** Where the CLI writes (the process in real use, buffers in tests). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  errIsTTY: boolean;
  cwd: string;
}

/** Parsed options. */
interface GradeArgs {
  class?: string;
  out?: string;
  exercise?: string;
  backend: 'embedded' | 'real';
  jobs: number;
  rubric?: string;
  overrides?: string;
  force: boolean;
  keepWorkspace: boolean;
  cache?: string;
  prepare: boolean;
  leaderboard: boolean;
  similarity: boolean;
  export?: (typeof EXPORT_KINDS)[number];
}

/** The instructor-only similarity step (grader/src/similarity-view.ts), loaded only for --similarity. */
interface SimilarityStep {
  writeClassSimilarity(kitRoot: string, classDir: string, outDir: string, exercises: readonly ExerciseEntry[], threshold?: number): Promise<string>;
}

/** The similarity step with Dolos loaded, or why there is none (the student edition, Dolos missing). */
async function loadSimilarity(): Promise<SimilarityStep | string> {
  const view: string = './similarity-view.js'; // a variable: the student edition ships neither module
  const core: string = './similarity.js';
  try {
    const [step, sim] = (await Promise.all([import(view), import(core)])) as [SimilarityStep, { loadDolos(): Promise<unknown> }];
    await sim.loadDolos();
    return step;
  } catch (error) {
    if (error instanceof GraderError) return error.message;
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && /similarity/.test((error as Error).message))
      return '--similarity is instructor-only: the student edition has no similarity check.';
    throw error;
  }
}

function program(io: CliIo): Command {
  return new Command('grade')
    .description('Grade one submission (a kit copy or its exercises/ folder) or, with --class, a folder of submissions.')
    .argument('[submission]', "submission folder; default: this checkout's exercises/")
    .option('--class <dir>', 'grade every subfolder of <dir> as one student')
    .option('--out <dir>', 'where reports go (default out/grades/<name>)')
    .option('--exercise <n>', 'grade only this exercise (number, exercise-N or folder name)')
    .addOption(new Option('--backend <kind>', 'cache and database backend').choices(['embedded', 'real']).default('embedded'))
    .option('--jobs <n>', 'submissions graded in parallel', (v) => positiveInt(v, '--jobs'), availableParallelism())
    .option('--rubric <file>', 'rubric file (default grader/rubric.json)')
    .option('--overrides <file>', 'instructor overrides (default <out>/overrides.json)')
    .option('--force', 'run every submission again even when nothing changed', false)
    .option(
      '--leaderboard',
      "with --class: also write the anonymous leaderboard of the students who opted in; with --export gradescope: feed Gradescope's leaderboard",
      false,
    )
    .option('--similarity', "with --class: also compare the students' code with Dolos into similarity.html (instructor only; changes no score)", false)
    .option(
      '--cache <dir>',
      'where the reference test lists and the baselines on the grading parameters are kept (default <kit>/.cachelab/grader; measured once per kit version)',
    )
    .option(
      '--prepare',
      'only measure what every grade of this kit version shares (reference test lists, baselines) into the cache, then stop; e.g. once when an autograder image is built',
      false,
    )
    .option('--keep-workspace', 'keep the temporary workspaces (for debugging the grader)', false)
    .addOption(
      new Option('--export <engine>', 'write the Gradescope bundle or the GitHub Classroom workflow into --out instead of grading').choices(EXPORT_KINDS),
    )
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
}

function positiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new GraderError('E_USAGE', `${name} must be a whole number >= 1, got "${value}".`);
  return n;
}

/** Runs the command; resolves to the exit code. */
export async function runGradeCli(argv: string[], io: CliIo, kitRoot = KIT_ROOT): Promise<number> {
  const cmd = program(io);
  try {
    cmd.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof GraderError) return usage(io, error.message);
    throw error;
  }
  const args = cmd.opts<GradeArgs>();
  const submission = cmd.args[0];
  if (submission && args.class) return usage(io, 'Pass either a submission folder or --class <dir>, not both.');
  const resolve = (p: string): string => path.resolve(io.cwd, p);
  if (args.leaderboard && !args.class && !args.export)
    return usage(io, '--leaderboard ranks a class: use it with --class <dir> (or with --export gradescope).');
  if (args.similarity && !args.class) return usage(io, '--similarity compares the students of a class: use it with --class <dir>.');
  if (args.export) {
    if (!args.out || submission || args.class) return usage(io, `--export ${args.export} needs --out <dir> and takes no submission or --class.`);
    try {
      io.out(runExport(args.export, kitRoot, resolve(args.out), { leaderboard: args.leaderboard }));
      return 0;
    } catch (error) {
      if (error instanceof GraderError && error.code === 'E_USAGE') return usage(io, error.message);
      io.err(`grade: the export failed: ${(error as Error).message}\n`);
      return 1;
    }
  }
  const cacheDir = args.cache ? resolve(args.cache) : kitCacheDir(kitRoot);
  if (args.prepare) {
    if (submission || args.class) return usage(io, '--prepare measures what every grade shares and grades nothing: pass no submission or --class.');
    return prepare(io, kitRoot, cacheDir, args);
  }
  const name = args.class ? path.basename(resolve(args.class)) : submission ? path.basename(resolve(submission)) : path.basename(kitRoot);
  const outDir = resolve(args.out ?? path.join(kitRoot, 'out', 'grades', name));
  // Paths first, in a second: a wrong one must not cost the preparation (minutes of baselines).
  const where = args.class ? checkClassDir(resolve(args.class), outDir) : submission ? checkSubmission(resolve(submission)) : null;
  if (where?.problem) {
    io.err(`grade: ${where.problem}\n`);
    return 2;
  }
  // Dolos before the lock and the preparation: a missing optional dependency must not cost minutes.
  const similarity = args.similarity ? await loadSimilarity() : null;
  if (typeof similarity === 'string') {
    io.err(`grade: ${similarity}\n`);
    return 2;
  }
  for (const skipped of where?.skipped ?? []) io.err(`warning: --class ${resolve(args.class!)}: skipped ${skipped}\n`);
  // One writer per output folder, taken before any expensive work (it also checks --out is writable).
  let lock: OutLock;
  try {
    lock = acquireOutLock(outDir, `npm run grade -- ${argv.join(' ')}`);
  } catch (error) {
    if (!(error instanceof GraderError)) throw error;
    io.err(`grade: ${error.message}\n`);
    return error.code === 'E_WRITE' ? 1 : 2;
  }
  if (lock.notice) io.err(`notice: ${lock.notice}\n`);
  // SIGINT/SIGTERM: every child group is killed, the run unwinds (removing its workspaces), finished reports stay.
  const work = { preparing: true, running: new Set<string>(), finished: [] as string[] };
  const interrupted = (): string => (work.preparing ? 'the preparation (reference test lists, baselines)' : [...work.running].join(', ') || 'nothing');
  const uninstallStop = installStop({
    onSignal: (signal, killed) =>
      io.err(`\ngrade: ${signal}: stopping ${interrupted()} (${killed} process group(s) killed); reports already written are kept.\n`),
    beforeForcedExit: (signal) => {
      io.err(`grade: ${signal}: stopped before the run unwound; interrupted: ${interrupted()}.\n`);
      lock.release();
    },
  });
  try {
    const session = await openSession({
      kitRoot,
      ...(args.exercise ? { exercise: args.exercise } : {}),
      backend: args.backend,
      ...(args.rubric ? { rubricFile: resolve(args.rubric) } : {}),
      overridesFile: args.overrides ? resolve(args.overrides) : path.join(outDir, 'overrides.json'),
      cacheDir,
      force: args.force,
      keepWorkspace: args.keepWorkspace,
      ...(args.leaderboard ? { leaderboardDir: outDir } : {}),
      onProgress: (line) => io.err(`${line}\n`),
    });
    for (const notice of session.notices) io.err(`warning: ${notice}\n`);
    if (session.integrity.mode !== 'sandboxed')
      io.err(
        `warning: ${integrityLine(session.integrity)}; submission code can reach what decides its score, so these are not final grades (docs/instructor-guide.md, "Trust model").\n`,
      );
    if (session.mode === 'visible-only') io.err('Student edition: grading the visible tests with the visible load-check parameters (an estimate).\n');
    let rows: ClassRow[];
    const started = Date.now();
    throwIfStopping(); // a stop during the preparation (whose load checks turn errors into results) ends here
    work.preparing = false;
    if (args.class) {
      if (similarity)
        io.out(`${await similarity.writeClassSimilarity(kitRoot, resolve(args.class), outDir, session.exercises, session.rubric.similarity?.threshold)}\n`);
      rows = await withProgress(io, listStudents(resolve(args.class), outDir).length, (hooks) =>
        gradeClass(resolve(args.class!), session, outDir, {
          jobs: args.jobs,
          similarity: Boolean(similarity),
          onStart: (student) => (work.running.add(student), hooks.onStart(student)),
          onDone: (row) => (work.running.delete(row.student), row.report && work.finished.push(row.student), hooks.onDone(row)),
        }),
      );
    } else {
      const dir = submission ? resolve(submission) : kitRoot;
      work.running.add(name);
      // One line per exercise and phase as it ends, on stderr: a grade takes a while.
      const graded = await gradeSubmission(dir, session, outDir, name, (line) => io.err(`${line}\n`));
      rows = [{ student: name, report: graded.report, cached: graded.cached, durationMs: Date.now() - started }];
    }
    io.out(`${summaryTable(rows, session.exercises)}\n\n`);
    const hidden = rows[0]?.report?.hiddenPoints ?? 0;
    if (session.mode === 'visible-only') io.out(`Estimate only: ${formatPoints(hidden)} points depend on the instructor's hidden tests and are not counted.\n`);
    io.out(`${integrityLine(session.integrity)}\n`);
    io.out(`Reports: ${args.class ? path.join(outDir, 'index.html') : path.join(outDir, 'report.html')} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    if (args.leaderboard) {
      const entrants = rows.filter((r) => r.report?.leaderboard).length;
      io.out(
        `Leaderboard: ${path.join(outDir, 'leaderboard.html')} (${entrants} opted in${entrants < MIN_PARTICIPANTS ? `; it lists nobody until ${MIN_PARTICIPANTS} have` : ''})\n`,
      );
    }
    for (const w of rows.flatMap((r) => r.report?.warnings ?? [])) io.err(`warning: ${w}\n`);
    const failed = rows.filter((r) => r.error);
    for (const r of failed) io.err(`grader error on ${r.student}: ${r.error}\n`);
    // Infrastructure failures are the grader's: named, never cached, and the exit code says so (docs/instructor-guide.md).
    const regrade = rows.flatMap((r) =>
      (r.report?.exercises ?? []).filter((e) => e.status === 'not-graded').map((e) => `${r.student} ${e.id}: ${e.infrastructure}`),
    );
    for (const line of regrade) io.err(`not graded (infrastructure): ${line}\n`);
    if (regrade.length > 0)
      io.err(
        `grade: ${regrade.length} exercise(s) not graded for an infrastructure failure; fix it and run the same command again (they are retried, nothing of them was cached).\n`,
      );
    return failed.length > 0 ? 1 : regrade.length > 0 ? INFRASTRUCTURE_EXIT_CODE : 0;
  } catch (error) {
    const signal = stopRequested();
    if (signal) {
      const kept = work.finished.length > 0 ? `; finished and kept: ${work.finished.join(', ')} (reports in ${outDir})` : '';
      io.err(
        `grade: stopped by ${signal}. Interrupted, not graded: ${interrupted()} (an earlier report of theirs, if any, is unchanged)${kept}. ${args.class ? 'The class files (index.html, grades.csv) were not rewritten; run' : 'Run'} the same command again to finish.\n`,
      );
      return signalExitCode(signal);
    }
    if (error instanceof GraderError) {
      io.err(`grade: ${error.message}\n`);
      return error.code === 'E_USAGE' || error.code === 'E_SUBMISSION_NOT_FOUND' || error.code === 'E_CLASS_EMPTY' ? 2 : 1;
    }
    io.err(`grade: the grader failed: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  } finally {
    uninstallStop();
    lock.release();
  }
}

/** `--prepare`: the session's shared measurements into the cache, nothing graded; 0 when all of them were measured. */
async function prepare(io: CliIo, kitRoot: string, cacheDir: string, args: GradeArgs): Promise<number> {
  const started = Date.now();
  try {
    const session = await openSession({
      kitRoot,
      ...(args.exercise ? { exercise: args.exercise } : {}),
      backend: args.backend,
      ...(args.rubric ? { rubricFile: path.resolve(io.cwd, args.rubric) } : {}),
      cacheDir,
      onProgress: (line) => io.err(`${line}\n`),
    });
    for (const notice of session.notices) io.err(`warning: ${notice}\n`);
    const failed = Object.keys(session.baselineFailures);
    io.out(
      `Prepared ${session.kitVersion} (${session.backend}) in ${cacheDir} · ${((Date.now() - started) / 1000).toFixed(1)} s${failed.length > 0 ? `; not measured: ${failed.join(', ')}` : ''}\n`,
    );
    return failed.length > 0 ? INFRASTRUCTURE_EXIT_CODE : 0;
  } catch (error) {
    if (!(error instanceof GraderError)) throw error;
    io.err(`grade: ${error.message}\n`);
    return error.code === 'E_USAGE' ? 2 : 1;
  }
}

/** `--class`: an existing folder with at least one student folder; also what it skips and why. */
function checkClassDir(dir: string, outDir: string): { problem?: string; skipped?: string[] } {
  if (!existsSync(dir)) return { problem: `--class ${dir} does not exist: pass the folder that holds one subfolder per student.`, skipped: [] };
  if (!statSync(dir).isDirectory())
    return {
      problem: `--class ${dir} is a file, not a folder: pass the folder that holds one subfolder per student (to grade one submission, pass its folder without --class).`,
      skipped: [],
    };
  const skipped = skippedInClass(dir, outDir);
  if (listStudents(dir, outDir).length === 0) {
    return {
      problem: `--class ${dir} has no student folders${skipped.length > 0 ? ` (skipped: ${skipped.join('; ')})` : ''}: --class expects one folder per student, each a kit copy or an exercises/ folder.`,
      skipped: [],
    };
  }
  return { skipped };
}

/** A submission argument: an existing folder. */
function checkSubmission(dir: string): { problem?: string; skipped?: string[] } {
  if (!existsSync(dir)) return { problem: `${dir} does not exist: pass the folder of a submission (a kit copy or its exercises/ folder).` };
  if (!statSync(dir).isDirectory())
    return { problem: `${dir} is a file, not a folder: pass the folder of a submission (a kit copy or its exercises/ folder).` };
  return {};
}

function usage(io: CliIo, message: string): number {
  io.err(`grade: ${message}\nRun \`npm run grade -- --help\` for the options.\n`);
  return 2;
}

type Hooks = { onStart(student: string): void; onDone(row: ClassRow): void };

/** A progress bar on a terminal (done/total, current student, ETA); plain lines otherwise. */
async function withProgress<T>(io: CliIo, total: number, work: (hooks: Hooks) => Promise<T>): Promise<T> {
  let done = 0;
  if (!io.errIsTTY) {
    return work({
      onStart: () => {},
      onDone: (row) => {
        done += 1;
        io.err(
          `[${done}/${total}] ${row.student}: ${row.report ? `${formatPoints(row.report.total)}/${formatPoints(row.report.max)}` : 'grader error'}${row.cached ? ' (cached)' : ''}\n`,
        );
      },
    });
  }
  const bar = new cliProgress.SingleBar(
    { format: 'grading |{bar}| {value}/{total} | {student} | ETA {eta_formatted}', stream: process.stderr, hideCursor: true, etaBuffer: 5 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { student: '' });
  try {
    return await work({
      onStart: (student) => bar.update({ student }),
      onDone: () => bar.increment(),
    });
  } finally {
    bar.stop();
  }
}
