/**
 * `npm run plot -- explain <file> [--plot] [--html <out.html>]`: explains a load-test log, draws
 * the five views of the published results in the terminal (--plot) and writes them as an HTML page (--html).
 * Exit code: 0 done, 1 a bad log or an unwritable page, 2 a usage problem. Never a stack trace.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { exitCodeOf, LabOutputError, LabUsageError, messageOf } from '../errors.js';
import { readLog } from '../log-read.js';
import { explainLog } from './explain.js';
import { renderHtml } from './html.js';
import { renderTerminalViews } from './terminal.js';
import { computeViews } from './views.js';

/** What the command reads and writes. */
export interface PlotIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

interface ExplainRequest {
  file: string;
  plot: boolean;
  html?: string;
}

function parse(argv: readonly string[]): ExplainRequest | { help: string } {
  let written = '';
  let request: ExplainRequest | undefined;
  const program = new Command('npm run plot --')
    .description('Explains and plots a load-test log (logs/perf_test_<timestamp>.json from `npm run loadtest`).')
    .exitOverride()
    .configureOutput({ writeOut: (s) => (written += s), writeErr: (s) => (written += s) });
  program
    .command('explain')
    .description('explain a log the way the published results read theirs, and show the five views')
    .argument('<file>', 'the log, e.g. logs/perf_test_20251125_093831.json')
    .option('--plot', 'draw the five views in the terminal', false)
    .option('--html <out.html>', 'write the five views as a self-contained HTML page')
    .exitOverride()
    .configureOutput({ writeOut: (s) => (written += s), writeErr: (s) => (written += s) })
    .action((file: string, o: { plot: boolean; html?: string }) => {
      request = { file, plot: o.plot, ...(o.html !== undefined ? { html: o.html } : {}) };
    });
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError && error.exitCode === 0) return { help: written };
    const message = error instanceof CommanderError ? error.message.replace(/^error: /, '') : String(error);
    throw new LabUsageError(`${message.replace(/\.?$/, '.')} Usage: npm run plot -- explain <file> [--plot] [--html <out.html>]`, { cause: error });
  }
  if (!request) {
    throw new LabUsageError('Say what to do: npm run plot -- explain <file> [--plot] [--html <out.html>]');
  }
  return request;
}

/** Runs the command; resolves with the exit code. */
export async function plotMain(argv: readonly string[], io: PlotIo): Promise<number> {
  try {
    const request = parse(argv);
    if ('help' in request) {
      io.out(request.help.trimEnd());
      return 0;
    }
    const base = io.env.INIT_CWD ?? io.cwd;
    const loaded = readLog(path.resolve(base, request.file), request.file);
    const views = computeViews(loaded);
    const explanation = explainLog(request.file, loaded, views);
    io.out(explanation);
    if (request.plot) io.out(`\n${renderTerminalViews(views)}`);
    if (request.html !== undefined) {
      const out = path.resolve(base, request.html);
      try {
        mkdirSync(path.dirname(out), { recursive: true });
        writeFileSync(out, renderHtml(request.file, loaded, views, explanation));
      } catch (error) {
        throw new LabOutputError(request.html, (error as Error).message, { cause: error });
      }
      io.out(`\nWrote ${request.html}: open it in a browser (it needs no network).`);
    }
    if (!request.plot && request.html === undefined) io.out('\nAdd --plot for the five views in the terminal, --html <out.html> for charts in a browser.');
    return 0;
  } catch (error) {
    io.err(messageOf(error));
    return exitCodeOf(error);
  }
}
