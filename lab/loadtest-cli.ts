/**
 * `npm run loadtest -- …`: parses the options, shows the configuration (and with --verbose the
 * SQL and a sample entry), asks first with --interactive, runs with progress, prints the seed's
 * results and saves logs/perf_test_<timestamp>.json, written as the run goes (lab/logged-run.ts).
 * With --compare, runs the five scenarios. A stop request (io.signal: SIGINT/SIGTERM) ends the run
 * early: the sessions finish the operations in flight, the log keeps everything up to then, and
 * the command says what was interrupted. Exit code: 0 done, 1 the run failed or had errors, 2 a
 * usage problem, 130/143 stopped by SIGINT/SIGTERM. Never a stack trace.
 */
import path from 'node:path';
import { createEmbeddedAirportStore } from '../lib/backends/source/airport-embedded.js';
import { openAirportDatabase } from '../lib/backends/source/airport-mysql.js';
import { parseDatabaseUrl } from '../lib/backends/source/database-url.js';
import type { BookingRow } from '../lib/backends/source/airport-store.js';
import type { AirportOp } from '../lib/workload/airport.js';
import type { LabConfig } from './config.js';
import { assertWritable, describeDatabase, inspectLabDatabase, labConfigFor } from './database-check.js';
import { SCENARIOS, renderComparison, type ComparedRun } from './compare.js';
import { exitCodeOf, LabInterruptedError, LabUsageError, messageOf, namedServerError, signalExitCode } from './errors.js';
import { runLogged } from './logged-run.js';
import { parseLoadtestArgs } from './options.js';
import { stopReason, workerTrace, type RunOutcome } from './outcome.js';
import { createProgress, type ProgressIo } from './progress.js';
import { renderConfiguration, renderResults, renderVerbose, type ServersLabel } from './report.js';
import type { RunFigures } from './run.js';
import { maskCacheUrl } from './redis.js';
import { realServers, serverLabels, workerCount } from './threads.js';

