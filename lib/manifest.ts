/**
 * The one ordered list of the course's exercises. Scripts (`npm run check`, the grader, the
 * release builder, the kit proofs) read files by role from here instead of guessing names.
 * `validateManifest` runs in `npm run verify`: every listed file must exist, in exercises/ and at
 * the mirrored path in solutions/.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

/** One hint tier, from a nudge to a near-answer. */
export interface Hint {
  tier: 'nudge' | 'approach' | 'near-answer';
  text: string;
}

/** One exercise of the course. */
export interface ExerciseEntry {
  /** Number in course order (1–5). */
  id: number;
  /** Folder name under exercises/ and solutions/, e.g. `exercise-4-stampede`. */
  slug: string;
  title: string;
  files: {
    /** Files the student edits (paths relative to the exercise folder). */
    stubs: string[];
    /** The visible suite. */
    test: string;
    readme: string;
    analysis: string;
    /** The tiered hints `npm run hint` shows (see lib/hints.ts). */
    hints?: string;
  };
  /** Points in the default rubric. */
  points: number;
}

/** The course, in order. */
export const EXERCISES: readonly ExerciseEntry[] = [
  {
    id: 1,
    slug: 'exercise-1-hit-ratio',
    title: 'Cache hit ratio optimizer',
    files: {
      stubs: ['optimizer.ts', 'cache-keys.ts', 'value-codec.ts'],
      test: 'visible.test.ts',
      readme: 'README.md',
      analysis: 'ANALYSIS.md',
      hints: 'hints.json',
    },
    points: 100,
  },
  {
    id: 2,
    slug: 'exercise-2-latency',
    title: 'Latency optimizer',
    files: {
      stubs: ['latency-optimizer.ts', 'local-tier.ts'],
      test: 'visible.test.ts',
      readme: 'README.md',
      analysis: 'ANALYSIS.md',
      hints: 'hints.json',
    },
    points: 100,
  },
  {
    id: 3,
    slug: 'exercise-3-hot-keys',
    title: 'Hot key mitigator',
    files: {
      stubs: ['hot-key-detector.ts', 'hot-key-mitigator.ts'],
      test: 'visible.test.ts',
      readme: 'README.md',
      analysis: 'ANALYSIS.md',
      hints: 'hints.json',
    },
    points: 100,
  },
  {
    id: 4,
    slug: 'exercise-4-stampede',
    title: 'Cache stampede prevention',
    files: {
      stubs: ['stampede.ts', 'lock-manager.ts', 'circuit-breaker.ts'],
      test: 'visible.test.ts',
      readme: 'README.md',
      analysis: 'ANALYSIS.md',
      hints: 'hints.json',
    },
    points: 100,
  },
  {
    id: 5,
    slug: 'exercise-5-monitor',
    title: 'Cache performance monitor',
    files: {
      stubs: ['monitor.ts', 'alert-rule.ts', 'info-parser.ts'],
      test: 'visible.test.ts',
      readme: 'README.md',
      analysis: 'ANALYSIS.md',
      hints: 'hints.json',
    },
    points: 100,
  },
];

/**
 * The four homes of an exercise, all named by its slug, kit-relative: the student's files, the
 * reference, what the exercise adds to the kit's public code (its given API and its load check:
 * `check.ts` and `check/`), and everything the grader keeps hidden. Nothing of an exercise lives
 * anywhere else (docs/architecture.md).
 */
export function homesOf(slug: string): { exercise: string; solution: string; lib: string; grader: string } {
  return { exercise: `exercises/${slug}`, solution: `solutions/${slug}`, lib: `lib/exercises/${slug}`, grader: `grader/exercises/${slug}` };
}

/** The files of an exercise's grader home by role, relative to `grader/exercises/<slug>/`. */
export const GRADER_ROLES = {
  /** The hidden suite vitest runs. */
  hidden: 'hidden.test.ts',
  /** The suite the hidden test registers, and the folder of its parts (kit, weights, …). */
  suite: 'suite.ts',
  suiteDir: 'suite',
  /** What each hidden test protects (a plain data module the grader reads). */
  weights: 'suite/weights.ts',
  /** The secret load-check parameters (`export default { seed, scale }`). */
  secret: 'secret.ts',
  /** The naive baseline the load check measures for the "vs baseline" figures; ships to students. */
  baseline: 'baseline',
} as const;

/** The grader-home files a grading workspace holds (the hidden suite and what it imports), nothing else. */
export const SUITE_ROLES = [GRADER_ROLES.hidden, GRADER_ROLES.suite, GRADER_ROLES.suiteDir] as const;

/** The grader-home roles that decide a score or give tests away: never in a report, never readable by a submission. */
export const PRIVATE_ROLES = [...SUITE_ROLES, GRADER_ROLES.secret, GRADER_ROLES.baseline] as const;

/** `rel` (kit-relative) within the exercise's grader home it lies in (`suite/kit.ts`), or null outside every grader home. */
export function inGraderHome(rel: string): string | null {
  return /^grader\/exercises\/[^/]+\/(.+)$/.exec(rel)?.[1] ?? null;
}

/** Whether `rel` (kit-relative) is a file of one of `roles` in some exercise's grader home. */
export function inGraderRole(rel: string, roles: readonly string[]): boolean {
  const within = inGraderHome(rel);
  return within !== null && roles.some((r) => within === r || within.startsWith(`${r}/`));
}

/** A role's path of one exercise's grader home, kit-relative. */
export function graderFile(slug: string, role: keyof typeof GRADER_ROLES): string {
  return `${homesOf(slug).grader}/${GRADER_ROLES[role]}`;
}

/**
 * Every name the kit's visible suite of `entry` has had: its name now, and `exercise-<id>.test.ts`,
 * its name in editions before the suites became `visible.test.ts`. A student who started from such
 * an edition still holds that copy; it is the kit's file, not the student's own test.
 */
export function visibleSuiteNames(entry: ExerciseEntry): string[] {
  return [...new Set([entry.files.test, `exercise-${entry.id}.test.ts`])];
}

/** The kit's root folder. */
export const KIT_ROOT = path.resolve(import.meta.dirname, '..');

/** Finds an exercise by number (`4`), `exercise-4` or slug; throws a clear error otherwise. */
export function findExercise(ref: string | number): ExerciseEntry {
  const text = String(ref).trim();
  const match = EXERCISES.find((e) => String(e.id) === text || `exercise-${e.id}` === text || e.slug === text);
  if (!match) {
    const known = EXERCISES.map((e) => `${e.id} (${e.slug})`).join(', ');
    throw new Error(`Unknown exercise "${text}". Known exercises: ${known}.`);
  }
  return match;
}

/** Problems with the manifest against the files on disk; empty when all is well. */
export function validateManifest(root = KIT_ROOT): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const e of EXERCISES) {
    if (seen.has(e.slug)) problems.push(`duplicate slug ${e.slug}`);
    seen.add(e.slug);
    if (!e.slug.startsWith(`exercise-${e.id}-`)) problems.push(`${e.slug}: slug must start with exercise-${e.id}-`);
    const files = [...e.files.stubs, e.files.test, e.files.readme, e.files.analysis, ...(e.files.hints ? [e.files.hints] : [])];
    for (const f of files) {
      const p = path.join(root, 'exercises', e.slug, f);
      if (!existsSync(p)) problems.push(`missing ${path.relative(root, p)}`);
    }
    for (const f of e.files.stubs) {
      const p = path.join(root, 'solutions', e.slug, f);
      if (!existsSync(p)) problems.push(`missing solution ${path.relative(root, p)}`);
    }
  }
  return problems;
}
