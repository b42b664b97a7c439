/**
 * `npm run check [exercise]`: runs an exercise's visible load check against the student's files
 * and prints the figures beside the baseline and the target. With no exercise, checks every ready
 * one. Exit code: 0 every target met, 1 a target missed or the code failed, 2 a usage problem
 * (unknown exercise, no check registered, bad option or folder, a CACHE_URL or DATABASE_URL that is
 * not a URL). With `--backend real` the cache is tried first: a refused login or an unreachable server
 * is one message (exit 1) and nothing is measured. Passwords in URLs are masked in everything printed.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import type { BackendKind } from '../lib/backends/types.js';
import { isBackendFailure, maskUrls, preflightRealBackend, type PreflightProblem } from '../lib/load/backend-preflight.js';
import { CHECKS, type CheckEntry } from '../lib/load/registry.js';
import { describeFailure, missedFigures, renderReport } from '../lib/load/report.js';
import type { LoadCheckParams, LoadCheckResult } from '../lib/load/types.js';
import { EXERCISES, KIT_ROOT, findExercise, graderFile, type ExerciseEntry } from '../lib/manifest.js';

/** Parsed command line. */
export interface CheckOptions {
  exercise?: string;
  /** Folder laid out like exercises/ (or one exercise folder); default `<kit>/exercises`. */
  dir?: string;
  backend: BackendKind;
  seed?: number | string;
  scale?: number;
  /** `--option name=value`, repeatable: tunable options of the implementation. */
  options?: Record<string, number>;
  /** Also write the result(s) as JSON to this file (relative to where the command was run). */
  out?: string;
  /** Measure the naive baseline (grader/exercises/<slug>/baseline/) instead of the student's files. */
  baseline?: boolean;
  json: boolean;
  verbose: boolean;
}

/** Thrown for a usage problem; the message names the option and the fix. */
export class CheckUsageError extends Error {
  readonly exitCode = 2;
  constructor(
    readonly code: 'E_CHECK_USAGE' | 'E_NO_CHECK' | 'E_DIR_NOT_FOUND',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CheckUsageError';
  }
}

/** What the command writes to and reads from (the process in real use, fakes in tests). */
export interface CheckIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdoutIsTTY: boolean;
  /** Shows that a long check is running (a spinner on a terminal); absent = silent. */
  progress?: (label: string) => { stop(): void };
}

/** Where checks come from (the registry in real use, fake entries in tests). */
export interface CheckDeps {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each exercise's check has its own implementation type
  checks: Record<number, () => Promise<CheckEntry<any>>>;
  exercises: readonly ExerciseEntry[];
  kitRoot: string;
  /** Checks the real backend's settings and cache once before `--backend real` (absent: none). */
  preflight?: (env: NodeJS.ProcessEnv) => Promise<PreflightProblem | null>;
}

const USAGE_TIP = 'Run `npm run check -- --help` for the options.';
const NPM_SWALLOWED = ['json', 'backend', 'seed', 'scale', 'dir'];

function parseSeed(value: string): number | string {
  if (value.trim() === '') throw new CheckUsageError('E_CHECK_USAGE', '--seed needs a value, e.g. --seed 42.');
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

function parseScale(value: string): number {
  const scale = Number(value);
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new CheckUsageError('E_CHECK_USAGE', `--scale must be a number > 0 (1 = the visible check), got "${value}".`);
  }
  return scale;
}

function collectOption(value: string, previous: Record<string, number> = {}): Record<string, number> {
  const m = /^([A-Za-z][\w-]*)=(.+)$/.exec(value.trim());
  if (!m) throw new CheckUsageError('E_CHECK_USAGE', `--option needs name=value, e.g. --option connections=6, got "${value}".`);
  const number = Number(m[2]);
  if (!Number.isFinite(number)) throw new CheckUsageError('E_CHECK_USAGE', `--option ${m[1]}=${m[2]}: the value must be a number, e.g. --option ${m[1]}=4096.`);
  return { ...previous, [m[1]!]: number };
}

