/**
 * A vitest reporter that appends one JSON line per event to CACHELAB_GRADER_PROGRESS. It runs in
 * vitest's main process (never in the worker that runs student code), and every line is written
 * as it happens, so when a submission hangs and its process group is killed the grader still
 * knows which tests finished and which one was running.
 */
import { appendFileSync } from 'node:fs';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { describeError } from './sanitize.js';

/** One line of the progress file. */
export type ProgressEvent =
  | { ev: 'start'; file: string; name: string }
  | { ev: 'end'; file: string; name: string; state: string; message?: string; kind?: string; where?: string }
  | { ev: 'module-error'; file: string; message: string; kind?: string; where?: string }
  | { ev: 'module-end'; file: string }
  | { ev: 'unhandled'; message: string; kind?: string; where?: string }
  | { ev: 'done'; reason: string }
  // Written by the sandbox pool (sandbox-pool.ts), also in vitest's main process: a worker died at its CPU-time limit.
  | { ev: 'cpu-limit' };

/** The first stack frame in a student's file, as `exercises/<slug>/<file>:<line>`. */
function whereIn(error: { stack?: string } | undefined): { where?: string } {
  const match = /[/\\](exercises[/\\][^:()\s]+):(\d+)/.exec(error?.stack ?? '');
  return match ? { where: `${match[1]!.replaceAll('\\', '/')}:${match[2]}` } : {};
}

/** The error's first line (its name apart, as `kind`): the grader shows students only the checked kind and place. */
function facts(error: { message?: string; name?: string; stack?: string } | undefined): { message: string; kind?: string; where?: string } {
  const kind = typeof error?.name === 'string' ? error.name : undefined;
  return {
    message: describeError(error && typeof error === 'object' ? { message: error.message } : (error ?? '')),
    ...(kind ? { kind } : {}),
    ...whereIn(error),
  };
}

/** See the module comment. */
export default class ProgressReporter implements Reporter {
  #file = process.env.CACHELAB_GRADER_PROGRESS ?? '';

  #write(event: ProgressEvent): void {
    if (this.#file) appendFileSync(this.#file, `${JSON.stringify(event)}\n`);
  }

  onTestCaseReady(test: TestCase): void {
    this.#write({ ev: 'start', file: test.module.moduleId, name: test.fullName });
  }

  onTestCaseResult(test: TestCase): void {
    const result = test.result();
    const error = result.state === 'failed' ? result.errors?.[0] : undefined;
    this.#write({ ev: 'end', file: test.module.moduleId, name: test.fullName, state: result.state, ...(error ? facts(error) : {}) });
  }

  onTestModuleEnd(module: TestModule): void {
    for (const error of module.errors()) this.#write({ ev: 'module-error', file: module.moduleId, ...facts(error) });
    this.#write({ ev: 'module-end', file: module.moduleId });
  }

  onTestRunEnd(_modules: unknown, unhandled: ReadonlyArray<{ message?: string; name?: string }>, reason: string): void {
    for (const error of unhandled) this.#write({ ev: 'unhandled', ...facts(error) });
    this.#write({ ev: 'done', reason });
  }
}
