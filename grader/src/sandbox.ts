/**
 * The OS sandbox around every process that runs submission code: Debian's bubblewrap (`bwrap`)
 * gives each one its own user, PID, network, IPC and mount namespaces, a read-only view of the
 * system, node and the paths the grader lists, a private /tmp, and nothing else: no network (unless
 * the real backend needs the host's loopback services), no output folder, no secret parameters,
 * no reference listing, no other workspace, no /proc of the grader. Where bwrap cannot run
 * (macOS, a container without user namespaces) grading goes on and every report says
 * `integrity: reduced (no sandbox)` and why; with CACHELAB_SANDBOX_USER set, submission code then
 * runs as that unprivileged user instead (sandbox-user.ts). Either way each such process gets a
 * CPU-time and a data-size limit (prlimit).
 *
 * Written by hand: bwrap is the well-known tool; what no library does is choose its mounts for a
 * grader workspace.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { availableParallelism, constants } from 'node:os';
import path from 'node:path';
import { GraderError } from './errors.js';
import { asUser, findOnPath, probeUser, SANDBOX_USER_VARIABLE } from './sandbox-user.js';

/** How far the grader can trust what it measured; `user`: submission code ran as that unprivileged user. */
export type Integrity = { mode: 'sandboxed'; tool: 'bwrap'; network: 'none' | 'host loopback' } | { mode: 'reduced'; why: string; user?: string };

/** Paths a sandboxed process sees (absolute; realpaths are bound at their own place too). */
export interface SandboxSpec {
  /** Readable, never writable. */
  readOnly: string[];
  /** Readable and writable (scratch folders of this one run). */
  writable?: string[];
  /** Folders inside a read-only path to hide behind an empty tmpfs. */
  hidden?: string[];
  /** Share the host's network (the real backend's Redis and MySQL); default none. */
  network?: boolean;
  /** Working directory inside the sandbox. */
  cwd: string;
  /** The wall-clock limit of the process (ms), from which its CPU-time limit is derived; default DEFAULT_WALL_MS. */
  wallMs?: number;
  /** Its V8 heap limit (MB), from which its data-size limit is derived; default DEFAULT_HEAP_MB. */
  memoryMb?: number;
}

/**
 * The wall-clock limit assumed for a process whose caller names none (the load check's runner and
 * the membrane's host do not yet): six times the rubric's default load-check limit.
 */
const DEFAULT_WALL_MS = 30 * 60_000;
/** The heap limit assumed when the caller names none (the rubric's default). */
const DEFAULT_HEAP_MB = 1024;
/** Seconds of CPU time on top of wall-clock × cores (the sandbox's own start, rounding). */
const CPU_MARGIN_S = 2;
/** Seconds between SIGXCPU (the soft limit) and SIGKILL (the hard one), for code that ignores the first. */
const CPU_HARD_EXTRA_S = 5;
/** What bwrap exits with when its command died of SIGXCPU (128 + the signal's number), as a shell would. */
const SIGXCPU_EXIT = 128 + constants.signals.SIGXCPU;
/** A maintainer's tool: every sandboxed process gets this CPU-time limit (s) instead of the derived one. */
const CPU_VARIABLE = 'CACHELAB_SANDBOX_CPU_SECONDS';

/** The limits a sandboxed process runs under. */
export interface ProcessLimits {
  /** RLIMIT_CPU's soft limit (SIGXCPU); the hard limit (SIGKILL) is CPU_HARD_EXTRA_S later. */
  cpuSeconds: number;
  /** RLIMIT_DATA (soft = hard), in MB: the heap and everything off it (buffers, native memory). */
  dataMb: number;
}

/**
 * The limits of a process with the given wall-clock and heap limits. CPU time can grow at most
 * one second per core per second (every thread of a process counts), so wall-clock × cores never
 * cuts a run the wall clock lets finish. Data gets twice the heap plus 2 GB: V8's heap pages
 * count there as well as buffers and native allocations. RLIMIT_AS is not used: V8 reserves
 * about 10 GB of address space for every WebAssembly memory (undici's HTTP parser, es-module-lexer)
 * and node fails to allocate one under 4 GB (measured), while reserved space costs nothing.
 */