/** What the command reads and writes (the process in real use, fakes in tests). */
export interface LabIo extends ProgressIo {
  out(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdinIsTTY: boolean;
  /** Asks a question on the terminal and resolves with the answer. */
  ask?(question: string): Promise<string>;
  /** Aborted on SIGINT/SIGTERM (the reason is the signal's name): the run stops early and keeps its log. */
  signal?: AbortSignal;
}

function serversLabel(config: LabConfig, env: NodeJS.ProcessEnv): ServersLabel {
  if (config.backend === 'embedded') {
    return { cache: 'embedded (ioredis-mock, in process)', database: 'embedded (airport fixture data, in process)', timeBase: 'virtual', workerThreads: 0 };
  }
  const servers = realServers(env);
  return {
    cache: maskCacheUrl(servers.cacheUrl),
    database: parseDatabaseUrl(servers.databaseUrl).display,
    timeBase: 'wall',
    workerThreads: workerCount(config),
  };
}

async function sampleEntry(config: LabConfig, env: NodeJS.ProcessEnv): Promise<{ passengerId: number; row: BookingRow | null }> {
  const store =
    config.backend === 'embedded'
      ? createEmbeddedAirportStore()
      : (await openAirportDatabase({ databaseUrl: realServers(env).databaseUrl, connectionLimit: 1 })).store;
  try {
    const passengers = (await store.passengerIds()).last;
    const trace = workerTrace(config, 0, passengers, (await store.flightIds()).last);
    // ops() returns nothing when done: its result's value is then undefined.
    const passengerId = trace.pool[0] ?? (trace.ops().next() as IteratorResult<AirportOp, undefined>).value?.passengerId ?? 1;
    return { passengerId, row: await store.getPassengerBookings(passengerId) };
  } finally {
    await store.close();
  }
}

interface OneRun {
  figures: RunFigures;
  outcome: RunOutcome;
  /** As shown to the user: relative to where they ran the command when inside it. */
  logFile: string;
}

async function runOne(config: LabConfig, io: LabIo, base: string, label?: string): Promise<OneRun> {
  const progress = createProgress(io, config.progress);
  const show = (file: string): string => {
    const shown = path.relative(base, file);
    return shown.startsWith('..') || path.isAbsolute(shown) ? file : shown;
  };
  try {
    const run = await runLogged(config, io.env, path.resolve(base, config.logDir), {
      ...(label ? { label } : {}),
      show,
      hooks: { onPhase: (t) => progress.phase(t), onProgress: (d, t) => progress.update(d, t), ...(io.signal ? { signal: io.signal } : {}) },
    });
    return { figures: run.figures, outcome: run.outcome, logFile: show(run.logFile) };
  } finally {
    progress.stop();
  }
}

/** What a stopped run tells the user: what was interrupted, what ended, what the log keeps. */
function interruptedText(run: OneRun, what = 'the run'): string {
  const { outcome, figures: f } = run;
  const total = outcome.config.threads * outcome.config.queries;
  const done = f.totalQueries + f.errors;
  const ended =
    outcome.timeBase === 'wall'
      ? `the ${outcome.config.threads} sessions finished the operations in flight and closed their connections, and the ${outcome.workerThreads} worker thread${outcome.workerThreads === 1 ? '' : 's'} ended`
      : `the ${outcome.config.threads} workers finished the operations in flight`;
  return [
    `Interrupted by ${outcome.stoppedBy} during ${what} after ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} queries (${f.durationS.toFixed(2)} s): ${ended}.`,
    ...(outcome.notes ?? []),
    `The log keeps everything up to then (status: interrupted): ${run.logFile}`,
  ].join('\n');
}

function checkStop(io: LabIo, during: string): void {
  if (io.signal?.aborted) throw new LabInterruptedError(stopReason(io.signal), during);
}

/**
 * On the real backend, what the database is (a schema check) and the configuration to run there:
 * reads only on an airport database the kit did not load (refused if writes were asked for).
 */
async function forDatabase(config: LabConfig, io: LabIo, readRatioGiven: boolean, compare: boolean): Promise<{ config: LabConfig; notes: string[] }> {
  if (config.backend !== 'real') return { config, notes: [] };
  const { databaseUrl } = realServers(io.env);
  const database = await inspectLabDatabase(databaseUrl).catch((error: unknown) => {
    throw namedServerError(error, serverLabels(realServers(io.env)).database);
  });
  // --compare's scenarios set their own read ratios, one of them 50% writes.
  if (compare) assertWritable(database, { ...config, readRatio: 50 }, databaseUrl, '--compare (its write-heavy scenario is 50% writes)');
  return { config: labConfigFor(database, config, databaseUrl, readRatioGiven), notes: describeDatabase(database) };
}

async function single(requested: LabConfig, io: LabIo, base: string, readRatioGiven = false): Promise<number> {
  const { config, notes } = await forDatabase(requested, io, readRatioGiven, false);
  const servers = { ...serversLabel(config, io.env), ...(notes.length > 0 ? { databaseNotes: notes } : {}) };
  io.out(renderConfiguration(config, servers));
  if (config.verbose) io.out(`\n${renderVerbose(config, await sampleEntry(config, io.env))}`);
  if (config.interactive) {
    let answer: string;
    try {
      answer = (await io.ask!('\nRun the test with this configuration? [Y/n] ')).trim().toLowerCase();
    } catch (error) {
      if (io.signal?.aborted) answer = 'n';
      else throw error;
    }
    if (answer !== '' && answer !== 'y' && answer !== 'yes') {
      io.out('Cancelled; nothing was run.');
      return io.signal?.aborted ? signalExitCode(stopReason(io.signal)) : 0;
    }
  }
  checkStop(io, 'before the run started');
  const run = await runOne(config, io, base);
  const { figures, logFile } = run;
  io.out(`\n${renderResults(figures, config, servers.timeBase)}`);
  if (run.outcome.stoppedBy) {
    io.err(`\n${interruptedText(run)}`);
    io.out(`\nExplain and plot it: npm run plot -- explain ${logFile} --plot`);
    return signalExitCode(run.outcome.stoppedBy);
  }
  io.out(`\nSaved ${logFile}\nExplain and plot it: npm run plot -- explain ${logFile} --plot`);
  return figures.errors > 0 || figures.writeRefreshErrors > 0 ? 1 : 0;
}

async function compare(requested: LabConfig, io: LabIo, root: string): Promise<number> {
  const { config: base, notes } = await forDatabase(requested, io, false, true);
  const servers = { ...serversLabel(base, io.env), ...(notes.length > 0 ? { databaseNotes: notes } : {}) };
  io.out(renderConfiguration(base, servers));
  io.out(`\nComparing ${SCENARIOS.length} scenarios:`);
  const runs: ComparedRun[] = [];
  let stopped: OneRun | undefined;
  for (const [i, scenario] of SCENARIOS.entries()) {
    checkStop(io, runs.length > 0 ? `--compare before scenario ${i + 1}/${SCENARIOS.length} (${scenario.title})` : 'before the first scenario');
    const config = scenario.config(base);
    io.err(
      `[${i + 1}/${SCENARIOS.length}] ${scenario.title}: ${config.threads} threads x ${config.queries.toLocaleString('en-US')}, ${config.readRatio}% reads (${scenario.purpose})`,
    );
    let run: OneRun;
    try {
      run = await runOne(config, io, root, scenario.id);
    } catch (error) {
      if (!(error instanceof LabInterruptedError)) throw error;
      io.err(`\n${error.message.replace(/\.$/, '')} (scenario ${i + 1}/${SCENARIOS.length}, ${scenario.title}).`);
      io.err(
        `Not run: ${SCENARIOS.slice(i)
          .map((s) => s.title)
          .join(', ')}.`,
      );
      if (runs.length > 0) io.out(`\n${renderComparison(runs)}\n\nLogs:\n${runs.map((r) => `  ${r.scenario.title}: ${r.logFile}`).join('\n')}`);
      return error.exitCode;
    }
    if (run.outcome.stoppedBy) {
      stopped = run;
      io.err(`\n${interruptedText(run, `scenario ${i + 1}/${SCENARIOS.length} (${scenario.title})`)}`);
      const skipped = SCENARIOS.slice(i + 1).map((s) => s.title);
      if (skipped.length > 0) io.err(`Not run: ${skipped.join(', ')}.`);
      break;
    }
    runs.push({ scenario, config, figures: run.figures, logFile: run.logFile });
  }
  if (runs.length > 0) io.out(`\n${renderComparison(runs)}`);
  io.out(
    `\nLogs:\n${[...runs.map((r) => `  ${r.scenario.title}: ${r.logFile}`), ...(stopped ? [`  ${SCENARIOS[runs.length]!.title} (interrupted): ${stopped.logFile}`] : [])].join('\n')}`,
  );
  if (stopped) return signalExitCode(stopped.outcome.stoppedBy!);
  return runs.some((r) => r.figures.errors > 0 || r.figures.writeRefreshErrors > 0) ? 1 : 0;
}

/** Runs the command; resolves with the exit code. */
export async function loadtestMain(argv: readonly string[], io: LabIo): Promise<number> {
  try {
    const parsed = parseLoadtestArgs(argv, io.env);
    if ('help' in parsed) {
      io.out(parsed.help.trimEnd());
      return 0;
    }
    const { config } = parsed;
    if (config.interactive && (!io.stdinIsTTY || !io.ask)) {
      throw new LabUsageError('--interactive asks before running, but stdin is not a terminal, so there is no one to ask. Run without --interactive.');
    }
    const root = io.env.INIT_CWD ?? io.cwd; // npm runs scripts from the kit root; paths are the user's
    return parsed.compare ? await compare(config, io, root) : await single(config, io, root, parsed.readRatioGiven);
  } catch (error) {
    io.err(messageOf(error));
    return exitCodeOf(error);
  }
}
