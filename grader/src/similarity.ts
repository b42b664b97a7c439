/**
 * Code similarity across a class (issue 18), with Dolos (`@dodona/dolos-lib`: winnowing over
 * tree-sitter tokens). Per exercise, each student's edited files (the manifest's stubs, in order)
 * are one document; the kit's untouched stubs are Dolos's ignored template, so the kit's own lines
 * never count. Pairs at or above the rubric's threshold are kept with their shared fragments, and
 * clusters are the connected groups of flagged pairs. Instructor-only: not in the student edition
 * (grader/src/release.ts), never in a student's report, and no score depends on it. Dolos is an
 * optional dependency, loaded only when asked for.
 */
import { lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ExerciseEntry } from '../../lib/manifest.js';
import { listStudents } from './class.js';
import { GraderError } from './errors.js';
import { readSubmission } from './submission.js';

/** The exact Dolos release the kit is tested with (package.json pins it). */
const DOLOS_PACKAGE = '@dodona/dolos-lib';
const DOLOS_VERSION = '3.5.1';
/** What to run when Dolos is missing. */
export const DOLOS_INSTALL = `npm install --no-save ${DOLOS_PACKAGE}@${DOLOS_VERSION}`;
/** Default threshold when the rubric sets none. */
export const DEFAULT_THRESHOLD = 0.6;
/** Fragments kept per pair (the longest ones). */
const MAX_FRAGMENTS = 8;

/** One side of a shared fragment: where it is and its lines. */
interface FragmentSide {
  /** File of the exercise folder and 1-based lines, e.g. `memo.ts:4–12`. */
  where: string;
  lines: string[];
}

/** Code two students share, side by side (left is the first student of the pair). */
interface SharedFragment {
  left: FragmentSide;
  right: FragmentSide;
}

/** Two students whose code for one exercise is similar. */
interface SimilarPair {
  left: string;
  right: string;
  /** Dolos's similarity: the share of both documents' fingerprints they have in common (0–1). */
  similarity: number;
  /** Longest run of shared fingerprints. */
  longest: number;
  fragments: SharedFragment[];
}

/** The similarity of one exercise across the class. */
interface ExerciseSimilarity {
  slug: string;
  title: string;
  /** Students whose code was compared. */
  compared: string[];
  /** Students left out, with why (no files, untouched stub). */
  skipped: { student: string; reason: string }[];
  /** Pairs at or above the threshold, most similar first. */
  pairs: SimilarPair[];
  /** Groups of students linked by flagged pairs, largest first. */
  clusters: string[][];
}

/** similarity.json. */
export interface SimilarityResult {
  version: 1;
  kind: 'cachelab-similarity';
  tool: string;
  threshold: number;
  exercises: ExerciseSimilarity[];
}

/** A student's document for one exercise: the edited files joined, and where each file starts. */
interface Doc {
  student: string;
  text: string;
  starts: { file: string; row: number }[];
}

// The slice of Dolos's API used here, typed locally: the package is optional, so the kit must
// type-check without it.
interface DolosRegion {
  startRow: number;
  endRow: number;
}
interface DolosPair {
  leftFile: { path: string };
  rightFile: { path: string };
  similarity: number;
  longest: number;
  buildFragments(): { pairs: unknown[]; leftSelection: DolosRegion; rightSelection: DolosRegion }[];
}
interface DolosModule {
  Dolos: new (options: { language: string }) => { analyze(files: unknown[], name?: string, ignored?: unknown): Promise<{ allPairs(): DolosPair[] }> };
  File: new (path: string, content: string) => unknown;
}

/** Loads Dolos, or throws the GraderError that says how to install it. */
export async function loadDolos(name: string = DOLOS_PACKAGE): Promise<DolosModule> {
  // `name` is a variable: tsc must not resolve the optional package (the kit type-checks without it).
  try {
    return (await import(name)) as DolosModule;
  } catch (error) {
    throw new GraderError(
      'E_SIMILARITY_UNAVAILABLE',
      `the similarity check needs ${DOLOS_PACKAGE} ${DOLOS_VERSION}, an optional dependency that is not installed or did not build (${(error as Error).message.split('\n')[0]}); install it with \`${DOLOS_INSTALL}\` (it compiles tree-sitter: a C++ compiler, make and python3, a few minutes), or grade without --similarity.`,
      { cause: error },
    );
  }
}

/** A regular file's text, or null (absent, a folder, a symbolic link: links are never followed). */
function readRegular(file: string): string | null {
  try {
    return lstatSync(file).isFile() ? readFileSync(file, 'utf8') : null;
  } catch {
    return null;
  }
}

/** Joins an exercise's edited files of `dir` into one document (null when none is there). */
function documentOf(student: string, dir: string, entry: ExerciseEntry): Doc | null {
  const parts: string[] = [];
  const starts: Doc['starts'] = [];
  let row = 0;
  for (const file of entry.files.stubs) {
    const text = readRegular(path.join(dir, file));
    if (text === null) continue;
    const body = text.endsWith('\n') ? text : `${text}\n`;
    starts.push({ file, row });
    parts.push(body);
    row += body.split('\n').length - 1;
  }
  return starts.length > 0 ? { student, text: parts.join(''), starts } : null;
}