/** Parses `argv` (without node and the script); returns help text instead when asked for it. */
export function parseCheckArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): CheckOptions | { help: string } {
  // `npm run check 4 --json` hands --json to npm, not to us: npm records it as npm_config_json.
  const swallowed = NPM_SWALLOWED.filter((name) => env[`npm_config_${name}`] !== undefined);
  if (env.npm_lifecycle_event === 'check' && swallowed.length > 0) {
    throw new CheckUsageError(
      'E_CHECK_USAGE',
      `npm kept --${swallowed.join(', --')} for itself. Put -- before the options: npm run check -- exercise-4 --${swallowed[0]} …`,
    );
  }
  let written = '';
  const program = new Command('npm run check --')
    .description("Runs an exercise's visible load check and prints your figures beside the baseline and the target.")
    .argument('[exercise]', 'exercise number, exercise-N or folder name; omit it to check every ready exercise')
    .option('--dir <path>', 'folder laid out like exercises/, or one exercise folder (a copy anywhere works: cp -r exercises/<slug> ../variant)')
    .addOption(new Option('--backend <kind>', 'where the check runs').choices(['embedded', 'real']).default('embedded'))
    .option('--seed <seed>', "override the check's seed (the baseline column is re-measured at it)", parseSeed)
    .option('--scale <n>', "multiply the check's size (1 = the visible check; the baseline column is re-measured at it)", parseScale)
    .option('--option <name=value>', 'set a tunable option of your code for this run (repeatable; the README lists them)', collectOption)
    .option('--baseline', "measure the naive baseline (the scenario's current system, grader/exercises/<slug>/baseline/) instead of your files")
    .option('--out <file>', 'also write the LoadCheckResult as JSON to <file> (clean JSON, whatever npm prints)')
    .option('--json', 'print the LoadCheckResult as JSON', false)
    .option('--verbose', 'print stack traces of errors', false)
    .exitOverride()
    .configureOutput({ writeOut: (s) => (written += s), writeErr: (s) => (written += s) });
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CheckUsageError) throw error;
    if (error instanceof CommanderError && error.exitCode === 0) return { help: written };
    const message = error instanceof CommanderError ? error.message.replace(/^error: /, '') : String(error);
    throw new CheckUsageError('E_CHECK_USAGE', `${message.replace(/\.?$/, '.')} ${USAGE_TIP}`, { cause: error });
  }
  const o = program.opts<{
    out?: string;
    baseline?: boolean;
    dir?: string;
    backend: BackendKind;
    seed?: number | string;
    scale?: number;
    option?: Record<string, number>;
    json: boolean;
    verbose: boolean;
  }>();
  const exercise = program.args[0];
  return {
    ...(exercise !== undefined ? { exercise } : {}),
    ...(o.dir !== undefined ? { dir: o.dir } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.scale !== undefined ? { scale: o.scale } : {}),
    ...(o.option !== undefined ? { options: o.option } : {}),
    ...(o.baseline ? { baseline: true } : {}),
    ...(o.out !== undefined ? { out: o.out } : {}),
    backend: o.backend,
    json: o.json,
    verbose: o.verbose,
  };
}

/** The exercises a run covers: the one named, or every one. */
export function selectExercises(ref: string | undefined, exercises: readonly ExerciseEntry[] = EXERCISES): ExerciseEntry[] {
  if (ref === undefined) return [...exercises];
  let found: ExerciseEntry;
  try {
    found = findExercise(ref);
  } catch (error) {
    throw new CheckUsageError('E_CHECK_USAGE', (error as Error).message, { cause: error });
  }
  return [exercises.find((e) => e.id === found.id) ?? found];
}

/** The implementation folder for `slug`: `<dir>/<slug>`, or `dir` itself when it is that folder. */
export function resolveExerciseDir(dir: string | undefined, slug: string, base: string, kitRoot: string, stubs: readonly string[] = []): string {
  const root = dir === undefined ? path.join(kitRoot, 'exercises') : path.resolve(base, dir);
  const shown = dir ?? 'exercises';
  if (!existsSync(root)) {
    throw new CheckUsageError(
      'E_DIR_NOT_FOUND',
      `--dir ${shown}: folder ${root} does not exist. Point --dir at a folder laid out like exercises/, or at one exercise folder (e.g. a copy made with cp -r exercises/<slug> ../variant).`,
    );
  }
  if (existsSync(path.join(root, slug))) return path.join(root, slug);
  if (path.basename(root) === slug) return root;
  // A copy of one exercise folder under another name: it holds the exercise's files itself.
  if (stubs.some((f) => existsSync(path.join(root, f)))) return root;
  throw new CheckUsageError(
    'E_DIR_NOT_FOUND',
    `${path.join(root, slug)} does not exist: ${shown} has no ${slug}/ folder and is not a copy of one (it has none of ${stubs.join(', ') || 'the exercise files'}). Point --dir at a folder laid out like exercises/, or at one exercise folder.`,
  );
}

