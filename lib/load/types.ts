/**
 * The contract between a load check (public code in lib/load), `npm run check` (prints figures
 * beside targets) and the grader (scores figures with the rubric). A check drives an
 * implementation with a trace and returns figures; it never scores and never prints.
 */
import type { BackendKind } from '../backends/types.js';

/** How a figure is compared with its target. */
export type Comparison = '>=' | '<=' | '==' | '<' | '>';

/** One measured quantity of a load check. */
export interface Figure {
  /** Stable id used by the rubric, e.g. `source-calls-per-expiry`. */
  id: string;
  /** What a student reads, e.g. "data-source calls per expiry". */
  label: string;
  /** The measured value (NaN when it could not be measured; `error` then says why). */
  value: number;
  /** Unit shown after the value: `%`, `ms`, `calls`, `×`, or '' for a plain number. */
  unit: string;
  /** The target the grade is measured against. */
  target: { op: Comparison; value: number };
  /** The naive implementation's figure on the same parameters, where one is calibrated. */
  baseline?: number;
  /** The README section a student should read when this target is missed. */
  hint?: string;
  /** Why the figure is missing or suspect (shown to the student). */
  error?: string;
}

/** What a figure is before it is measured: label, unit, target and hint. */
export type FigureSpec = Omit<Figure, 'id' | 'value' | 'baseline'>;

/** How one measurement departs from its figure's spec. */
export interface FigureOptions {
  /** The figure could not be measured: its value is NaN and this says why. */
  error?: string;
  /** A label naming this run's parameters (e.g. the measured scale). */
  label?: string;
  /** A target value that depends on the run's parameters. */
  target?: number;
  /** A baseline known exactly for these parameters, in place of the calibrated one. */
  baseline?: number;
}

/**
 * An exercise's figure maker: `figure(id, value, options)` fills in the spec and the calibrated
 * baseline of `id`, so every exercise builds its figures the same way.
 */
export function figureMaker<Id extends string>(spec: (id: Id) => FigureSpec, baselines: Partial<Record<Id, number>>) {
  return (id: Id, value: number, options: FigureOptions = {}): Figure => {
    const s = spec(id);
    const baseline = options.baseline ?? baselines[id];
    return {
      id,
      ...s,
      ...(options.label ? { label: options.label } : {}),
      ...(options.target === undefined ? {} : { target: { ...s.target, value: options.target } }),
      value: options.error ? Number.NaN : value,
      ...(baseline === undefined ? {} : { baseline }),
      ...(options.error ? { error: options.error } : {}),
    };
  };
}

/** Parameters every check accepts; the grader passes secret ones. */
export interface LoadCheckParams {
  /** Seed of the trace and of Math.random during the run. */
  seed: number | string;
  /** Multiplier on the check's size (callers, keys, duration). 1 = the visible check. */
  scale: number;
  /** Which backends to run on. */
  backend: BackendKind;
  /**
   * Values for the implementation's tunable options (`npm run check -- --option name=value`), one
   * of the check's `tunable` names each; absent = the implementation's own defaults, which is what
   * the grader runs.
   */
  options?: Record<string, number>;
}

/** What a check returns. */
export interface LoadCheckResult {
  exercise: number;
  params: LoadCheckParams;
  figures: Figure[];
  /** Scenario-level notes for the student (e.g. "the source failed for 2 s in scenario 3"). */
  notes: string[];
}

/** A load check for one exercise; `implementation` is the module under test (stub, solution, baseline). */
export interface LoadCheck<Impl = unknown> {
  exercise: number;
  title: string;
  /** The visible parameters `npm run check` uses. */
  visible: LoadCheckParams;
  /** The options `--option name=value` may set (name → what it changes), when the README calls some tunable. */
  tunable?: Readonly<Record<string, string>>;
  run(implementation: Impl, params: LoadCheckParams): Promise<LoadCheckResult>;
}

/** True when `value` meets `target`. */
export function meets(value: number, target: Figure['target']): boolean {
  if (Number.isNaN(value)) return false;
  switch (target.op) {
    case '>=':
      return value >= target.value;
    case '<=':
      return value <= target.value;
    case '<':
      return value < target.value;
    case '>':
      return value > target.value;
    case '==':
      return value === target.value;
  }
}
