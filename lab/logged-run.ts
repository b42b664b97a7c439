/**
 * One load-test run with its live log (lab/log-file.ts LiveLog): the file is created when
 * measuring starts, replaced about once a second while the run goes, and written a last time
 * with the final figures, or with what ran until a failure (status `failed`). The CLI uses it for
 * every run, one per scenario with --compare.
 */
import { buildLog, LiveLog } from './log-file.js';
import type { LabConfig } from './config.js';
import { LabRunFailedError, messageOf } from './errors.js';
import type { RunHooks, RunOutcome } from './outcome.js';
import { runFigures, runLoadTest, type RunFigures } from './run.js';

/** A finished (or stopped) run and where its log is. */
export interface LoggedRun {
  outcome: RunOutcome;
  figures: RunFigures;
  /** Absolute path of the log. */
  logFile: string;
}

/** Options of {@link runLogged}. */
export interface LoggedRunOptions {
  /** Put after the timestamp in the file name (the --compare scenario). */
  label?: string;
  hooks?: RunHooks;
  /** How a path is shown in a message (default: as it is). */
  show?(file: string): string;
  /** What runs the test (default: {@link runLoadTest}); tests pass a backend that fails on purpose. */
  run?: typeof runLoadTest;
}

/** Runs `config` and keeps its log in `logDir` as it goes; see the module comment. */
export async function runLogged(config: LabConfig, env: NodeJS.ProcessEnv, logDir: string, options: LoggedRunOptions = {}): Promise<LoggedRun> {
  const hooks = options.hooks ?? {};
  let live: LiveLog | undefined;
  let take: (() => RunOutcome) | undefined;
  let writeError: unknown;
  const onSnapshot = (latest: () => RunOutcome): void => {
    take = latest;
    hooks.onSnapshot?.(latest);
    if (writeError !== undefined || (live && !live.due())) return;
    try {
      if (!live) live = LiveLog.create(buildLog(latest(), 'running'), logDir, options.label);
      else live.write(buildLog(latest(), 'running'));
    } catch (error) {
      writeError = error; // reported once the run ends (a snapshot comes from inside the run)
    }
  };
  let outcome: RunOutcome;
  try {
    outcome = await (options.run ?? runLoadTest)(config, env, { ...hooks, onSnapshot });
  } catch (error) {
    if (!live || !take) throw error; // nothing was measured: no log
    try {
      live.write(buildLog(take(), 'failed', [`The run failed: ${messageOf(error)}`]));
    } catch {
      // the last snapshot on disk stands (status: running)
    }
    throw new LabRunFailedError((options.show ?? String)(live.file), error);
  }
  const log = buildLog(outcome);
  if (live) live.write(log);
  else live = LiveLog.create(log, logDir, options.label);
  return { outcome, figures: runFigures(outcome), logFile: live.file };
}
