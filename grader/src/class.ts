/**
 * Grading a class: every subfolder of a folder is one student's submission, graded by a pool of
 * `jobs` workers (the work itself runs in child processes). A student whose grading throws is a
 * row with an error, never the end of the batch. Writes index.html, grades.csv, summary.json and,
 * on request, the anonymous leaderboard.
 */
import { readdirSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeFilesAtomic } from './atomic.js';
import { classView, gradesCsv, notGradedSlugs } from './class-view.js';
import { GraderError } from './errors.js';
import { gradeSubmission, type Session } from './grade.js';
import { buildLeaderboard, leaderboardView } from './leaderboard.js';
import { template } from './render.js';
import { stopRequested, throwIfStopping } from './stop.js';
import type { Report } from './report.js';

/** One student's outcome. */
export interface ClassRow {
  student: string;
  report?: Report;
  /** The grader itself failed on this submission (its message). */
  error?: string;
  cached: boolean;
  durationMs: number;
}

/** Options of {@link gradeClass}. */
export interface ClassOptions {
  jobs: number;
  /** similarity.html was written beside the index (the index links it). */
  similarity?: boolean;
  onStart?(student: string): void;
  onDone?(row: ClassRow): void;
}

/** The student folders of a class folder, sorted; `outDir` is skipped when it lies inside. */
export function listStudents(classDir: string, outDir?: string): string[] {
  const out = outDir ? path.resolve(outDir) : '';
  return readdirSync(classDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules' && path.resolve(classDir, e.name) !== out)
    .map((e) => e.name)
    .sort();
}

/**
 * What `listStudents` leaves out of a class folder and why (a file, a symbolic link, a link that
 * loops or leads nowhere): the instructor is told rather than left to count. Hidden entries and
 * node_modules are left out silently.
 */
export function skippedInClass(classDir: string, outDir?: string): string[] {
  const out = outDir ? path.resolve(outDir) : '';
  const skipped: string[] = [];
  for (const e of readdirSync(classDir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'node_modules' || path.resolve(classDir, e.name) === out || e.isDirectory()) continue;
    const full = path.join(classDir, e.name);
    if (!e.isSymbolicLink()) {
      skipped.push(`${e.name} (a file, not a student folder)`);
      continue;
    }
    let target = '';
    try {
      target = statSync(full).isDirectory() ? 'a folder' : 'a file';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      skipped.push(`${e.name} (a symbolic link that ${code === 'ELOOP' ? 'loops back on itself' : `leads nowhere: ${readlinkSync(full)}`})`);
      continue;
    }
    skipped.push(`${e.name} (a symbolic link to ${target}, ${readlinkSync(full)}: links are never followed; copy the folder in to grade it)`);
  }
  return skipped.sort();
}

/** Grades every student folder of `classDir` into `outDir/<student>/`, then writes the class files. */
export async function gradeClass(classDir: string, session: Session, outDir: string, options: ClassOptions): Promise<ClassRow[]> {
  const students = listStudents(classDir, outDir);
  if (students.length === 0) {
    throw new GraderError('E_CLASS_EMPTY', `${classDir} has no subfolders: --class expects one folder per student, each a kit copy or an exercises/ folder.`);
  }
  const rows: ClassRow[] = new Array<ClassRow>(students.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < students.length && !stopRequested()) {
      const index = next++;
      const student = students[index]!;
      options.onStart?.(student);
      const started = Date.now();
      let row: ClassRow;
      try {
        const graded = await gradeSubmission(path.join(classDir, student), session, path.join(outDir, student), student);
        row = { student, report: graded.report, cached: graded.cached, durationMs: Date.now() - started };
      } catch (error) {
        if (stopRequested()) return; // interrupted, not failed: no row, and nothing written for it
        row = { student, error: (error as Error).message, cached: false, durationMs: Date.now() - started };
      }
      rows[index] = row;
      options.onDone?.(row);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, students.length)) }, worker));
  // A stopped class keeps each finished student's report; its class files would list a partial class.
  throwIfStopping();
  writeClassFiles(outDir, rows, options.similarity ? { ...session, similarity: true } : session);
  return rows;
}

/**
 * Writes index.html, grades.csv and summary.json for a graded class, and leaderboard.html and
 * leaderboard.json when the session has a leaderboard.
 */
export function writeClassFiles(
  outDir: string,
  rows: ClassRow[],
  session: Pick<Session, 'exercises' | 'kitVersion' | 'backend' | 'mode'> & Partial<Pick<Session, 'leaderboard'>> & { similarity?: boolean },
): void {
  const files: Record<string, string> = {};
  const withLeaderboard = Boolean(session.leaderboard);
  if (withLeaderboard) {
    const board = buildLeaderboard(
      rows.flatMap((r) => (r.report ? [r.report] : [])),
      session,
    );
    files['leaderboard.json'] = `${JSON.stringify(board, null, 2)}\n`;
    files['leaderboard.html'] = template('leaderboard.html.hbs')(leaderboardView(board));
  }
  const view = classView(rows, { ...session, leaderboard: withLeaderboard });
  files['index.html'] = template('class.html.hbs')(view);
  files['grades.csv'] = gradesCsv(rows, session.exercises);
  // `regrade`: the exercises not graded for an infrastructure failure (the same command grades them again).
  const summary = rows.map((r) => ({
    student: r.student,
    total: r.report?.total ?? null,
    max: r.report?.max ?? null,
    error: r.error ?? null,
    cached: r.cached,
    regrade: notGradedSlugs(r),
  }));
  files['summary.json'] = `${JSON.stringify({ version: 1, kitVersion: session.kitVersion, students: summary }, null, 2)}\n`;
  // One set: the index, the CSV and the summary always describe the same run.
  writeFilesAtomic(outDir, files);
}
