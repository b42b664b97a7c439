/**
 * A submission on disk: either a whole copy of the kit (with an exercises/ folder) or a bare
 * exercises/ folder (its children are exercise-N-* folders). Only exercise folders are ever read
 * from it: the kit's own lib/, configs and suites are used, whatever the student changed there.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { hashFiles, isDir, listFiles } from './files.js';
import { OPT_IN_FILE } from './leaderboard.js';

/** Where a submission's exercise folders are. */
export interface Submission {
  /** Folder name, used as the student's name. */
  student: string;
  dir: string;
  /** The folder holding the exercise-N-* folders, or null when none was found. */
  exercisesDir: string | null;
  layout: 'kit' | 'bare' | 'unknown';
  /**
   * Hash of every file under exercisesDir that the run reads (empty string when there is none):
   * the leaderboard opt-in is left out, since it changes no result and is read at scoring time.
   */
  hash: string;
}

/** Reads a submission folder (which must exist). */
export function readSubmission(dir: string, student = path.basename(path.resolve(dir))): Submission {
  const abs = path.resolve(dir);
  let exercisesDir: string | null = null;
  let layout: Submission['layout'] = 'unknown';
  if (isDir(path.join(abs, 'exercises'))) {
    exercisesDir = path.join(abs, 'exercises');
    layout = 'kit';
  } else if (listTopDirs(abs).some((d) => /^exercise-\d+-/.test(d))) {
    exercisesDir = abs;
    layout = 'bare';
  }
  const hash = exercisesDir ? hashFiles(exercisesDir, listFiles(exercisesDir).filter((f) => f !== OPT_IN_FILE)) : '';
  return { student, dir: abs, exercisesDir, layout, hash };
}

function listTopDirs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
}
