/**
 * The student edition: a copy of the kit without solutions, hidden suites, secret parameters,
 * calibration, the grader's own tests and the kit proofs that need them. Test files
 * anywhere that reach into a removed folder are dropped too; a non-test file that does is an
 * error (the edition would be broken). Hidden folders (other than .github) are local and never
 * shipped. package.json loses the scripts that need what was removed, and package.json and the lock
 * lose the instructor-only dependencies (release-lock.ts). Each exercise's ANALYSIS.md
 * template is also kept, as shipped, in a kit-owned folder (students edit exercises/, never that
 * one), so the edition's `npm run grade` measures the student's analysis against the template.
 * The kit's README is the instructor's: the edition's README.md is `grader/edition/README.md`.
 * The baselines (grader/exercises/<slug>/baseline/) ship, and nothing else of an exercise's grader home: each is the scenario's naive "current system", which
 * `npm run check exercise-N -- --baseline` measures for ANALYSIS.md, so they give nothing away.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GRADER_ROLES, inGraderHome, inGraderRole, type ExerciseEntry } from '../../lib/manifest.js';
import { GraderError } from './errors.js';
import { listFiles } from './files.js';
import { kitVersion } from './kit.js';
import { type Lock, type PackageJson, withoutDependencies } from './release-lock.js';

/** Paths (files or folders, kit-relative) never shipped to students. */
export const INSTRUCTOR_ONLY = [
  'solutions',
  // of grader/exercises/<slug>/ only the baseline ships (see gradedHome below)
  'grader/calibration',
  'grader/test',
  'grader/overrides.example.json',
  'grader/edition',
  'tests/kit',
  'docs/instructor-guide.md',
  'vitest.verify.config.ts',
  'vitest.unit.config.ts',
  // runs solutions/ (not shipped) both ways through the membrane
  'benchmarks/membrane.ts',
  '.ci',
  // The kit's lint configs name instructor-only files (solutions/, grader/exercises/, …).
  'eslint.config.js',
  'knip.jsonc',
  // The class similarity check (issue 18) and its template; its dependency is left out below.
  'grader/src/similarity.ts',
  'grader/src/similarity-view.ts',
  'grader/templates/similarity.html.hbs',
];

/** Generated or local files a clean checkout would not have either. */
export const NOT_SHIPPED = ['fixtures/generated', 'EDITION.json'];

/** Scripts removed from the student edition's package.json (they need instructor-only files). */
export const INSTRUCTOR_SCRIPTS = ['verify', 'verify:unit', 'release', 'lint', 'lint:dead', 'bench:grade', 'bench:membrane'];

