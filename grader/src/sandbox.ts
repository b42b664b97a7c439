/**
 * The OS sandbox around every process that runs submission code: Debian's bubblewrap (`bwrap`)
 * gives each one its own user, PID, network, IPC and mount namespaces, a read-only view of the
 * system, node and the paths the grader lists, a private /tmp, and nothing else: no network (unless
 * the real backend needs the host's loopback services), no output folder, no secret parameters,
 * no reference listing, no other workspace, no /proc of the grader. Where bwrap cannot run
 * (macOS, a container without user namespaces) grading goes on and every report says
 * `integrity: reduced (no sandbox)` and why.
 *
 * Written by hand: bwrap is the well-known tool; what no library does is choose its mounts for a
 * grader workspace.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { GraderError } from './errors.js';

/** How far the grader can trust what it measured. */
export type Integrity =
  | { mode: 'sandboxed'; tool: 'bwrap'; network: 'none' | 'host loopback' }
  | { mode: 'reduced'; why: string };

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
  const trial = spawnSync(bwrap, [...baseArgs(false), '--ro-bind', process.execPath, process.execPath, process.execPath, '-e', '0'], { encoding: 'utf8', timeout: 10_000 });
  probed =
    trial.status === 0
      ? { ok: true, bwrap }
      : { ok: false, why: `bwrap cannot create namespaces here (${(trial.stderr || trial.error?.message || `exit ${String(trial.status)}`).trim().split('\n')[0]}); user namespaces may be disabled in this container` };
  return probed;
}

/** The sandbox this process will use, from CACHELAB_SANDBOX and what the machine allows. */
export function integrity(network = false): Integrity {
  const setting = (process.env[SANDBOX_VARIABLE] ?? 'auto').trim().toLowerCase();
  if (!['auto', 'off', 'required', ''].includes(setting)) {
    throw new GraderError('E_USAGE', `${SANDBOX_VARIABLE}=${process.env[SANDBOX_VARIABLE]} is not a setting: use auto (the default), off or required.`);
  }
  if (setting === 'off') return { mode: 'reduced', why: `${SANDBOX_VARIABLE}=off` };
  const p = probe();
  if (p.ok) return { mode: 'sandboxed', tool: 'bwrap', network: network ? 'host loopback' : 'none' };
  if (setting === 'required') throw new GraderError('E_SANDBOX', `${SANDBOX_VARIABLE}=required, but ${p.why}.`);
  return { mode: 'reduced', why: p.why };
}

/** One line for reports and the terminal: `integrity: sandboxed (bwrap, no network)` or `integrity: reduced (no sandbox: …)`. */
export function integrityLine(i: Integrity): string {
  return i.mode === 'sandboxed'
    ? `integrity: sandboxed (bwrap, ${i.network === 'none' ? 'no network' : 'network: host loopback for the real backend'})`
    : `integrity: reduced (no sandbox: ${i.why})`;
}

/** The command that runs `command args` in the sandbox: `[bwrap, [...mounts, command, ...args]]`, or the command as is when reduced. */
export function sandboxed(i: Integrity, spec: SandboxSpec, command: string, args: string[]): { command: string; args: string[] } {
  if (i.mode !== 'sandboxed') return { command, args };
  const p = probe();
  if (!p.ok) throw new GraderError('E_SANDBOX', `the sandbox stopped working: ${p.why}.`);
  return { command: p.bwrap, args: [...sandboxArgs(spec), command, ...args] };
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

function findOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const at = path.join(dir, name);
    if (dir && existsSync(at)) return at;
  }
  return null;
}
