/**
 * The fallback where bubblewrap cannot run (a container without user namespaces, such as some
 * Gradescope images): with CACHELAB_SANDBOX_USER=<name>, every process that runs submission code
 * is started as that unprivileged system user (`setpriv`, util-linux), so what the grader keeps
 * from it is what file permissions keep: the output folder, each grader/exercises/<slug>/secret.ts, the solutions, the
 * baselines and the kit cache must not be readable by that user (the Gradescope bundle's
 * setup.sh creates the user and closes those). It is still the reduced mode: no PID or network
 * namespace, every such process shares /tmp, and one of them can outlive its run (up to its CPU-time
 * limit).
 *
 * Written by hand: setpriv is the well-known tool; what no library does is open a grader
 * workspace to one user and nothing else.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { GraderError } from './errors.js';
import type { SandboxSpec } from './sandbox.js';

/** The environment variable naming the unprivileged user of the reduced mode. */
export const SANDBOX_USER_VARIABLE = 'CACHELAB_SANDBOX_USER';

/** A user code can run as. */
interface Usable {
  ok: true;
  uid: number;
  gid: number;
  /** setpriv's arguments up to the command (which follows). */
  prefix: { command: string; args: string[] };
}

const probed = new Map<string, Usable | { ok: false; why: string }>();

/** Whether the grader can run code as `name` (probed once per process and name). */
export function probeUser(name: string): Usable | { ok: false; why: string } {
  const known = probed.get(name);
  if (known) return known;
  const result = probeOnce(name);
  probed.set(name, result);
  return result;
}

function probeOnce(name: string): Usable | { ok: false; why: string } {
  if (process.getuid?.() !== 0) return { ok: false, why: 'the grader is not running as root, so it cannot start processes as another user' };
  const setpriv = findOnPath('setpriv');
  const env = findOnPath('env');
  if (!setpriv || !env) return { ok: false, why: 'setpriv (util-linux) is not installed' };
  const id = (flag: string): number => Number(spawnSync('id', [flag, name], { encoding: 'utf8' }).stdout.trim() || NaN);
  const uid = id('-u');
  const gid = id('-g');
  if (!Number.isInteger(uid) || !Number.isInteger(gid))
    return { ok: false, why: `there is no user ${name} (useradd --system --no-create-home --shell /usr/sbin/nologin ${name})` };
  if (uid === 0 || gid === 0) return { ok: false, why: `${name} is root or in root's group` };
  // HOME and TMPDIR as in the sandbox: the user has no home, and the grader's TMPDIR may be closed to it.
  const prefix = {
    command: setpriv,
    args: ['--reuid', String(uid), '--regid', String(gid), '--clear-groups', '--no-new-privs', '--', env, 'HOME=/tmp', 'TMPDIR=/tmp'],
  };
  const trial = spawnSync(prefix.command, [...prefix.args, process.execPath, '-e', '0'], { cwd: '/', encoding: 'utf8', timeout: 10_000 });
  if (trial.status !== 0) {
    return {
      ok: false,
      why: `node cannot run as ${name} (${(trial.stderr || trial.error?.message || `exit ${String(trial.status)}`).trim().split('\n')[0]}); is ${process.execPath} readable by every user?`,
    };
  }
  return { ok: true, uid, gid, prefix };
}

/**
 * setpriv's command and arguments (the command to run follows) that run as `name`, after giving
 * that user the spec's writable folders (chown, recursively: fresh scratch folders of one run) and
 * read access to the top of each read-only path that others cannot read (chgrp to the user's
 * group, g+r, g+x for a folder: a workspace made by mkdtemp is 0700; the files in it keep their
 * modes). Hidden paths cannot be hidden from one user only where another process of the same user
 * needs them, so they stay as they are.
 */
export function asUser(name: string, spec: SandboxSpec): { command: string; args: string[] } {
  const u = probeUser(name);
  if (!u.ok) throw new GraderError('E_SANDBOX', `${SANDBOX_USER_VARIABLE}=${name} stopped working: ${u.why}.`);
  for (const p of spec.writable ?? []) for (const at of places(p)) giveTree(at, u.uid, u.gid);
  for (const p of [...spec.readOnly, spec.cwd]) for (const at of places(p)) letGroupRead(at, u.gid);
  return { command: u.prefix.command, args: [...u.prefix.args] };
}

/** `p` and its real place, those that exist. */
function places(p: string): string[] {
  const abs = path.resolve(p);
  if (!existsSync(abs)) return [];
  const real = realpathSync(abs);
  return real === abs ? [abs] : [abs, real];
}

function giveTree(at: string, uid: number, gid: number): void {
  const stat = lstatSync(at);
  if (stat.isSymbolicLink()) return;
  chownSync(at, uid, gid);
  if (stat.isDirectory()) for (const entry of readdirSync(at)) giveTree(path.join(at, entry), uid, gid);
}

function letGroupRead(at: string, gid: number): void {
  const stat = statSync(at);
  const need = stat.isDirectory() ? 0o5 : 0o4;
  if ((stat.mode & need) === need) return; // every user can already
  if (stat.gid !== gid) chownSync(at, stat.uid, gid);
  chmodSync(at, (stat.mode & 0o7777) | (need << 3));
}

/** The first `name` on PATH, or null. */
export function findOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const at = path.join(dir, name);
    if (dir && existsSync(at)) return at;
  }
  return null;
}
