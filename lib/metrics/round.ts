/** `value` rounded to `digits` decimals: how figures, reports and series store their numbers. */
export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
