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
export function figureCredit(value: number | null, target: { op: Comparison; value: number }, baseline: number | undefined, curve: Curve): number {
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

/**
 * Splits `total` points over `weights` in whole cents that add up to exactly round2(total)
 * (largest remainder), so nine figures of 40 points show 40.00, not 39.96.
 */
export function splitPoints(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const cents = Math.round(total * 100);
  const exact = weights.map((w) => (cents * w) / sum);
  const parts = exact.map(Math.floor);
  let left = cents - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  return parts.map((c) => c / 100);
}
