/**
 * One writer per output folder: a grader holds `<out>/.grade.lock` (its pid, host, start time and
 * command) while it writes there. A second grader into the same folder refuses at once, naming the
 * holder and what to do; a lock whose process is gone (same host, dead pid) is taken over with a
 * notice. Taking the lock is also the first write into `--out`, so a file, a read-only folder or a
 * full disk is reported here, before any expensive work.
 */
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { realMkdirError, writeError } from './atomic.js';
import { GraderError } from './errors.js';

/** Name of the lock file inside the output folder. */
export const LOCK_FILE = '.grade.lock';

/** What a lock file holds. */
interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
  /** Tells this holder's lock from a later one of a recycled pid. */
  token: string;
}

/** A held lock. */
export interface OutLock {
  file: string;
  /** Set when a stale lock was taken over (for the terminal). */
  notice: string | null;
  release(): void;
}

/** Takes the lock of `outDir` (created if missing) or throws a GraderError naming the holder. */
export function acquireOutLock(outDir: string, command: string): OutLock {
  checkOutDir(outDir);
  const file = path.join(outDir, LOCK_FILE);
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    command,
    token: `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
  };
  let notice: string | null = null;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (create(file, me)) {
      const release = (): void => {
        if (readHolder(file)?.token === me.token) rmSync(file, { force: true });
        process.off('exit', release);
      };
      process.on('exit', release);
      return { file, notice, release };
    }
    const holder = readHolder(file);
    if (holder && !isStale(holder)) throw locked(outDir, file, holder);
    // Gone (or unreadable and left by a crash): move it aside, check it is still the one judged stale.
    const aside = `${file}.stale-${process.pid}`;
    try {
      renameSync(file, aside);
    } catch {
      continue; // someone else moved it first: try again
    }
    const moved = readHolder(aside);
    if (holder && moved?.token !== holder.token) {
      try {
        linkSync(aside, file); // a live lock taken in between: put it back
      } catch {
        /* a third grader holds it now */
      }
      rmSync(aside, { force: true });
      if (moved) throw locked(outDir, file, moved);
      continue;
    }
    rmSync(aside, { force: true });
    notice = holder
      ? `took over the lock of ${outDir} left by a grader that is gone (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}: ${holder.command}); its unfinished results were not kept.`
      : `took over an unreadable lock file ${file} (left by a crash).`;
  }
  throw new GraderError(
    'E_OUT_LOCKED',
    `--out ${outDir}: could not take its lock ${file} (other graders keep taking it); run one grader at a time into a folder.`,
  );
}

/** `--out` must be a folder this process can write (or a path where one can be made). */
function checkOutDir(outDir: string): void {
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) {
    throw new GraderError('E_USAGE', `--out ${outDir} is a file, not a folder: pass a folder (it is created if missing).`);
  }
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (caught) {
    const error = realMkdirError(outDir, caught);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'EEXIST')
      throw new GraderError('E_USAGE', `--out ${outDir}: a part of that path is a file, not a folder: pass a folder.`, { cause: error });
    if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM')
      throw new GraderError(
        'E_USAGE',
        `--out ${outDir} cannot be created (${code}: ${code === 'EROFS' ? 'read-only filesystem' : 'permission denied'}): pass a writable folder as --out.`,
        { cause: error },
      );
    throw writeError(outDir, error);
  }
}

function create(file: string, me: LockHolder): boolean {
  // Written whole under another name, then linked: the lock never exists half-written.
  const tmp = `${file}.${me.token}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(me, null, 2)}\n`);
  } catch (error) {
    rmSync(tmp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
      throw new GraderError(
        'E_USAGE',
        `--out ${path.dirname(file)} is not writable (${code}: ${code === 'EROFS' ? 'read-only filesystem' : 'permission denied'}): pass a writable folder as --out.`,
        { cause: error },
      );
    }
    throw writeError(file, error);
  }
  try {
    linkSync(tmp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw writeError(file, error);
  } finally {
    rmSync(tmp, { force: true });
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.token === 'string' ? (h as LockHolder) : null;
  } catch {
    return null;
  }
}

/** Stale: held by a process of this host that no longer runs. Another host's lock is never judged. */
function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function locked(outDir: string, file: string, h: LockHolder): GraderError {
  return new GraderError(
    'E_OUT_LOCKED',
    `--out ${outDir} is in use by another grader (pid ${h.pid} on ${h.host}, started ${h.startedAt}: ${h.command}). Wait for it to finish, or pass another --out; if that grader is no longer running${h.host === hostname() ? '' : ` on ${h.host}`}, delete ${file}.`,
  );
}
