/**
 * A fresh temporary workspace per submission: a copy of the kit's runtime (lib/, fixtures/, the
 * grader's code and hidden suites, configs) plus the student's exercise folders laid over the
 * kit's. The kit's visible suites are copied back on top, so editing them earns nothing; a stub
 * file the student deleted is replaced by the untouched stub (and reported). node_modules is a
 * symlink to the kit's. Secret parameters, baselines and solutions are never copied in.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SUITE_ROLES, visibleSuiteNames, type ExerciseEntry } from '../../lib/manifest.js';
import { GraderError } from './errors.js';
import { isDir, isRealDir, ownTree } from './files.js';
import { registerWorkspace } from './stop.js';

/** Kit paths a workspace needs (copied when they exist), besides each exercise's hidden suite. */
const WORKSPACE_PARTS = ['package.json', 'tsconfig.json', 'lib', 'fixtures', 'grader/src'];

/**
 * The hidden suites' files of every exercise's grader home (SUITE_ROLES), kit-relative: an
 * allow-list, so the secret parameters, the baseline and the calibration beside them stay out.
 */
function suiteParts(kitRoot: string): string[] {
  const homes = path.join(kitRoot, 'grader', 'exercises');
  if (!isRealDir(homes)) return [];
  return readdirSync(homes).flatMap((slug) => SUITE_ROLES.map((role) => `grader/exercises/${slug}/${role}`));
}

/** What was laid out for one exercise. */
export interface WorkspaceExercise {
  entry: ExerciseEntry;
  /** The submission had a folder for this exercise. */
  submitted: boolean;
  /** Stub files absent from the submission (replaced by the kit's stub). */
  missing: string[];
  /** Every file the submission had in this exercise's folder, relative to it. */
  sent: string[];
  /** The student's own test files, relative to the exercise folder. */
  ownTests: string[];
  /** Absolute path of the exercise folder in the workspace. */
  dir: string;
}

/** A workspace on disk. */
export interface Workspace {
  root: string;
  exercises: WorkspaceExercise[];
  dispose(): void;
}

/** Builds a workspace; `exercisesDir` is the submission's exercises folder (null: none). */
export function createWorkspace(kitRoot: string, exercises: readonly ExerciseEntry[], exercisesDir: string | null): Workspace {
  const root = mkdtempSync(path.join(tmpdir(), 'cachelab-grade-'));
  const forget = registerWorkspace(root);
  try {
    for (const part of [...WORKSPACE_PARTS, ...suiteParts(kitRoot)]) {
      const from = path.join(kitRoot, part);
      if (!existsSync(from)) continue;
      cpSync(from, path.join(root, part), {
        recursive: true,
        filter: (src) => !/[/\\](node_modules|generated|\.git)$/.test(src),
      });
    }
    if (!existsSync(path.join(kitRoot, 'node_modules'))) {
      throw new GraderError('E_KIT_INCOMPLETE', `${kitRoot}/node_modules is missing: run \`npm ci\` in the kit before grading.`);
    }
    // To its real place: a sandbox binds that folder, not the links on the way to it.
    symlinkSync(realpathSync(path.join(kitRoot, 'node_modules')), path.join(root, 'node_modules'), 'dir');
    const laid = exercises.map((entry) => layExercise(kitRoot, root, entry, exercisesDir));
    return { root, exercises: laid, dispose: () => (rmSync(root, { recursive: true, force: true }), forget()) };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    forget();
    throw error;
  }
}

function layExercise(kitRoot: string, root: string, entry: ExerciseEntry, exercisesDir: string | null): WorkspaceExercise {
  const kitDir = path.join(kitRoot, 'exercises', entry.slug);
  const dir = path.join(root, 'exercises', entry.slug);
  mkdirSync(dir, { recursive: true });
  if (isDir(kitDir)) cpSync(kitDir, dir, { recursive: true });
  const studentDir = exercisesDir ? path.join(exercisesDir, entry.slug) : null;
  // A linked exercise folder is not the student's own work: graded as missing (the run reports the link).
  const submitted = studentDir !== null && isRealDir(studentDir);
  // The kit's visible suite, under any name it has had, is the kit's file: never laid from the submission.
  const kitSuites = visibleSuiteNames(entry);
  const theirs = submitted ? ownTree(studentDir).files : [];
  for (const f of theirs.filter((t) => !kitSuites.includes(t))) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    copyFileSync(path.join(studentDir!, f), path.join(dir, f));
  }
  const visible = path.join(kitDir, entry.files.test);
  if (existsSync(visible)) copyFileSync(visible, path.join(dir, entry.files.test));
  return {
    entry,
    submitted,
    missing: submitted ? entry.files.stubs.filter((s) => !theirs.includes(s)) : [],
    sent: theirs,
    ownTests: theirs.filter((f) => /\.test\.[cm]?ts$/.test(f) && !kitSuites.includes(f)),
    dir,
  };
}
