/**
 * Writes the grader's outputs atomically: each file goes to a temporary file in the same folder
 * and is renamed over its name only when every file of the set is complete, so a reader sees the
 * old set or the new one, never a 0-byte or half-written file. A full or read-only filesystem
 * becomes one GraderError naming the file and the fix.
 */
import { closeSync, existsSync, fchmodSync, fsyncSync, mkdirSync, openSync, renameSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { GraderError } from './errors.js';

/** Options of {@link writeFilesAtomic}. */
export interface AtomicOptions {
  /** File mode of new files (default 0o644 less the umask). */
  mode?: number;
}

/** Writes one file atomically (temporary file in its folder, then rename). */
export function writeFileAtomic(file: string, text: string | Uint8Array, options: AtomicOptions = {}): void {
  writeFilesAtomic(path.dirname(file), { [path.basename(file)]: text }, options);
}

/**
 * Writes a set of files into `dir`: all temporary files first, then the renames. When any write
 * fails, every temporary file is removed and the existing files are left as they were.
 */
export function writeFilesAtomic(dir: string, files: Record<string, string | Uint8Array>, options: AtomicOptions = {}): string[] {
  const written: Array<[tmp: string, final: string]> = [];
  let current = dir;
  try {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw realMkdirError(dir, error);
    }
    for (const [name, text] of Object.entries(files)) {
      const final = path.join(dir, name);
      current = final;
      const tmp = path.join(path.dirname(final), `.${path.basename(final)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`);
      written.push([tmp, final]);
      const fd = openSync(tmp, 'w', options.mode ?? 0o644);
      try {
        if (options.mode !== undefined) fchmodSync(fd, options.mode); // exact, whatever the umask
        const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
        let offset = 0;
        while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    for (const [tmp, final] of written) {
      current = final;
      renameSync(tmp, final);
    }
    return written.map(([, final]) => final);
  } catch (error) {
    for (const [tmp] of written) rmSync(tmp, { force: true });
    throw writeError(current, error);
  }
}

/** A GraderError naming the file and the fix for a failed write (the original error as `cause`). */
export function writeError(file: string, error: unknown): Error {
  if (error instanceof GraderError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const folder = path.dirname(file);
  const fix: Record<string, string> = {
    ENOSPC: `the filesystem of ${folder} is full: free some space there (or pass another --out) and run the command again`,
    EDQUOT: `your disk quota on ${folder} is used up: free some space (or pass another --out) and run the command again`,
    EROFS: `${folder} is on a read-only filesystem: pass a writable --out folder`,
    EACCES: `${folder} is not writable for this user: fix its permissions or pass another --out folder`,
    EPERM: `${folder} is not writable for this user: fix its permissions or pass another --out folder`,
    ENOTDIR: `a part of ${folder} is a file, not a folder: pass a folder as --out`,
  };
  const why = (code && fix[code]) ?? `${(error as Error).message}`;
  return new GraderError('E_WRITE', `could not write ${file}${code ? ` (${code})` : ''}: ${why}. Files already there were left as they were.`, {
    cause: error,
  });
}

/** Node's recursive mkdir says ENOENT for a read-only parent: ask the first missing folder alone. */
export function realMkdirError(dir: string, error: unknown): unknown {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return error;
  let missing = dir;
  while (!existsSync(path.dirname(missing)) && path.dirname(missing) !== missing) missing = path.dirname(missing);
  try {
    mkdirSync(missing);
    rmdirSync(missing);
    return error;
  } catch (real) {
    return real;
  }
}