/**
 * A folder's files import the kit's lib/ as `../../lib/`: that only resolves two levels below the
 * kit. A folder anywhere else is copied to `<kit>/.check-<random>/<slug>/` for the run (the returned
 * `cleanup` removes it), so a copy of an exercise folder placed anywhere runs unchanged.
 */
function stageExerciseDir(exerciseDir: string, slug: string, kitRoot: string): { dir: string; cleanup(): void } {
  if (path.resolve(exerciseDir, '..', '..') === path.resolve(kitRoot)) return { dir: exerciseDir, cleanup() {} };
  const staging = mkdtempSync(path.join(kitRoot, '.check-'));
  const dir = path.join(staging, slug);
  cpSync(exerciseDir, dir, { recursive: true, filter: (from) => !/[\\/]node_modules([\\/]|$)/.test(from) });
  return { dir, cleanup: () => rmSync(staging, { recursive: true, force: true }) };
}

/** The exercise's README as the student should open it: the folder's own, else the kit's exercises/<slug>/. */
function readmeFor(exerciseDir: string, entry: ExerciseEntry, base: string, kitRoot: string): string {
  const own = path.join(exerciseDir, entry.files.readme);
  const file = existsSync(own) ? own : path.join(kitRoot, 'exercises', entry.slug, entry.files.readme);
  return path.relative(base, file) || entry.files.readme;
}

/** The naive baseline's folder of `slug` (shipped in the student edition too). */
function baselineDir(kitRoot: string, slug: string): string {
  return path.join(kitRoot, graderFile(slug, 'baseline'));
}

