/**
 * Starts `npm run grade` of a demo kit as a child process (tsx, as the npm script does), for the
 * tests of what several graders or a signal do: its output, its exit code, and a wait for a line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** A grader started by {@link startGrade}. */
export interface GradeProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (128 + n for a signal the process did not handle). */
  exited: Promise<number>;
  /** Resolves once stdout+stderr match `pattern`; rejects if the process exits first. */
  waitFor(pattern: RegExp): Promise<void>;
}

/** Runs `scripts/grade.ts args` of `kitRoot` with `cwd` as the folder relative paths start from. */
export function startGrade(kitRoot: string, cwd: string, args: string[], env: Record<string, string> = {}): GradeProcess {
  const child = spawn(process.execPath, [path.join(kitRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(kitRoot, 'scripts', 'grade.ts'), ...args], {
    cwd: kitRoot,
    env: { ...process.env, INIT_CWD: cwd, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: Array<{ pattern: RegExp; resolve(): void }> = [];
  const check = (): void => {
    for (const w of [...waiters]) {
      if (!w.pattern.test(out + err)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  child.stdout.on('data', (c: Buffer) => ((out += c.toString('utf8')), check()));
  child.stderr.on('data', (c: Buffer) => ((err += c.toString('utf8')), check()));
  const exited = new Promise<number>((resolve) =>
    child.on('close', (code, signal) => resolve(code ?? 128 + (signal === 'SIGKILL' ? 9 : signal === 'SIGTERM' ? 15 : 2))),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (pattern) =>
      new Promise<void>((resolve, reject) => {
        if (pattern.test(out + err)) return resolve();
        waiters.push({ pattern, resolve });
        void exited.then((code) => reject(new Error(`the grader exited (${code}) before printing ${pattern}:\n${out}\n${err}`)));
      }),
  };
}
