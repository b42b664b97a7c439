/**
 * A submission on disk: either a whole copy of the kit (with an exercises/ folder) or a bare
 * exercises/ folder (its children are exercise-N-* folders). Only exercise folders are ever read
 * from it: the kit's own lib/, configs and suites are used, whatever the student changed there.
 * A submission is its own files: symbolic links are never followed (a linked exercise folder is
 * graded as missing, a linked file as absent), and the hash covers exactly the files graded.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { hashFiles, isLink, isRealDir, ownTree, printablePath } from './files.js';

/** Where a submission's exercise folders are. */
export interface Submission {
  /** Folder name, used as the student's name. */
  student: string;
  dir: string;
  /** The folder holding the exercise-N-* folders, or null when none was found. */
  exercisesDir: string | null;
  layout: 'kit' | 'bare' | 'unknown';
  /** Why no exercises folder was found, when it is something other than plain absence (a link). */
  layoutProblem?: string;
  /** Hash of exactly the files the run grades: the regular files of the exercise folders (empty string when there is none). */
  hash: string;
  /** Links met in the graded exercise folders (symbolic ones, files with other hard links, an exercise folder that is a symbolic link), relative to exercisesDir, printable (printablePath); never followed. */
  links: string[];
}

/** Reads a submission folder (which must exist); `slugs` are the exercise folders the kit grades. */
export function readSubmission(dir: string, slugs: readonly string[], student = path.basename(path.resolve(dir))): Submission {
  const abs = path.resolve(dir);
  let exercisesDir: string | null = null;
  let layout: Submission['layout'] = 'unknown';
  let layoutProblem: string | undefined;
  if (isRealDir(path.join(abs, 'exercises'))) {
    exercisesDir = path.join(abs, 'exercises');
    layout = 'kit';
  } else if (isLink(path.join(abs, 'exercises'))) {
    layoutProblem = `${path.join(abs, 'exercises')} is a symbolic link: links are never followed; hand in the folder itself.`;
  } else if (listTopDirs(abs).some((d) => /^exercise-\d+-/.test(d))) {
    exercisesDir = abs;
    layout = 'bare';
  }
  const graded: string[] = [];
  const links: string[] = [];
  for (const slug of exercisesDir ? slugs : []) {
    const folder = path.join(exercisesDir!, slug);
    if (isLink(folder)) links.push(slug);
    if (!isRealDir(folder)) continue;
    const tree = ownTree(folder);
    graded.push(...tree.files.map((f) => `${slug}/${f}`));
    links.push(...tree.links.map((f) => printablePath(`${slug}/${f}`)));
  }
  const hash = exercisesDir ? hashFiles(exercisesDir, graded) : '';
  return { student, dir: abs, exercisesDir, layout, ...(layoutProblem ? { layoutProblem } : {}), hash, links };
}

function listTopDirs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
}
