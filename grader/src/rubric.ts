/**
 * The rubric: how measured results become points. An instructor edits grader/rubric.json; it is
 * validated on load and every problem names the file and the field. Weights are percentages of an
 * exercise's points; shares inside a criterion are fractions that add up to 1.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import type { Comparison } from '../../lib/load/types.js';
import { GraderError } from './errors.js';
import { check, exactly, fields, named, number, oneOf, problem } from './file-schema.js';
import { DEFAULT_WEIGHTS, PROTECTS, type Protects } from './weights.js';

/** The four criteria of the course's rubric, in report order. */
export const CRITERIA = ['performance', 'technical', 'problemSolving', 'documentation'] as const;
/** One criterion id. */
export type Criterion = (typeof CRITERIA)[number];

/** How a criterion is shown in reports. */
export const CRITERION_LABELS: Record<Criterion, string> = {
  performance: 'Performance',
  technical: 'Technical implementation',
  problemSolving: 'Problem solving',
  documentation: 'Documentation',
};

/** Partial credit between baseline and target: `linear`, or nothing until the target (`step`). */
export type Curve = 'linear' | 'step';

/** Rubric settings for one load-check figure. */
interface FigureRubric {
  weight?: number;
  target?: { op: Comparison; value: number };
  baseline?: number;
  curve?: Curve;
}

/** Per-exercise overrides of the defaults. */
interface ExerciseRubric {
  points?: number;
  criteria?: Partial<Record<Criterion, number>>;
  figures?: Record<string, FigureRubric>;
  /** Weight of one hidden test, by its own name (overrides what the suite declares it protects). */
  hiddenTests?: Record<string, { weight: number }>;
}

/** The whole rubric file. */
export interface Rubric {
  version: 1;
  /** Points of an exercise unless it says otherwise. */
  points: number;
  /** Percent of an exercise's points per criterion; they add up to 100. */
  criteria: Record<Criterion, number>;
  performance: { curve: Curve };
  /** Weight of a hidden test by what its suite declares it protects; defaults in grader/src/weights.ts. */
  technical?: { weights: Partial<Record<Protects, number>> };
  problemSolving: { visibleSuite: number; ownTests: number; coverageTarget: number };
  documentation: {
    present: number;
    sections: number;
    figures: number;
    minWords: number;
    /** Relative tolerance for quoted figures (0.1 = within 10%). */
    tolerance: number;
    /** Absolute tolerance, for figures near zero. */
    absoluteTolerance: number;
  };
  /** Time, memory and output limits of the child processes a submission runs in. */
  limits: { testMs: number; runMs: number; loadMs: number; memoryMb: number; outputKb: number };
  exercises: Record<string, ExerciseRubric>;
  /** The class similarity check (`--similarity`): pairs at or above `threshold` (0–1) are listed. Scores nothing. */
  similarity?: { threshold: number };
}

/** An exercise's rubric with defaults applied. */
export interface ResolvedExerciseRubric {
  points: number;
  criteria: Record<Criterion, number>;
  figures: Record<string, FigureRubric>;
  curve: Curve;
  /** Weight per kind of protection, every kind present. */
  weights: Record<Protects, number>;
  /** Per-test weights by test name. */
  hiddenTests: Record<string, { weight: number }>;
}

/** Applies the defaults to one exercise. */
export function rubricFor(rubric: Rubric, slug: string): ResolvedExerciseRubric {
  const own = rubric.exercises[slug] ?? {};
  return {
    points: own.points ?? rubric.points,
    criteria: { ...rubric.criteria, ...own.criteria },
    figures: own.figures ?? {},
    curve: rubric.performance.curve,
    weights: { ...DEFAULT_WEIGHTS, ...rubric.technical?.weights },
    hiddenTests: own.hiddenTests ?? {},
  };
}

const CURVE = oneOf(['linear', 'step']).describe('linear: partial credit from the baseline (0) to the target (full); step: nothing until the target is met.');

/** Percent of an exercise's points per criterion, every criterion named; they add up to 100. */
const CRITERIA_SCHEMA = fields(Object.fromEntries(CRITERIA.map((k) => [k, number(0, 100)])) as Record<Criterion, z.ZodNumber>)
  .describe("Percent of an exercise's points per criterion; they add up to 100.")
  .superRefine(
    (value, ctx) => {
      const sum = CRITERIA.reduce((total, k) => total + valid(number(0, 100), value[k]), 0);
      if (Math.abs(sum - 100) > 1e-9) problem(ctx, `must add up to 100 (percent of an exercise's points), got ${sum}`);
    },
    { when: isObjectPayload },
  );

