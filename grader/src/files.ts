/** File-tree helpers: list files (skipping what is never graded) and hash a tree's content. */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Folders never copied or hashed: dependencies, VCS data, build and grading output. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'out', 'coverage', '.cachelab', '.vite', 'logs']);

/** Every file under `dir`, as sorted paths relative to it (symlinks are not followed). */
export function listFiles(dir: string, skip: ReadonlySet<string> = SKIPPED_DIRS): string[] {
  return listTree(dir, skip).files;
}

/** The regular files under `dir` and the symbolic links met on the way (never followed), both sorted and relative. */
function listTree(dir: string, skip: ReadonlySet<string> = SKIPPED_DIRS): { files: string[]; links: string[] } {
  const files: string[] = [];
  const links: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) links.push(child);
      else if (entry.isDirectory()) {
        if (!skip.has(entry.name)) walk(child);
      } else if (entry.isFile()) {
        files.push(child);
      }
    }
  };
  walk('');
  return { files: files.sort(), links: links.sort() };
}

/** True when `p` is a directory itself, not a symbolic link to one. */
export function isRealDir(p: string): boolean {
  try {
    return lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** True when `p` is a symbolic link (whatever it points to, if anything). */
export function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** True when the regular file `p` has other names (a hard link): its contents are not only this folder's. */
function isHardLinked(p: string): boolean {
  try {
    const st = lstatSync(p);
    return st.isFile() && st.nlink > 1;
  } catch {
    return false;
  }
}

/**
 * A student's folder as the grader takes it: its regular files, and as links both the symbolic
 * links and the files with other hard links (a regular file to lstat, but another file's contents:
 * the kit's solution, a classmate's). Links are never followed or copied.
 */
export function ownTree(dir: string): { files: string[]; links: string[] } {
  const tree = listTree(dir);
  const hard = tree.files.filter((f) => isHardLinked(path.join(dir, f)));
  return { files: tree.files.filter((f) => !hard.includes(f)), links: [...tree.links, ...hard].sort() };
}

/**
 * A path from a submission as it may be quoted in a report: control characters (a file name may
 * hold newlines) and quotes written as JSON escapes, backticks as quotes, so that it stays one
 * line of plain text inside a Markdown code span or list item.
 */
export function printablePath(p: string): string {
  return JSON.stringify(p)
    .slice(1, -1)
    .replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)
    .replace(/`/g, "'");
}

/** SHA-256 over the paths and contents of `files` (relative to `dir`), as 16 hex digits. */
export function hashFiles(dir: string, files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const f of [...files].sort()) {
    hash
      .update(f)
      .update('\0')
      .update(readFileSync(path.join(dir, f)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** True when `p` is an existing directory. */
export function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