/** Colours only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(io: Pick<CheckIo, 'stdoutIsTTY' | 'env'>): boolean {
  return io.stdoutIsTTY && (io.env.NO_COLOR === undefined || io.env.NO_COLOR === '');
}

async function checkOne(entry: ExerciseEntry, options: CheckOptions, io: CheckIo, deps: CheckDeps): Promise<{ code: number; result?: LoadCheckResult }> {
  const name = `exercise-${entry.id}`;
  const load = deps.checks[entry.id];
  if (!load) {
    throw new CheckUsageError(
      'E_NO_CHECK',
      `${name} (${entry.title}) has no load check registered yet, so there is nothing to measure. Run its tests instead: npm test ${name}`,
    );
  }
  const base = io.env.INIT_CWD ?? io.cwd; // npm runs scripts from the kit root; paths are the student's
  if (options.baseline && options.dir !== undefined)
    throw new CheckUsageError('E_CHECK_USAGE', "--baseline measures the kit's baseline: leave out --dir (or leave out --baseline to measure the folder).");
  const chosen = options.baseline ? baselineDir(deps.kitRoot, entry.slug) : resolveExerciseDir(options.dir, entry.slug, base, deps.kitRoot, entry.files.stubs);
  if (options.baseline && !existsSync(chosen)) throw new CheckUsageError('E_DIR_NOT_FOUND', `${name} has no baseline in this kit (${chosen} does not exist).`);
  const displayDir = path.relative(base, chosen) || '.';
  const readmePath = readmeFor(chosen, entry, base, deps.kitRoot);
  const staged = options.baseline ? { dir: chosen, cleanup() {} } : stageExerciseDir(chosen, entry.slug, deps.kitRoot);
  try {
    return await measure(entry, options, io, deps, { name, exerciseDir: staged.dir, displayDir, readmePath });
  } finally {
    staged.cleanup();
  }
}

/** Re-measures the baseline column on `params` (the calibrated one is for the visible seed and scale). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as in CheckDeps
async function remeasureBaseline(registered: CheckEntry<any>, slug: string, kitRoot: string, params: LoadCheckParams): Promise<Map<string, number> | string> {
  const dir = baselineDir(kitRoot, slug);
  if (!existsSync(dir)) return "the baseline column is the visible check's (seed and scale of the visible check): this kit has no baseline to re-measure";
  try {
    const { options: _tunables, ...rest } = params; // the baseline has no tunable options
    const result = await registered.check.run(await registered.loadImplementation(dir), rest);
    return new Map(result.figures.filter((f) => !Number.isNaN(f.value)).map((f) => [f.id, f.value]));
  } catch (error) {
    return `the baseline could not be re-measured at these values (${(error as Error)?.message ?? String(error)}): the baseline column is the visible check's`;
  }
}

async function measure(
  entry: ExerciseEntry,
  options: CheckOptions,
  io: CheckIo,
  deps: CheckDeps,
  where: { name: string; exerciseDir: string; displayDir: string; readmePath: string },
): Promise<{ code: number; result?: LoadCheckResult }> {
  const { name, exerciseDir, displayDir, readmePath } = where;
  const load = deps.checks[entry.id]!;
  const ctx = { name, exerciseDir, displayDir, readmePath, stubs: entry.files.stubs, backend: options.backend, verbose: options.verbose };
  let registered: CheckEntry<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- as in CheckDeps
  try {
    registered = await load();
  } catch (error) {
    const stack = options.verbose && error instanceof Error ? `\n${error.stack}` : '';
    io.err(`The ${name} load check itself failed to load (a kit problem, not your code): ${(error as Error)?.message ?? String(error)}${stack}`);
    return { code: 1 };
  }
  let impl: unknown;
  try {
    impl = await registered.loadImplementation(exerciseDir);
  } catch (error) {
    io.err(describeFailure(error, { ...ctx, phase: 'load' }));
    return { code: 1 };
  }
  const { check } = registered;
  const unknown = Object.keys(options.options ?? {}).filter((name) => !Object.hasOwn(check.tunable ?? {}, name));
  if (unknown.length > 0) {
    const known = Object.keys(check.tunable ?? {});
    throw new CheckUsageError(
      'E_CHECK_USAGE',
      `--option ${unknown[0]}: ${name} has ${known.length === 0 ? 'no tunable option' : `these tunable options: ${known.join(', ')}`}.`,
    );
  }
  const params: LoadCheckParams = {
    ...check.visible,
    backend: options.backend,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.scale !== undefined ? { scale: options.scale } : {}),
    ...(options.options !== undefined ? { options: options.options } : {}),
  };
  const spinner = io.progress?.(`${name}: running the load check on the ${params.backend} backend`);
  let result: LoadCheckResult;
  try {
    result = await check.run(impl, params);
    if (!Array.isArray(result?.figures)) throw new TypeError(`${name}'s check returned no figures (a kit problem, not your code).`);
  } catch (error) {
    spinner?.stop();
    io.err(describeFailure(error, { ...ctx, phase: 'run' }));
    return { code: 1 };
  }
  if ((options.seed !== undefined || options.scale !== undefined) && !options.baseline) {
    const measured = await remeasureBaseline(registered, entry.slug, deps.kitRoot, params);
    if (typeof measured === 'string') result = { ...result, notes: [...result.notes, measured] };
    else {
      result = {
        ...result,
        figures: result.figures.map((f) => (measured.has(f.id) ? { ...f, baseline: measured.get(f.id)! } : f)),
        notes: [
          ...result.notes,
          `baseline column re-measured at seed ${result.params.seed}, scale ${result.params.scale} (npm run check ${name} -- --baseline with the same --seed/--scale shows it alone)`,
        ],
      };
    }
  }
  spinner?.stop();
  // A backend that failed during the check says nothing about the code: no hint to read, and not a pass.
  const backendFailed = options.backend === 'real' && result.figures.some((f) => isBackendFailure(f.error));
  if (options.baseline)
    result = { ...result, notes: [...result.notes, `measured the naive baseline (${displayDir}), not your files: the "yours" column is the baseline's`] };
  if (!options.json) {
    // The first method still a stub, from a figure's error or a note ("first error: … TODO: …"):
    // its TODO names the hint to ask for, so it wins over the first missed figure's hint.
    const todo = [...result.figures.map((f) => f.error), ...result.notes].map((text) => text?.match(/\bTODO: .*?(?=\)?$)/)?.[0]).find((e) => e !== undefined);
    // A stub's TODO names the first method to write (and its hint): no other "Next:" beside it.
    io.out(
      renderReport(
        result,
        { name, title: check.title, readmePath, dir: displayDir },
        { color: useColor(io), noNextHint: todo !== undefined || backendFailed || options.baseline === true },
      ),
    );
    if (backendFailed && !todo)
      io.out(
        `The real backend failed during the check (the ! lines above name the server and the variable): these figures do not judge your code. Fix the server, then run the check again.`,
      );
    if (todo) io.out(`${name} is not implemented yet: ${todo}. Fill in ${entry.files.stubs.map((f) => `${displayDir}/${f}`).join(', ')} (see ${readmePath}).`);
  }
  // The baseline misses its targets by design: measuring it succeeds unless a figure could not be measured.
  const failed = options.baseline ? result.figures.some((f) => Number.isNaN(f.value)) : missedFigures(result.figures).length > 0;
  return { code: failed || backendFailed ? 1 : 0, result };
}

/** Runs the command; resolves with the exit code. Never throws for a student's mistake. */
export async function runCheckCommand(
  argv: readonly string[],
  rawIo: CheckIo,
  deps: CheckDeps = { checks: CHECKS, exercises: EXERCISES, kitRoot: KIT_ROOT, preflight: preflightRealBackend },
): Promise<number> {
  // A URL's password never reaches the terminal, whoever wrote the message.
  const io: CheckIo = { ...rawIo, out: (text) => rawIo.out(maskUrls(text)), err: (text) => rawIo.err(maskUrls(text)) };
  let code = 0;
  const results: LoadCheckResult[] = [];
  try {
    const parsed = parseCheckArgs(argv, io.env);
    if ('help' in parsed) {
      io.out(parsed.help.trimEnd());
      return 0;
    }
    let entries = selectExercises(parsed.exercise, deps.exercises);
    if (parsed.exercise === undefined && parsed.dir !== undefined) {
      // `--dir` at one exercise folder (or a copy of one) with no exercise named: that exercise only.
      const base = io.env.INIT_CWD ?? io.cwd;
      const layout = entries.some((e) => existsSync(path.join(path.resolve(base, parsed.dir!), e.slug)));
      const found = layout
        ? entries
        : entries.filter((e) => {
            try {
              return resolveExerciseDir(parsed.dir, e.slug, base, deps.kitRoot, e.files.stubs) !== undefined;
            } catch {
              return false;
            }
          });
      if (found.length > 0) entries = found;
    }
    if (parsed.backend === 'real' && deps.preflight) {
      const problem = await deps.preflight(io.env);
      if (problem) {
        io.err(problem.message);
        return problem.exitCode;
      }
    }
    for (const [i, entry] of entries.entries()) {
      if (i > 0 && !parsed.json) io.out('');
      try {
        const one = await checkOne(entry, parsed, io, deps);
        code = Math.max(code, one.code);
        if (one.result) results.push(one.result);
      } catch (error) {
        if (!(error instanceof CheckUsageError)) throw error;
        io.err(error.message); // one exercise's problem never stops the others
        code = Math.max(code, error.exitCode);
      }
    }
    const json = JSON.stringify(parsed.exercise !== undefined ? results[0] : results, null, 2);
    if (parsed.out !== undefined && results.length > 0) {
      const file = path.resolve(io.env.INIT_CWD ?? io.cwd, parsed.out);
      writeFileSync(file, `${json}\n`);
      io.err(`Wrote the result as JSON to ${path.relative(io.env.INIT_CWD ?? io.cwd, file) || file}.`);
    }
    if (parsed.json && results.length > 0) {
      io.out(json);
      // npm writes its "> cache-performance-lab check" header to stdout first unless run with -s.
      if (io.env.npm_lifecycle_event === 'check' && io.env.npm_config_loglevel !== 'silent') {
        io.err('npm printed its header above the JSON: for JSON alone, run npm run -s check -- … --json, or write it to a file with --out result.json.');
      }
    }
    return code;
  } catch (error) {
    if (error instanceof CheckUsageError) {
      io.err(error.message);
      return error.exitCode;
    }
    throw error;
  }
}