/** An object whose `shares` are fractions of one criterion adding up to 1, and some bounded settings. */
function shares<S extends string, B extends string>(names: readonly S[], bounded: Record<B, z.ZodNumber>, description: string) {
  const share = number(0, 1);
  const shape = { ...(Object.fromEntries(names.map((k) => [k, share])) as Record<S, z.ZodNumber>), ...bounded };
  return fields(shape)
    .describe(description)
    .superRefine(
      (value, ctx) => {
        const sum = names.reduce((total, k) => total + valid(share, (value as Record<string, unknown>)[k]), 0);
        if (Math.abs(sum - 1) > 1e-9) problem(ctx, `are shares of the criterion and must add up to 1, got ${sum}`, [`{${names.join(', ')}}`]);
      },
      { when: isObjectPayload },
    );
}

const FIGURE = fields({
  weight: number(0).optional(),
  target: fields({ op: oneOf(['>=', '<=', '==', '<', '>']), value: number() }).optional(),
  baseline: number().optional(),
  curve: CURVE.optional(),
}).describe('Rubric settings for one load-check figure (its id as in report.json).');

const EXERCISE = fields({
  points: number(0).optional(),
  criteria: CRITERIA_SCHEMA.optional(),
  figures: named(FIGURE).optional(),
  hiddenTests: named(fields({ weight: number(0) }))
    .describe('Weight of one hidden test, by its own name (overrides what the suite declares it protects).')
    .optional(),
}).describe('Overrides of the defaults for one exercise (by its slug).');

/** The schema of grader/rubric.json; `knownSlugs`, when given, are the only exercises it may name. */
export function rubricSchema(knownSlugs?: readonly string[]) {
  const exercises = named(EXERCISE).superRefine(
    (value, ctx) => {
      if (!knownSlugs) return;
      for (const slug of Object.keys(value)) {
        if (!knownSlugs.includes(slug)) problem(ctx, `is not an exercise of this kit (known: ${knownSlugs.join(', ')})`, [slug]);
      }
    },
    { when: isObjectPayload },
  );
  return fields({
    version: exactly(1),
    points: number(0).describe('Points of an exercise unless it says otherwise.'),
    criteria: CRITERIA_SCHEMA,
    performance: fields({ curve: CURVE }),
    technical: fields({
      weights: fields(Object.fromEntries(PROTECTS.map((k) => [k, number(0).optional()])) as Record<Protects, z.ZodOptional<z.ZodNumber>>).describe(
        'Weight of a hidden test by what its suite declares it protects; defaults in grader/src/weights.ts.',
      ),
    }).optional(),
    problemSolving: shares(
      ['visibleSuite', 'ownTests'],
      { coverageTarget: number(1, 100) },
      'Shares of the criterion (add up to 1); coverageTarget in percent.',
    ),
    documentation: shares(
      ['present', 'sections', 'figures'],
      { minWords: number(0, 10_000), tolerance: number(0, 10), absoluteTolerance: number(0) },
      'Shares of the criterion (add up to 1); tolerance is relative (0.1 = within 10%), absoluteTolerance for figures near zero.',
    ),
    limits: fields({ testMs: number(1), runMs: number(1), loadMs: number(1), memoryMb: number(1), outputKb: number(1) }).describe(
      'Time, memory and output limits of the child processes a submission runs in.',
    ),
    similarity: fields({ threshold: number(0, 1) })
      .describe('The class similarity check (--similarity): pairs at or above threshold (0-1) are listed. Scores nothing.')
      .optional(),
    exercises,
  }).describe('How measured results become points (grader/rubric.json). Keys starting with $ are comments.');
}

/** Reads and validates a rubric file; throws a GraderError listing every problem. */
export function loadRubric(file: string, knownSlugs?: readonly string[]): Rubric {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new GraderError('E_RUBRIC_READ', `${file}: cannot read the rubric (${(error as Error).message}). Fix the JSON or pass --rubric <file>.`, {
      cause: error,
    });
  }
  return validateRubric(raw, file, knownSlugs);
}

/** Validates a parsed rubric; `file` names it in messages. `$` keys are comments and are dropped. */
export function validateRubric(raw: unknown, file: string, knownSlugs?: readonly string[]): Rubric {
  const result = check(rubricSchema(knownSlugs), raw, file);
  if (!result.ok) throw new GraderError('E_RUBRIC_INVALID', `The rubric is invalid:\n  - ${result.problems.join('\n  - ')}`);
  const rubric: Rubric = result.value;
  return rubric;
}

/** `value` when `schema` accepts it, else 0 (a sum counts the valid terms only). */
function valid(schema: z.ZodNumber, value: unknown): number {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : 0;
}

/** A refinement of an object runs, even after problems in its fields, as long as there is an object. */
function isObjectPayload(payload: { value: unknown }): boolean {
  return payload.value !== null && typeof payload.value === 'object' && !Array.isArray(payload.value);
}
