/** Number and comparison formatting shared by the scorer's feedback and the renderers. */
import type { Comparison } from '../../lib/load/types.js';

const OP_TEXT: Record<Comparison, string> = { '>=': '≥', '<=': '≤', '==': '=', '<': '<', '>': '>' };

/** A measured value with its unit, e.g. `92.5%`, `3 calls`, `n/a` when missing. */
export function formatValue(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  const text = Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  if (unit === '') return text;
  return unit === '%' || unit === '×' ? `${text}${unit}` : `${text} ${unit}`;
}

/** A target, e.g. `≤ 1 calls`. */
export function formatTarget(target: { op: Comparison; value: number }, unit: string): string {
  return `${OP_TEXT[target.op]} ${formatValue(target.value, unit)}`;
}

/** Points, e.g. `7.5`. */
export function formatPoints(points: number): string {
  return String(Math.round(points * 100) / 100);
}