export function processLimits(wallMs = DEFAULT_WALL_MS, memoryMb = DEFAULT_HEAP_MB): ProcessLimits {
  const asked = Number(process.env[CPU_VARIABLE]);
  const cpuSeconds = Number.isFinite(asked) && asked > 0 ? Math.ceil(asked) : Math.ceil((wallMs / 1000) * availableParallelism()) + CPU_MARGIN_S;
  return { cpuSeconds, dataMb: 2 * memoryMb + 2048 };
}

/** Whether a sandboxed process (its exit code through bwrap, or its own signal) died at its CPU-time limit. */
export function diedOfCpuLimit(exitCode: number | null, signal: string | null): boolean {
  return signal === 'SIGXCPU' || exitCode === SIGXCPU_EXIT;
}

/** The environment variable that chooses the sandbox: `auto` (default), `off`, or `required`. */
const SANDBOX_VARIABLE = 'CACHELAB_SANDBOX';

let probed: { ok: true; bwrap: string } | { ok: false; why: string } | undefined;

/** Whether bwrap can run here (probed once per process). */
function probe(): { ok: true; bwrap: string } | { ok: false; why: string } {
  if (probed) return probed;
  const bwrap = findOnPath('bwrap');
  if (!bwrap) {
    probed = { ok: false, why: 'bubblewrap (bwrap) is not installed: on Debian or Ubuntu, apt-get install bubblewrap' };
    return probed;
  }
  const trial = spawnSync(bwrap, [...baseArgs(false), '--ro-bind', process.execPath, process.execPath, process.execPath, '-e', '0'], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  probed =
    trial.status === 0
      ? { ok: true, bwrap }
      : {
          ok: false,
          why: `bwrap cannot create namespaces here (${(trial.stderr || trial.error?.message || `exit ${String(trial.status)}`).trim().split('\n')[0]}); user namespaces may be disabled in this container`,
        };
  return probed;
}

/** The sandbox this process will use, from CACHELAB_SANDBOX and what the machine allows. */
export function integrity(network = false): Integrity {
  const setting = (process.env[SANDBOX_VARIABLE] ?? 'auto').trim().toLowerCase();
  if (!['auto', 'off', 'required', ''].includes(setting)) {
    throw new GraderError('E_USAGE', `${SANDBOX_VARIABLE}=${process.env[SANDBOX_VARIABLE]} is not a setting: use auto (the default), off or required.`);
  }
  if (setting === 'off') return withUser(`${SANDBOX_VARIABLE}=off`);
  const p = probe();
  if (p.ok) return { mode: 'sandboxed', tool: 'bwrap', network: network ? 'host loopback' : 'none' };
  if (setting === 'required') throw new GraderError('E_SANDBOX', `${SANDBOX_VARIABLE}=required, but ${p.why}.`);
  return withUser(p.why);
}

/** The reduced mode, as CACHELAB_SANDBOX_USER's user when one is named and usable. */
function withUser(why: string): Integrity {
  const name = process.env[SANDBOX_USER_VARIABLE]?.trim();
  if (!name) return { mode: 'reduced', why };
  const u = probeUser(name);
  return u.ok ? { mode: 'reduced', why, user: name } : { mode: 'reduced', why: `${why}; ${SANDBOX_USER_VARIABLE}=${name} cannot be used: ${u.why}` };
}

/** One line for reports and the terminal: `integrity: sandboxed (bwrap, no network)` or `integrity: reduced (no sandbox: …)`. */
export function integrityLine(i: Integrity): string {
  return i.mode === 'sandboxed'
    ? `integrity: sandboxed (bwrap, ${i.network === 'none' ? 'no network' : 'network: host loopback for the real backend'})`
    : `integrity: reduced (no sandbox: ${i.why}${i.user ? `; submission code ran as the unprivileged user ${i.user}` : ''})`;
}

/**
 * The command that runs `command args` in the sandbox: `[bwrap, [...mounts, prlimit …, command,
 * ...args]]`; as the unprivileged user when reduced with one (which also opens the spec's paths
 * to that user, see sandbox-user.ts); the command as is when reduced without one.
 */
export function sandboxed(i: Integrity, spec: SandboxSpec, command: string, args: string[]): { command: string; args: string[] } {
  if (i.mode !== 'sandboxed') {
    if (!i.user) return { command, args };
    const as = asUser(i.user, spec);
    return { command: as.command, args: [...as.args, ...limitArgs(spec), command, ...args] };
  }
  const p = probe();
  if (!p.ok) throw new GraderError('E_SANDBOX', `the sandbox stopped working: ${p.why}.`);
  return { command: p.bwrap, args: [...sandboxArgs(spec), ...limitArgs(spec), command, ...args] };
}

/** Whether `sandboxed` wraps the command at all (false: the plain reduced mode). */
export function isolates(i: Integrity): boolean {
  return i.mode === 'sandboxed' || i.user !== undefined;
}

/**
 * prlimit and its options (ending with `--`, so options of the command that follow are not its
 * own): RLIMIT_CPU and RLIMIT_DATA of the process and, inherited, of every process it starts.
 * Without prlimit (util-linux is on every Debian and Ubuntu) the process runs without them.
 */
function limitArgs(spec: SandboxSpec): string[] {
  const prlimit = findOnPath('prlimit');
  if (!prlimit) return [];
  const l = processLimits(spec.wallMs, spec.memoryMb);
  const data = l.dataMb * 1024 * 1024; // prlimit takes bytes: a suffix such as 4g is misread
  return [prlimit, `--cpu=${l.cpuSeconds}:${l.cpuSeconds + CPU_HARD_EXTRA_S}`, `--data=${data}:${data}`, '--'];
}

/** bwrap's options for `spec` (everything before the command). */
function sandboxArgs(spec: SandboxSpec): string[] {
  const args = baseArgs(spec.network ?? false);
  const bound = new Set<string>();
  const bind = (flag: '--ro-bind' | '--bind', p: string): void => {
    for (const at of withRealpath(p)) {
      if (bound.has(`${flag} ${at}`) || !existsSync(at)) continue;
      bound.add(`${flag} ${at}`);
      args.push(flag, at, at);
    }
  };
  bind('--ro-bind', process.execPath);
  for (const p of spec.readOnly) bind('--ro-bind', p);
  for (const p of spec.writable ?? []) bind('--bind', p);
  for (const p of spec.hidden ?? []) if (existsSync(p)) args.push('--tmpfs', p, '--remount-ro', p);
  args.push('--chdir', spec.cwd, '--setenv', 'HOME', '/tmp', '--setenv', 'TMPDIR', '/tmp');
  return args;
}

function baseArgs(network: boolean): string[] {
  const args = ['--unshare-all', ...(network ? ['--share-net'] : []), '--die-with-parent', '--new-session', '--ro-bind', '/usr', '/usr'];
  // /bin, /lib, /lib64, /sbin: links into /usr on merged-/usr systems, folders elsewhere.
  for (const dir of ['/bin', '/sbin', '/lib', '/lib32', '/lib64']) {
    if (!existsSync(dir)) continue;
    const stat = lstatSync(dir);
    if (stat.isSymbolicLink()) args.push('--symlink', path.relative('/', realpathSync(dir)), dir);
    else args.push('--ro-bind', dir, dir);
  }
  // /etc for the dynamic loader, locale and resolver files (nothing of the kit's lives there).
  args.push('--ro-bind', '/etc', '/etc', '--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp');
  return args;
}

/** Where to bind `p`: itself, and its real place when a parent is a link; a link itself only at its target (it lies in a bound folder). */
function withRealpath(p: string): string[] {
  const abs = path.resolve(p);
  try {
    const real = realpathSync(abs);
    if (real === abs) return [abs];
    return lstatSync(abs).isSymbolicLink() ? [real] : [abs, real];
  } catch {
    return [abs];
  }
}
