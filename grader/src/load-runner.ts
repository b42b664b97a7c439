/**
 * The load-check child: `tsx load-runner.ts`, run in the grader's sandbox. Reads its request from
 * stdin (so no file or argument holds the parameters), imports the kit's check registry from the
 * workspace, loads the student's implementation, runs the check with the parameters the grader
 * chose and writes `{ ok, result | error, exitCalls, stray }` to fd 3, a pipe only the grader
 * reads. process.exit is replaced before student code loads, so calling it throws (and is counted)
 * instead of ending the run; the serializer and the writer are captured before it loads too.
 * The grader validates whatever arrives. Run this way it runs submission code, so what it reports
 * can still be forged from inside it: see the trust model in docs/instructor-guide.md.
 *
 * With `membrane` in the request it is the trusted side instead: started by the grader outside the
 * sandbox from the kit's own files, it runs the check here and only the submission's exports in a
 * sandboxed host (membrane/host.ts), so no figure is computed where submission code runs.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { childEnv } from './child.js';
import { startHost, type Host } from './membrane/trusted.js';
import { MembraneError } from './membrane/wire.js';
import type { Integrity, SandboxSpec } from './sandbox.js';
import { describeError } from './sanitize.js';

/** What the grader asks for. */
export interface LoadRequest {
  exercise: number;
  /** Absolute path of lib/load/registry.ts in the workspace. */
  registry: string;
  /** The exercise folder holding the student's files. */
  exerciseDir: string;
  /** `visible`: the check's own parameters; otherwise the secret ones to use. */
  params: 'visible' | { seed: number | string; scale: number };
  backend: 'embedded' | 'real';
  /**
   * Run the check here, outside the sandbox, and only the submission's code in a sandboxed host
   * (membrane/host.ts): then this process runs no submission code and `registry` is the kit's own.
   */
  membrane?: { integrity: Integrity; sandbox: SandboxSpec; script: string; memoryMb: number };
}

/** What this runner writes. */
export type LoadResponse =
  | { ok: true; result: unknown; exitCalls: number; stray: string[] }
  | {
      ok: false;
      noCheck?: boolean;
      error: string;
      kind?: string;
      where?: string;
      exitCalls: number;
      stray: string[];
      hostExited?: { code: number | null; signal: string | null; outOfMemory: boolean };
    };

class ExitCalledError extends Error {
  readonly code = 'E_PROCESS_EXIT_CALLED';
}

const request = JSON.parse(readFileSync(0, 'utf8')) as LoadRequest;
const stringify = JSON.stringify;
const write = writeSync;
const realExit = process.exit.bind(process);
let exitCalls = 0;
const stray: string[] = [];
process.exit = (code?: number) => {
  exitCalls += 1;
  throw new ExitCalledError(`process.exit(${String(code ?? '')}) was called by the code under test`);
};
// A stray rejection or throw from a student's timer must not take the figures down with it.
process.on('unhandledRejection', (reason) => void stray.push(firstLine(reason)));
process.on('uncaughtException', (error) => void stray.push(firstLine(error)));

function firstLine(error: unknown): string {
  return describeError(error);
}

function whereOf(error: unknown): string | undefined {
  const m = /[/\\](exercises[/\\][^:()\s]+):(\d+)/.exec(error instanceof Error ? (error.stack ?? '') : '');
  return m ? `${m[1]!.replaceAll('\\', '/')}:${m[2]}` : undefined;
}

function finish(response: LoadResponse): never {
  host?.close();
  write(
    3,
    stringify(response, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)),
  );
  return realExit(0);
}

/** The host's Math.random seed: a function of the run's parameters that does not reveal them. */
function hostSeed(params: LoadRequest['params']): string {
  const text = params === 'visible' ? 'visible' : `${params.seed}|${params.scale}`;
  return createHash('sha256').update(`cachelab-host|${text}`).digest('hex').slice(0, 24);
}

let host: Host | undefined;
try {
  const { CHECKS } = (await import(pathToFileURL(request.registry).href)) as typeof import('../../lib/load/registry.js');
  const factory = CHECKS[request.exercise];
  if (!factory) finish({ ok: false, noCheck: true, error: `no load check is registered for exercise ${request.exercise}`, exitCalls, stray });
  const entry = await factory();
  let implementation: unknown;
  if (request.membrane) {
    if (!entry.exports) throw new Error(`the load check of exercise ${request.exercise} declares no exports, so it cannot run across the membrane`);
    const m = request.membrane;
    host = await startHost({ integrity: m.integrity, sandbox: m.sandbox, script: m.script, env: childEnv(m.memoryMb, request.backend) });
    host.seed(hostSeed(request.params));
    const module = await host.load(request.exerciseDir, entry.exports);
    implementation = entry.fromModule ? entry.fromModule(module, request.exerciseDir) : module;
  } else {
    implementation = await entry.loadImplementation(request.exerciseDir);
  }
  const base = request.params === 'visible' ? entry.check.visible : { ...entry.check.visible, ...request.params };
  const result = await entry.check.run(implementation, { ...base, backend: request.backend });
  if (host) {
    const seen = host.stats();
    exitCalls += Number(seen.exitCalls) || 0;
    if (Array.isArray(seen.stray)) stray.push(...seen.stray.map(String));
  }
  finish({ ok: true, result, exitCalls, stray });
} catch (error) {
  // The host died (out of memory, a crash): say so as the sandboxed runner's own death would be said.
  const ended = error instanceof MembraneError && host ? await host.ended(2_000) : null;
  if (ended) finish({ ok: false, error: (error as Error).message, hostExited: ended, exitCalls, stray });
  try {
    const seen = host?.stats();
    if (seen) exitCalls += Number(seen.exitCalls) || 0;
  } catch {
    /* the host is gone */
  }
  const where = whereOf(error);
  const kind = error instanceof Error ? error.name : undefined;
  finish({
    ok: false,
    error: firstLine(error instanceof Error ? { message: error.message } : error),
    ...(kind ? { kind } : {}),
    ...(where ? { where } : {}),
    exitCalls,
    stray,
  });
}
