/** Partial credit for one load-check figure: the rubric's curves between baseline and target. */
import { meets, type Comparison } from '../../lib/load/types.js';
import type { Curve } from './rubric.js';

/** A figure that misses its target never earns more than this share (so only meeting it is full marks). */
export const MAX_PARTIAL = 0.99;

/**
 * Share of a figure's points in [0, 1]: 1 when the target is met; on the `linear` curve, the
 * distance travelled from the baseline towards the target; 0 at or behind the baseline, without a
 * baseline, on the `step` curve, or when the value could not be measured.
 */
export function figureCredit(
  value: number | null,
  target: { op: Comparison; value: number },
  baseline: number | undefined,
  curve: Curve,
): number {
  if (value === null || Number.isNaN(value)) return 0;
  if (meets(value, target)) return 1;
  if (curve === 'step' || baseline === undefined || baseline === target.value) return 0;
  const travelled = (value - baseline) / (target.value - baseline);
  return Math.min(MAX_PARTIAL, Math.max(0, travelled));
}

/** Rounds points to 2 decimals (what reports show and totals add up). */
export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
