/**
 * `npm run loadtest -- …`: parses the options, shows the configuration (and with --verbose the
 * SQL and a sample entry), asks first with --interactive, runs with progress, prints the seed's
 * results and saves logs/perf_test_<timestamp>.json. With --compare, runs the five scenarios.
 * Exit code: 0 done, 1 the run failed or had errors, 2 a usage problem. Never a stack trace.
 */
import path from 'node:path';
import { createEmbeddedAirportStore } from '../lib/backends/source/airport-embedded.js';
import { openMysqlAirportStore } from '../lib/backends/source/airport-mysql.js';
import { parseDatabaseUrl } from '../lib/backends/source/database-url.js';
import type { BookingRow } from '../lib/backends/source/airport-store.js';
import type { LabConfig } from './config.js';
import { SCENARIOS, renderComparison, type ComparedRun } from './compare.js';
import { exitCodeOf, LabUsageError, messageOf } from './errors.js';
import { buildLog, writeLog } from './log-file.js';
import { parseLoadtestArgs } from './options.js';
import { workerTrace } from './outcome.js';
import { createProgress, type ProgressIo } from './progress.js';
import { renderConfiguration, renderResults, renderVerbose, type ServersLabel } from './report.js';
import { runFigures, runLoadTest } from './run.js';
import { maskCacheUrl } from './redis.js';
import { realServers, workerCount } from './threads.js';

/** What the command reads and writes (the process in real use, fakes in tests). */
export interface LabIo extends ProgressIo {
  out(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdinIsTTY: boolean;
  /** Asks a question on the terminal and resolves with the answer. */
  ask?(question: string): Promise<string>;
}

function serversLabel(config: LabConfig, env: NodeJS.ProcessEnv): ServersLabel {
  if (config.backend === 'embedded') {
    return { cache: 'embedded (ioredis-mock, in process)', database: 'embedded (airport fixture data, in process)', timeBase: 'virtual', workerThreads: 0 };
  }
  const servers = realServers(env);
  return { cache: maskCacheUrl(servers.cacheUrl), database: parseDatabaseUrl(servers.databaseUrl).display, timeBase: 'wall', workerThreads: workerCount(config) };
}

async function sampleEntry(config: LabConfig, env: NodeJS.ProcessEnv): Promise<{ passengerId: number; row: BookingRow | null }> {
  const store = config.backend === 'embedded' ? createEmbeddedAirportStore() : await openMysqlAirportStore({ databaseUrl: realServers(env).databaseUrl, connectionLimit: 1 });
  try {
    const passengers = (await store.passengerIds()).last;
    const trace = workerTrace(config, 0, passengers, (await store.flightIds()).last);
    const passengerId = trace.pool[0] ?? trace.ops().next().value?.passengerId ?? 1;
    return { passengerId, row: await store.getPassengerBookings(passengerId) };
  } finally {
    await store.close();
  }
}

async function runOne(config: LabConfig, io: LabIo, base: string, label?: string): Promise<{ figures: ReturnType<typeof runFigures>; logFile: string }> {
  const progress = createProgress(io, config.progress);
  let outcome;
  try {
    outcome = await runLoadTest(config, io.env, { onPhase: (t) => progress.phase(t), onProgress: (d, t) => progress.update(d, t) });
  } finally {
    progress.stop();
  }
  const figures = runFigures(outcome);
  const logFile = writeLog(buildLog(outcome), path.resolve(base, config.logDir), label);
  const shown = path.relative(base, logFile);
  return { figures, logFile: shown.startsWith('..') || path.isAbsolute(shown) ? logFile : shown };
}

async function single(config: LabConfig, io: LabIo, base: string): Promise<number> {
  const servers = serversLabel(config, io.env);
  io.out(renderConfiguration(config, servers));
  if (config.verbose) io.out(`\n${renderVerbose(config, await sampleEntry(config, io.env))}`);
  if (config.interactive) {
    const answer = (await io.ask!('\nRun the test with this configuration? [Y/n] ')).trim().toLowerCase();
    if (answer !== '' && answer !== 'y' && answer !== 'yes') {
      io.out('Cancelled; nothing was run.');
      return 0;
    }
  }
  const { figures, logFile } = await runOne(config, io, base);
  io.out(`\n${renderResults(figures, config, servers.timeBase)}`);
  io.out(`\nSaved ${logFile}\nExplain and plot it: npm run plot -- explain ${logFile} --plot`);
  return figures.errors > 0 ? 1 : 0;
}

async function compare(base: LabConfig, io: LabIo, root: string): Promise<number> {
  const servers = serversLabel(base, io.env);
  io.out(renderConfiguration(base, servers));
  io.out(`\nComparing ${SCENARIOS.length} scenarios (seed 000 "Comparison Testing"):`);
  const runs: ComparedRun[] = [];
  for (const [i, scenario] of SCENARIOS.entries()) {
    const config = scenario.config(base);
    io.err(`[${i + 1}/${SCENARIOS.length}] ${scenario.title}: ${config.threads} threads x ${config.queries.toLocaleString('en-US')}, ${config.readRatio}% reads (${scenario.purpose})`);
    const { figures, logFile } = await runOne(config, io, root, scenario.id);
    runs.push({ scenario, config, figures, logFile });
  }
  io.out(`\n${renderComparison(runs)}`);
  io.out(`\nLogs:\n${runs.map((r) => `  ${r.scenario.title}: ${r.logFile}`).join('\n')}`);
  return runs.some((r) => r.figures.errors > 0) ? 1 : 0;
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
    return parsed.compare ? await compare(config, io, root) : await single(config, io, root);
  } catch (error) {
    io.err(messageOf(error));
    return exitCodeOf(error);
  }
}