/** `file:from–to` (1-based) and the lines of rows `from..to` (0-based) of `doc`. */
function side(doc: Doc, region: DolosRegion): FragmentSide {
  const lines = doc.text.split('\n');
  const at = (row: number): { file: string; line: number } => {
    const start = [...doc.starts].reverse().find((s) => s.row <= row) ?? doc.starts[0]!;
    return { file: start.file, line: row - start.row + 1 };
  };
  const from = at(region.startRow);
  const to = at(region.endRow);
  const where = from.file === to.file ? `${from.file}:${from.line}–${to.line}` : `${from.file}:${from.line}–${to.file}:${to.line}`;
  return { where, lines: lines.slice(region.startRow, region.endRow + 1) };
}

/** Connected groups of the flagged pairs' students, largest first, then by name. */
export function clustersOf(pairs: readonly { left: string; right: string }[]): string[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    const p = parent.get(x) ?? x;
    if (p === x) return x;
    const root = find(p);
    parent.set(x, root);
    return root;
  };
  for (const { left, right } of pairs) {
    const [a, b] = [find(left), find(right)];
    if (a !== b) parent.set(a > b ? a : b, a > b ? b : a);
  }
  const groups = new Map<string, string[]>();
  for (const s of new Set(pairs.flatMap((p) => [p.left, p.right]))) groups.set(find(s), [...(groups.get(find(s)) ?? []), s]);
  return [...groups.values()].map((g) => g.sort()).sort((a, b) => b.length - a.length || a[0]!.localeCompare(b[0]!));
}

/** Compares one exercise across `students` (name → submission folder). */
async function exerciseSimilarity(
  dolos: DolosModule,
  kitRoot: string,
  entry: ExerciseEntry,
  students: readonly { name: string; exercisesDir: string | null }[],
  threshold: number,
): Promise<ExerciseSimilarity> {
  const template = documentOf('(stub)', path.join(kitRoot, 'exercises', entry.slug), entry);
  const docs: Doc[] = [];
  const skipped: ExerciseSimilarity['skipped'] = [];
  for (const s of students) {
    const doc = s.exercisesDir ? documentOf(s.name, path.join(s.exercisesDir, entry.slug), entry) : null;
    if (!doc) skipped.push({ student: s.name, reason: 'none of the exercise files' });
    else if (template && doc.text === template.text) skipped.push({ student: s.name, reason: 'the untouched stub' });
    else docs.push(doc);
  }
  const result: ExerciseSimilarity = { slug: entry.slug, title: entry.title, compared: docs.map((d) => d.student), skipped, pairs: [], clusters: [] };
  if (docs.length < 2) return result;
  const byPath = new Map(docs.map((d, i) => [`${i}.ts`, d]));
  const files = [...byPath].map(([p, d]) => new dolos.File(p, d.text));
  const report = await new dolos.Dolos({ language: 'typescript' }).analyze(files, entry.slug, template ? new dolos.File('stub.ts', template.text) : undefined);
  for (const pair of report.allPairs()) {
    if (pair.similarity < threshold) continue;
    let [l, r] = [byPath.get(pair.leftFile.path)!, byPath.get(pair.rightFile.path)!];
    const swap = l.student.localeCompare(r.student) > 0;
    if (swap) [l, r] = [r, l];
    // The longest fragments (most shared k-grams) first; one inside a kept one, on either side, adds nothing.
    const kept: { a: DolosRegion; b: DolosRegion }[] = [];
    const inside = (x: DolosRegion, y: DolosRegion): boolean => x.startRow >= y.startRow && x.endRow <= y.endRow;
    for (const f of pair.buildFragments().sort((x, y) => y.pairs.length - x.pairs.length || x.leftSelection.startRow - y.leftSelection.startRow)) {
      const g = swap ? { a: f.rightSelection, b: f.leftSelection } : { a: f.leftSelection, b: f.rightSelection };
      if (kept.length < MAX_FRAGMENTS && !kept.some((k) => inside(g.a, k.a) || inside(g.b, k.b))) kept.push(g);
    }
    const fragments = kept.sort((x, y) => x.a.startRow - y.a.startRow).map((f) => ({ left: side(l, f.a), right: side(r, f.b) }));
    result.pairs.push({ left: l.student, right: r.student, similarity: Math.round(pair.similarity * 1000) / 1000, longest: pair.longest, fragments });
  }
  result.pairs.sort((a, b) => b.similarity - a.similarity || a.left.localeCompare(b.left) || a.right.localeCompare(b.right));
  result.clusters = clustersOf(result.pairs);
  return result;
}

/** Runs the similarity check over every student folder of `classDir` (`outDir` is skipped when inside). */
export async function classSimilarity(
  kitRoot: string,
  classDir: string,
  exercises: readonly ExerciseEntry[],
  threshold: number,
  outDir?: string,
): Promise<SimilarityResult> {
  const dolos = await loadDolos();
  const slugs = exercises.map((e) => e.slug);
  const students = listStudents(classDir, outDir).map((name) => ({ name, exercisesDir: readSubmission(path.join(classDir, name), slugs, name).exercisesDir }));
  const results: ExerciseSimilarity[] = [];
  for (const entry of exercises) results.push(await exerciseSimilarity(dolos, kitRoot, entry, students, threshold));
  return { version: 1, kind: 'cachelab-similarity', tool: `${DOLOS_PACKAGE} ${DOLOS_VERSION}`, threshold, exercises: results };
}
