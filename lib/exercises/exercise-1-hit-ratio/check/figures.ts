/**
 * Exercise 1's figures: ids (stable: the rubric and ANALYSIS.md refer to them), labels, targets,
 * and the baseline's values. BASELINE holds what the naive optimizer in
 * grader/exercises/exercise-1-hit-ratio/baseline measures on the visible embedded parameters (the
 * scenario's "65% hit ratio, 95% memory"); grader/exercises/exercise-1-hit-ratio/calibration.test.ts re-measures them.
 */
import { figureMaker, type FigureSpec } from '../../../load/types.js';

/** Figure ids, in the order they are printed. */
export const FIGURE_IDS = ['hit-ratio', 'peak-memory', 'stale-reads', 'evictions', 'partition-balance'] as const;

/** One of {@link FIGURE_IDS}. */
export type FigureId = (typeof FIGURE_IDS)[number];

/** The naive optimizer's figures on the visible embedded parameters. */
export const BASELINE: Record<FigureId, number> = {
  'hit-ratio': 64.84,
  'peak-memory': 100,
  'stale-reads': 19846,
  evictions: 170.12,
  'partition-balance': 4,
};

const SPEC: Record<FigureId, FigureSpec> = {
  'hit-ratio': {
    label: 'hit ratio: reads served from the cache',
    unit: '%',
    target: { op: '>=', value: 90 },
    hint: 'Hints: read and write',
  },
  'peak-memory': {
    label: 'peak memory: highest used_memory, % of maxmemory',
    unit: '%',
    target: { op: '<', value: 80 },
    hint: 'Hints: encodeValue and decodeValue',
  },
  'stale-reads': {
    label: 'reads that returned an outdated or wrong value',
    unit: '',
    target: { op: '==', value: 0 },
    hint: 'Hints: read and write',
  },
  evictions: {
    label: 'keys evicted per 1,000 reads',
    unit: '',
    target: { op: '<=', value: 1 },
    hint: 'Hints: optimizeEvictionPolicy',
  },
  'partition-balance': {
    label: 'partition balance: keys on the fullest shard ÷ mean',
    unit: '×',
    target: { op: '<=', value: 1.1 },
    hint: 'Hints: partitionOf',
  },
};

/** A figure with its spec and baseline; `error` makes it a missing figure (NaN). */
export const figure = figureMaker<FigureId>((id) => SPEC[id], BASELINE);