const REMOVED_IMPORT =
  /(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]*\/(?:solutions\/|grader\/(?:exercises\/[^/'"]+\/(?!baseline\/)|calibration\/|test\/))[^'"]*)['"]/;

/** Kit-owned folder of the student edition with the ANALYSIS.md templates as shipped: `<dir>/<slug>/ANALYSIS.md`. */
export const TEMPLATES_DIR = 'grader/analysis-templates';

const ANALYSIS_FILE = /^exercises\/([^/]+)\/ANALYSIS\.md$/;

/** The ANALYSIS.md template of `entry`: the edition's pristine copy, else (an instructor's kit) the one in exercises/. */
export function analysisTemplateFile(kitRoot: string, entry: ExerciseEntry): string {
  const pristine = path.join(kitRoot, TEMPLATES_DIR, entry.slug, entry.files.analysis);
  return existsSync(pristine) ? pristine : path.join(kitRoot, 'exercises', entry.slug, entry.files.analysis);
}

/** The student edition's README (it replaces the kit's README.md, which is the instructor's). */
export const STUDENT_README = 'grader/edition/README.md';

/** What a release contains. */
export interface ReleaseSummary {
  outDir: string;
  files: number;
  /** Test files dropped because they need instructor-only files. */
  dropped: string[];
  /** The version the edition's own reports carry (kitVersion of the edition as shipped). */
  kitVersion: string;
}

/** A file of an exercise's grader home other than its baseline: the suite, the secret, the calibration. */
function hiddenHome(rel: string): boolean {
  return inGraderHome(rel) !== null && !inGraderRole(rel, [GRADER_ROLES.baseline]);
}

function instructorOnly(rel: string): boolean {
  // Hidden folders are local (editor settings, scratch copies); only .github is part of a kit.
  const hiddenDir = rel
    .split('/')
    .slice(0, -1)
    .some((d) => d.startsWith('.') && d !== '.github');
  return hiddenDir || hiddenHome(rel) || [...INSTRUCTOR_ONLY, ...NOT_SHIPPED].some((p) => rel === p || rel.startsWith(`${p}/`));
}

/** Builds the student edition of `kitRoot` in `outDir` (which must not exist or be empty). */
export function buildRelease(kitRoot: string, outDir: string): ReleaseSummary {
  const out = path.resolve(outDir);
  if (existsSync(out) && readdirSync(out).length > 0) {
    throw new GraderError('E_USAGE', `--out ${outDir}: the folder exists and is not empty; choose a new folder or delete it first.`);
  }
  const candidates = listFiles(kitRoot).filter((f) => !instructorOnly(f));
  const dropped: string[] = [];
  const broken: string[] = [];
  const shipped = candidates.filter((f) => {
    if (!/\.[cm]?[jt]s$/.test(f)) return true;
    const reaches = REMOVED_IMPORT.exec(readFileSync(path.join(kitRoot, f), 'utf8'));
    if (!reaches) return true;
    if (/\.test\.[cm]?[jt]s$/.test(f)) dropped.push(f);
    else broken.push(`${f} imports ${reaches[1]}`);
    return false;
  });
  if (broken.length > 0) {
    throw new GraderError(
      'E_RELEASE',
      `These shipped files import instructor-only code, so the student edition would not run:\n  - ${broken.join('\n  - ')}\nMove what they need into lib/ or mark them as instructor-only in grader/src/release.ts.`,
    );
  }
  const templates = shipped.flatMap((f) => {
    const slug = ANALYSIS_FILE.exec(f)?.[1];
    return slug ? [[f, `${TEMPLATES_DIR}/${slug}/ANALYSIS.md`] as const] : [];
  });
  for (const [from, to] of [...shipped.map((f) => [f, f] as const), ...templates]) {
    mkdirSync(path.dirname(path.join(out, to)), { recursive: true });
    copyFileSync(path.join(kitRoot, from), path.join(out, to));
  }
  if (existsSync(path.join(kitRoot, STUDENT_README))) copyFileSync(path.join(kitRoot, STUDENT_README), path.join(out, 'README.md'));
  const pkgFile = path.join(out, 'package.json');
  const lockFile = path.join(out, 'package-lock.json');
  const trimmed = withoutDependencies(
    JSON.parse(readFileSync(pkgFile, 'utf8')) as PackageJson,
    existsSync(lockFile) ? (JSON.parse(readFileSync(lockFile, 'utf8')) as Lock) : {},
  );
  const pkg = trimmed.pkg as { scripts?: Record<string, string> };
  for (const s of INSTRUCTOR_SCRIPTS) delete pkg.scripts?.[s];
  writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
  if (existsSync(lockFile)) writeFileSync(lockFile, `${JSON.stringify(trimmed.lock, null, 2)}\n`);
  // kitVersion hashes the run's inputs where they are: the edition lacks the solutions, hidden
  // suites and secrets and has its own package.json, so its reports carry the edition's own
  // version, not the kit's. EDITION.json states that one, and the kit's beside it, labelled.
  const version = kitVersion(out);
  const edition = {
    edition: 'student',
    kitVersion: version,
    kitVersionNote: "the version this edition's reports carry (npm run grade), as shipped: it hashes exercises/ too, so it changes once exercises/ is edited",
    builtFromKitVersion: kitVersion(kitRoot),
    dropped,
  };
  writeFileSync(path.join(out, 'EDITION.json'), `${JSON.stringify(edition, null, 2)}\n`);
  return { outDir: out, files: shipped.length + templates.length + 1, dropped, kitVersion: version };
}
