/**
 * Runs an exercise's load check against the student's files in a child process (load-runner.ts)
 * with time, memory and output limits, and validates the JSON it writes before trusting a figure.
 * A check that declares its exports runs across the membrane on the embedded backend: the runner
 * outside the sandbox, the submission's code alone in it (grader/src/membrane).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { childEnv, runChild } from './child.js';
import type { LoadRequest, LoadResponse } from './load-runner.js';
import type { LoadRun, MeasuredFigure, Problem } from './results.js';
import type { Rubric } from './rubric.js';
import { describeRuntime, rawText, type OwnFiles } from './runtime-text.js';
import { profileArgs } from './membrane/trusted.js';
import { processLimits, sandboxed, type Integrity } from './sandbox.js';
import { Checker } from './validate.js';

/** What to run. */
export interface LoadInput {
  workspace: string;
  exercise: number;
  exerciseDir: string;
  /** Secret parameters, or `visible` for the check's own. */
  params: 'visible' | { seed: number | string; scale: number };
  backend: 'embedded' | 'real';
  limits: Rubric['limits'];
  /** The sandbox to run in; none for the kit's own code (baselines). */
  integrity?: Integrity;
  /** The kit (for the error kinds a report may name). */
  kitRoot: string;
  /** The student's own files, `exercises/<slug>/<file>`: the only places a report points at. */
  own: OwnFiles;
}

/**
 * Which checks cross the membrane: `declared` (default) those whose registry entry says so,
 * `all` every check that declares its exports (to measure what the membrane costs each exercise:
 * npm run bench:membrane), `off` none.
 */
const MEMBRANE_VARIABLE = 'CACHELAB_MEMBRANE';

/** Runs one load check; never throws for a student's failure. */
export async function runLoadCheck(input: LoadInput): Promise<{ run: LoadRun; problems: Problem[] }> {
  const kind = input.params === 'visible' ? 'visible' : 'secret';
  const failed: Fail = (status, error, problems = [], detail) => ({
    run: { status, params: kind, figures: [], notes: [], error, ...(detail ? { detail } : {}) },
    problems:
      status === 'no-check'
        ? problems
        : [
            ...problems,
            {
              code: 'E_LOAD_CHECK',
              severity: 'error',
              message: `The load check (${kind} parameters) did not finish: ${error}.`,
              ...(detail ? { detail } : {}),
            },
          ],
  });
  try {
    const request: LoadRequest = {
      exercise: input.exercise,
      registry: path.join(input.workspace, 'lib', 'load', 'registry.ts'),
      exerciseDir: input.exerciseDir,
      params: input.params,
      backend: input.backend,
    };
    // The runner sees the workspace read-only, without the hidden suites, and nothing else of the grader's.
    const integrity = input.integrity ?? { mode: 'reduced' as const, why: 'kit code, not a submission' };
    const spec = {
      readOnly: [input.workspace, path.join(input.workspace, 'node_modules')],
      hidden: [path.join(input.workspace, 'grader', 'exercises')],
      network: input.backend === 'real',
      cwd: input.workspace,
      // The CPU-time and data limits of the sandbox follow this run's own limits (sandbox.ts).
      wallMs: input.limits.loadMs,
      memoryMb: input.limits.memoryMb,
    };
    let run: { command: string; args: string[] };
    let cwd = input.workspace;
    if (await acrossMembrane(input)) {
      // The check runs in the kit's own runner, outside the sandbox; only the submission's exports run in it.
      request.registry = path.join(input.kitRoot, 'lib', 'load', 'registry.ts');
      request.membrane = {
        integrity,
        sandbox: spec,
        script: path.join(input.workspace, 'grader', 'src', 'membrane', 'host.ts'),
        memoryMb: input.limits.memoryMb,
      };
      run = { command: process.execPath, args: [...profileArgs(), '--import', 'tsx', path.join(input.kitRoot, 'grader', 'src', 'load-runner.ts')] };
      cwd = input.kitRoot;
    } else {
      run = sandboxed(integrity, spec, process.execPath, ['--import', 'tsx', path.join(input.workspace, 'grader', 'src', 'load-runner.ts')]);
    }
    const child = await runChild(run.command, run.args, {
      cwd,
      env: childEnv(input.limits.memoryMb, input.backend),
      timeoutMs: input.limits.loadMs,
      outputCap: input.limits.outputKb * 1024,
      input: JSON.stringify(request),
      resultPipe: true,
    });
    const seconds = Math.round(input.limits.loadMs / 1000);
    // No exit code and no signal: the process never started (spawn failed), so no submission code ran.
    if (child.exitCode === null && child.signal === null && !child.timedOut) {
      const cause = `the load runner could not be started (${child.output.trim().split('\n').pop() || 'spawn failed'})`;
      const run = failed('exited', cause);
      return { run: { ...run.run, infrastructure: cause }, problems: [] };
    }
    // Killed at the sandbox's CPU-time limit (SIGXCPU; through bwrap, exit code 128 + 24), the runner or the membrane's host.
    const cpuLimit = () =>
      failed('timeout', `it reached its CPU-time limit of ${processLimits(input.limits.loadMs, input.limits.memoryMb).cpuSeconds} s and was stopped`);
    if (child.cpuLimited) return cpuLimit();
    if (child.timedOut) return failed('timeout', `it ran past the ${seconds} s limit and was stopped`);
    const exitedEarly = (code: unknown, signal: unknown, outOfMemory: boolean) =>
      failed(
        'exited',
        // eslint-disable-next-line @typescript-eslint/no-base-to-string -- code and signal may come from the runner's JSON, which submission code can forge: printed as String() shows them
        `the process exited early (exit code ${String(code)}${signal ? `, ${String(signal)}` : ''}${outOfMemory ? `, out of memory: the limit is ${input.limits.memoryMb} MB` : ''}) before reporting figures`,
      );
    if (child.result.trim() === '') return exitedEarly(child.exitCode, child.signal, /heap out of memory|Allocation failed/i.test(child.output));
    const response = JSON.parse(child.result) as Partial<LoadResponse> & { hostExited?: { code?: unknown; signal?: unknown; outOfMemory?: unknown } };
    // The membrane's host (the process that ran the submission's code) died under the check.
    if (response.ok === false && response.hostExited && (response.hostExited.code === 152 || response.hostExited.signal === 'SIGXCPU')) return cpuLimit();
    if (response.ok === false && response.hostExited)
      return exitedEarly(response.hostExited.code, response.hostExited.signal, response.hostExited.outOfMemory === true);
    return interpret(response, kind, failed, input);
  } catch (error) {
    return failed('invalid-output', 'its output could not be read', [], (error as Error).message);
  }
}