// Captured at import: a virtual clock replaces the global timers while a check runs, and the
// spinner must keep real time. Hand-written because cli-progress draws bars for a known total and
// a check reports none.
const realSetInterval = globalThis.setInterval;
const realClearInterval = globalThis.clearInterval;

/** A one-line spinner with elapsed seconds on `stream`; `stop()` erases it. */
export function startSpinner(label: string, stream: NodeJS.WriteStream): { stop(): void } {
  const frames = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
  const began = process.hrtime.bigint(); // not faked by the virtual clock, unlike Date and performance
  let frame = 0;
  const draw = () => {
    const seconds = Number(process.hrtime.bigint() - began) / 1e9;
    stream.write(`\r${frames[frame++ % frames.length]} ${label} ${seconds.toFixed(1)}s`);
  };
  const timer = realSetInterval(draw, 100);
  timer.unref();
  draw();
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      realClearInterval(timer);
      stream.write('\r\u001b[K');
    },
  };
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  const code = await runCheckCommand(process.argv.slice(2), {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTTY: process.stdout.isTTY === true,
    ...(process.stderr.isTTY ? { progress: (label: string) => startSpinner(label, process.stderr) } : {}),
  });
  // A student's implementation may leave sockets or timers open; the figures are printed, so exit.
  process.stdout.write('', () => process.exit(code));
}
