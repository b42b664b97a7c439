/**
 * Exercise 2's figures: ids (stable: the rubric and ANALYSIS.md refer to them), labels, targets,
 * and the baseline's values. BASELINE holds what the naive implementation in
 * grader/exercises/exercise-2-latency/baseline measures on the visible embedded parameters (the platform's
 * "average latency 150 ms"); the kit's calibration test re-measures them on every `npm run verify`.
 */
import { figureMaker, type FigureSpec } from '../../../load/types.js';

/** Figure ids, in the order they are printed. */
export const FIGURE_IDS = [
  'mean-latency',
  'p95-latency',
  'p99-latency',
  'round-trips-per-request',
  'kib-per-request',
  'connections-per-request',
  'local-hit-ratio',
  'stale-reads',
  'failed-requests',
] as const;

/** One of {@link FIGURE_IDS}. */
export type FigureId = (typeof FIGURE_IDS)[number];

/**
 * The naive implementation's figures on the visible embedded parameters (re-measured by
 * grader/exercises/exercise-2-latency/calibration.test.ts). None for stale reads and failed requests: the naive code
 * has no local tier to go stale and reads correctly, so there is no distance to travel there.
 */
export const BASELINE: Partial<Record<FigureId, number>> = {
  'mean-latency': 148.36,
  'p95-latency': 244.43,
  'p99-latency': 268.43,
  'round-trips-per-request': 28.99,
  'kib-per-request': 1262.4,
  'connections-per-request': 2.594,
  'local-hit-ratio': 0,
};

const SPEC: Record<FigureId, FigureSpec> = {
  'mean-latency': {
    label: 'mean request latency',
    unit: 'ms',
    target: { op: '<', value: 50 },
    hint: 'Where the milliseconds go',
  },
  'p95-latency': {
    label: '95th percentile of request latency',
    unit: 'ms',
    target: { op: '<', value: 100 },
    hint: 'Where the milliseconds go',
  },
  'p99-latency': {
    label: '99th percentile of request latency',
    unit: 'ms',
    target: { op: '<', value: 200 },
    hint: 'Hints: implementCompression',
  },
  'round-trips-per-request': {
    label: 'round trips to the cache per request',
    unit: '',
    target: { op: '<=', value: 3 },
    hint: 'Hints: readMany',
  },
  'kib-per-request': {
    label: 'KiB moved between app and cache per request',
    unit: 'KiB',
    target: { op: '<=', value: 300 },
    hint: 'Hints: implementCompression',
  },
  'connections-per-request': {
    label: 'connections opened per request',
    unit: '',
    target: { op: '<=', value: 0.01 },
    hint: 'Hints: optimizeConnections',
  },
  'local-hit-ratio': {
    label: 'keys served by the local tier',
    unit: '%',
    target: { op: '>=', value: 60 },
    hint: 'Hints: addLocalCaching',
  },
  'stale-reads': {
    label: 'reads that returned a version older than a completed write',
    unit: '',
    target: { op: '==', value: 0 },
    hint: 'Hints: write and invalidation',
  },
  'failed-requests': {
    label: 'requests that failed or read wrong data',
    unit: '',
    target: { op: '==', value: 0 },
  },
};

/** A figure with its spec and baseline; `error` makes it a missing figure (NaN). */
export const figure = figureMaker<FigureId>((id) => SPEC[id], BASELINE);

/** The same without baselines: the real-backend scenario is smaller and wall-clock timed, so the embedded baselines do not apply. */
export const realFigure = figureMaker<FigureId>((id) => SPEC[id], {});
