/**
 * A clean stop on SIGINT/SIGTERM: every process group the grader started (runChild registers
 * them) is killed at once, no new child starts (runChild throws {@link Interrupted}), so the
 * pipeline unwinds through its own `finally` blocks, which remove the temporary workspaces; reports
 * already written stay, and nothing of an interrupted run is written. If the unwinding takes too
 * long, or a second signal comes, the registered workspaces are removed and the process exits.
 */
import { rmSync } from 'node:fs';
import { GraderError } from './errors.js';

const groups = new Set<number>();
const workspaces = new Set<string>();
let stopping: NodeJS.Signals | null = null;

/** Thrown where grading work would start or go on after a stop was requested. */
class Interrupted extends GraderError {
  readonly signal: NodeJS.Signals;
  constructor(signal: NodeJS.Signals) {
    super('E_INTERRUPTED', `stopped by ${signal}`);
    this.signal = signal;
  }
}

/** The signal that asked for a stop, or null. */
export function stopRequested(): NodeJS.Signals | null {
  return stopping;
}

/** Throws {@link Interrupted} once a stop was requested. */
export function throwIfStopping(): void {
  if (stopping) throw new Interrupted(stopping);
}

/** A process group started by the grader (its leader's pid); returns the function that forgets it. */
export function registerGroup(pid: number): () => void {
  groups.add(pid);
  return () => void groups.delete(pid);
}

/** A temporary folder of the grader's; returns the function that forgets it. */
export function registerWorkspace(dir: string): () => void {
  workspaces.add(dir);
  return () => void workspaces.delete(dir);
}

function killAll(): number {
  let killed = 0;
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL');
      killed += 1;
    } catch {
      /* already gone */
    }
  }
  return killed;
}

/** Removes every registered temporary folder (the last resort when the unwinding does not finish). */
function removeWorkspaces(): void {
  for (const dir of workspaces) rmSync(dir, { recursive: true, force: true });
  workspaces.clear();
}

/** Options of {@link installStop}. */
export interface StopOptions {
  /** Told once, when the first signal arrives: what is being interrupted. */
  onSignal(signal: NodeJS.Signals, killedGroups: number): void;
  /** Runs just before a forced exit (release the lock, say what was lost). */
  beforeForcedExit(signal: NodeJS.Signals): void;
  /** How long the unwinding may take before the forced exit. Default 15 s. */
  graceMs?: number;
}

/** Exit code for a signal: 128 + its number (130 for SIGINT, 143 for SIGTERM). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1;
}

/** Installs the SIGINT/SIGTERM handlers; returns the function that removes them (and resets the state). */
export function installStop(options: StopOptions): () => void {
  let timer: NodeJS.Timeout | undefined;
  const force = (signal: NodeJS.Signals): never => {
    killAll();
    removeWorkspaces();
    options.beforeForcedExit(signal);
    process.exit(signalExitCode(signal));
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return void force(stopping);
    stopping = signal;
    options.onSignal(signal, killAll());
    timer = setTimeout(() => force(signal), options.graceMs ?? 15_000);
    timer.unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (timer) clearTimeout(timer);
    stopping = null;
  };
}
