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

/** Parameters every check accepts; the grader passes secret ones. */
export interface LoadCheckParams {
  /** Seed of the trace and of Math.random during the run. */
  seed: number | string;
  /** Multiplier on the check's size (callers, keys, duration). 1 = the visible check. */
  scale: number;
  /** Which backends to run on. */
  backend: BackendKind;
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
  run(implementation: Impl, params: LoadCheckParams): Promise<LoadCheckResult>;
}

/** True when `value` meets `target`. */
export function meets(value: number, target: Figure['target']): boolean {
  if (Number.isNaN(value)) return false;
  switch (target.op) {
    case '>=': return value >= target.value;
    case '<=': return value <= target.value;
    case '<': return value < target.value;
    case '>': return value > target.value;
    case '==': return value === target.value;
  }
}
