/**
 * Exercise 3's figures: ids (stable: the rubric and ANALYSIS.md refer to them), labels, targets,
 * and the baseline's values. BASELINE holds what the pass-through in
 * grader/exercises/exercise-3-hot-keys/baseline measures on the visible embedded parameters (the platform's
 * "5% of keys draw 80% of the traffic"); the kit's calibration test re-measures them on every
 * `npm run verify`.
 */
import { figureMaker, type FigureSpec } from '../../../load/types.js';

/** Figure ids, in the order they are printed. */
export const FIGURE_IDS = ['hot-key-traffic-share', 'node-load-ratio', 'detection-precision', 'detection-recall', 'detector-entries', 'stale-reads'] as const;

/** One of {@link FIGURE_IDS}. */
export type FigureId = (typeof FIGURE_IDS)[number];

/**
 * The pass-through's figures on the visible embedded parameters (re-measured by
 * grader/exercises/exercise-3-hot-keys/calibration.test.ts). None for the detector's size: the pass-through has no
 * detector, and holding nothing is not an achievement.
 */
export const BASELINE: Partial<Record<FigureId, number>> = {
  'hot-key-traffic-share': 72.5,
  'node-load-ratio': 1.76,
  'detection-precision': 0,
  'detection-recall': 0,
  'stale-reads': 0,
};

const SPEC: Record<FigureId, FigureSpec> = {
  'hot-key-traffic-share': {
    label: 'share of backend reads drawn by the top 2% of keys (per hot-set epoch)',
    unit: '%',
    target: { op: '<', value: 50 },
    hint: 'Hints: addLocalCaching',
  },
  'node-load-ratio': {
    label: "busiest node's commands ÷ mean per node (worst epoch)",
    unit: '×',
    target: { op: '<=', value: 1.5 },
    hint: 'Hints: implementKeySharding',
  },
  'detection-precision': {
    label: 'detection precision: reported hot keys that were hot',
    unit: '%',
    target: { op: '>=', value: 90 },
    hint: 'Hints: detectHotKeys',
  },
  'detection-recall': {
    label: 'detection recall: clearly hot keys that were reported',
    unit: '%',
    target: { op: '>=', value: 90 },
    hint: 'Hints: HotKeyDetector',
  },
  'detector-entries': {
    label: 'most keys one detector tracked at once',
    unit: 'keys',
    target: { op: '<=', value: Number.NaN }, // set per run: maxTrackedKeys
    hint: 'Hints: HotKeyDetector',
  },
  'stale-reads': {
    label: 'reads older than a write completed more than maxStalenessMs before them',
    unit: '',
    target: { op: '==', value: 0 },
    hint: 'Hints: set',
  },
};

/** A figure with its spec and baseline; `error` makes it a missing figure (NaN). */
export const figure = figureMaker<FigureId>((id) => SPEC[id], BASELINE);