/**
 * Whether this check runs across the membrane: on the embedded backend, when the kit's check
 * declares the exports it needs and `membrane: true` (or every check with its exports under
 * CACHELAB_MEMBRANE=all). The real backend's checks still run whole in the sandbox.
 */
async function acrossMembrane(input: LoadInput): Promise<boolean> {
  const choice = process.env[MEMBRANE_VARIABLE] ?? 'declared';
  if (!['declared', 'all', 'off'].includes(choice)) throw new Error(`${MEMBRANE_VARIABLE}=${choice} is not one of declared (the default), all or off.`);
  if (input.backend !== 'embedded' || choice === 'off') return false;
  try {
    const { CHECKS } = (await import(
      pathToFileURL(path.join(input.kitRoot, 'lib', 'load', 'registry.ts')).href
    )) as typeof import('../../lib/load/registry.js');
    const entry = await CHECKS[input.exercise]?.();
    return entry?.exports !== undefined && (choice === 'all' || entry.membrane === true);
  } catch {
    return false; // the runner reports a broken check itself
  }
}

type Fail = (status: LoadRun['status'], error: string, problems?: Problem[], detail?: string) => { run: LoadRun; problems: Problem[] };

// Everything in the runner's output is text from a process that ran submission code: a student's
// report gets the kit's words and checked facts only (see runtime-text.ts), the raw text goes to `detail`.
function interpret(raw: unknown, kind: 'secret' | 'visible', failed: Fail, input: LoadInput): { run: LoadRun; problems: Problem[] } {
  const response = raw as Partial<LoadResponse>;
  const problems: Problem[] = [];
  if (typeof response.exitCalls === 'number' && response.exitCalls > 0) {
    problems.push({
      code: 'E_PROCESS_EXIT',
      severity: 'error',
      message: `Your code called process.exit during the load check (${response.exitCalls} time(s)): a library must never end the process.`,
    });
  }
  if (response.ok !== true) {
    const r = response as { noCheck?: boolean; error?: string; kind?: string; where?: string };
    if (r.noCheck) return failed('no-check', 'no load check is registered for this exercise', problems, String(r.error));
    const error = {
      message: String(r.error ?? ''),
      ...(typeof r.kind === 'string' ? { kind: r.kind } : {}),
      ...(typeof r.where === 'string' ? { where: r.where } : {}),
    };
    return failed('crashed', `it stopped on ${describeRuntime(input.kitRoot, error, input.own)}; npm run check shows the message`, problems, rawText(error));
  }
  const figures = validateFigures(response.result);
  if (typeof figures === 'string') return failed('invalid-output', 'its output is not a list of figures', problems, figures);
  for (const f of figures) {
    if (f.error === undefined) continue;
    f.detail = f.error;
    f.error = 'it could not be measured in this run; npm run check shows why';
  }
  const result = response.result as { notes?: unknown };
  const notes = Array.isArray(result.notes) ? result.notes.filter((n): n is string => typeof n === 'string') : [];
  const stray = Array.isArray(response.stray) ? response.stray.slice(0, 3).map((s) => `Uncaught in your code: ${String(s)}`) : [];
  return { run: { status: 'ok', params: kind, figures, notes: [...notes, ...stray] }, problems };
}

/** The figures of a check result, or a sentence saying what is wrong with its shape. */
function validateFigures(result: unknown): MeasuredFigure[] | string {
  const c = new Checker('load-check output');
  if (!c.object(result, 'result') || !Array.isArray(result.figures)) return 'the output has no figures list';
  const figures: MeasuredFigure[] = [];
  result.figures.forEach((f: unknown, i: number) => {
    const p = `figures[${i}]`;
    if (!c.object(f, p)) return;
    c.string(f.id, `${p}.id`);
    c.string(f.label, `${p}.label`);
    if (f.value !== null) c.number(f.value, `${p}.value`);
    c.string(f.unit, `${p}.unit`, true);
    if (c.object(f.target, `${p}.target`)) {
      c.oneOf(f.target.op, `${p}.target.op`, ['>=', '<=', '==', '<', '>']);
      c.number(f.target.value, `${p}.target.value`);
    }
    if (f.baseline !== undefined && f.baseline !== null) c.number(f.baseline, `${p}.baseline`);
    if (c.problems.length > 0) return;
    const target = f.target as MeasuredFigure['target'];
    figures.push({
      id: f.id as string,
      label: f.label as string,
      value: f.value as number | null,
      unit: f.unit as string,
      target: { op: target.op, value: target.value },
      ...(typeof f.baseline === 'number' ? { baseline: f.baseline } : {}),
      ...(typeof f.error === 'string' ? { error: f.error } : {}),
    });
  });
  return c.problems.length > 0 ? `the output is malformed: ${c.problems.join('; ')}` : figures;
}
