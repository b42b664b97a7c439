/**
 * The rubric: how measured results become points. An instructor edits grader/rubric.json; it is
 * validated on load and every problem names the file and the field. Weights are percentages of an
 * exercise's points; shares inside a criterion are fractions that add up to 1.
 */
import { readFileSync } from 'node:fs';
import type { Comparison } from '../../lib/load/types.js';
import { GraderError } from './errors.js';
import { Checker, join } from './validate.js';
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

const OPS: readonly Comparison[] = ['>=', '<=', '==', '<', '>'];
const TOP = ['version', 'points', 'criteria', 'performance', 'technical', 'problemSolving', 'documentation', 'limits', 'exercises', 'similarity'];

/** Reads and validates a rubric file; throws a GraderError listing every problem. */
export function loadRubric(file: string, knownSlugs?: readonly string[]): Rubric {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new GraderError('E_RUBRIC_READ', `${file}: cannot read the rubric (${(error as Error).message}). Fix the JSON or pass --rubric <file>.`, { cause: error });
  }
  return validateRubric(raw, file, knownSlugs);
}

/** Validates a parsed rubric; `file` names it in messages. */
export function validateRubric(raw: unknown, file: string, knownSlugs?: readonly string[]): Rubric {
  const c = new Checker(file);
  if (!c.object(raw, '')) throw invalid(c);
  c.knownKeys(withoutComments(raw), '', TOP);
  if (raw.version !== 1) c.fail('version', '1', raw.version);
  c.number(raw.points, 'points', 0);
  checkCriteria(c, raw.criteria, 'criteria', true);
  if (c.object(raw.performance, 'performance')) {
    c.knownKeys(withoutComments(raw.performance), 'performance', ['curve']);
    c.oneOf(raw.performance.curve, 'performance.curve', ['linear', 'step']);
  }
  if (raw.technical !== undefined && c.object(raw.technical, 'technical')) {
    c.knownKeys(withoutComments(raw.technical), 'technical', ['weights']);
    if (c.object(raw.technical.weights, 'technical.weights')) {
      c.knownKeys(withoutComments(raw.technical.weights), 'technical.weights', PROTECTS);
      for (const k of Object.keys(withoutComments(raw.technical.weights))) {
        if ((PROTECTS as readonly string[]).includes(k)) c.number(raw.technical.weights[k], `technical.weights.${k}`, 0);
      }
    }
  }
  checkShares(c, raw.problemSolving, 'problemSolving', ['visibleSuite', 'ownTests'], { coverageTarget: [1, 100] });
  checkShares(c, raw.documentation, 'documentation', ['present', 'sections', 'figures'], {
    minWords: [0, 10_000],
    tolerance: [0, 10],
    absoluteTolerance: [0, Infinity],
  });
  if (c.object(raw.limits, 'limits')) {
    const keys = ['testMs', 'runMs', 'loadMs', 'memoryMb', 'outputKb'];
    c.knownKeys(withoutComments(raw.limits), 'limits', keys);
    for (const k of keys) c.number(raw.limits[k], `limits.${k}`, 1);
  }
  if (raw.similarity !== undefined && c.object(raw.similarity, 'similarity')) {
    c.knownKeys(withoutComments(raw.similarity), 'similarity', ['threshold']);
    c.number(raw.similarity.threshold, 'similarity.threshold', 0, 1);
  }
  if (c.object(raw.exercises, 'exercises')) {
    for (const [slug, ex] of Object.entries(withoutComments(raw.exercises))) {
      checkExercise(c, ex, `exercises.${slug}`);
      if (knownSlugs && !knownSlugs.includes(slug)) {
        c.problems.push(`${file}: exercises.${slug} is not an exercise of this kit (known: ${knownSlugs.join(', ')})`);
      }
    }
  }
  if (c.problems.length > 0) throw invalid(c);
  return stripComments(raw) as unknown as Rubric;
}

/** A deep copy without the `$comment` keys. */
function stripComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripComments);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith('$')).map(([k, v]) => [k, stripComments(v)]));
}

function checkCriteria(c: Checker, value: unknown, path: string, complete: boolean): void {
  if (!c.object(value, path)) return;
  c.knownKeys(withoutComments(value), path, CRITERIA);
  let sum = 0;
  for (const k of CRITERIA) {
    if (!complete && value[k] === undefined) continue;
    if (c.number(value[k], join(path, k), 0, 100)) sum += value[k];
  }
  if (complete && Math.abs(sum - 100) > 1e-9) {
    c.problems.push(`${c.file}: ${path} must add up to 100 (percent of an exercise's points), got ${sum}`);
  }
}

function checkShares(c: Checker, value: unknown, path: string, shares: string[], bounded: Record<string, [number, number]>): void {
  if (!c.object(value, path)) return;
  c.knownKeys(withoutComments(value), path, [...shares, ...Object.keys(bounded)]);
  let sum = 0;
  for (const k of shares) if (c.number(value[k], join(path, k), 0, 1)) sum += value[k];
  if (Math.abs(sum - 1) > 1e-9) {
    c.problems.push(`${c.file}: ${path}.{${shares.join(', ')}} are shares of the criterion and must add up to 1, got ${sum}`);
  }
  for (const [k, [min, max]] of Object.entries(bounded)) c.number(value[k], join(path, k), min, max);
}

function checkExercise(c: Checker, value: unknown, path: string): void {
  if (!c.object(value, path)) return;
  c.knownKeys(withoutComments(value), path, ['points', 'criteria', 'figures', 'hiddenTests']);
  if (value.points !== undefined) c.number(value.points, `${path}.points`, 0);
  if (value.criteria !== undefined) checkCriteria(c, value.criteria, `${path}.criteria`, true);
  if (value.hiddenTests !== undefined && c.object(value.hiddenTests, `${path}.hiddenTests`)) {
    for (const [name, test] of Object.entries(withoutComments(value.hiddenTests))) {
      const p = `${path}.hiddenTests.${name}`;
      if (!c.object(test, p)) continue;
      c.knownKeys(withoutComments(test), p, ['weight']);
      c.number(test.weight, `${p}.weight`, 0);
    }
  }
  if (value.figures === undefined || !c.object(value.figures, `${path}.figures`)) return;
  for (const [id, fig] of Object.entries(withoutComments(value.figures))) {
    const p = `${path}.figures.${id}`;
    if (!c.object(fig, p)) continue;
    c.knownKeys(withoutComments(fig), p, ['weight', 'target', 'baseline', 'curve']);
    if (fig.weight !== undefined) c.number(fig.weight, `${p}.weight`, 0);
    if (fig.baseline !== undefined) c.number(fig.baseline, `${p}.baseline`);
    if (fig.curve !== undefined) c.oneOf(fig.curve, `${p}.curve`, ['linear', 'step']);
    if (fig.target !== undefined && c.object(fig.target, `${p}.target`)) {
      c.oneOf(fig.target.op, `${p}.target.op`, OPS);
      c.number(fig.target.value, `${p}.target.value`);
    }
  }
}

/** Keys starting with `$` are comments (JSON has none of its own). */
function withoutComments(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith('$')));
}

function invalid(c: Checker): GraderError {
  return new GraderError('E_RUBRIC_INVALID', `The rubric is invalid:\n  - ${c.problems.join('\n  - ')}`);
}
