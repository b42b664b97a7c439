/** Point splitting: item maxima add up to their criterion's maximum to the cent. */
import { describe, expect, it } from 'vitest';
import { splitPoints } from '../src/credit.js';

describe('splitPoints', () => {
  it('splits 40 points over 9 equal figures into cents that add up to 40', () => {
    const parts = splitPoints(40, Array(9).fill(1));
    expect(parts.filter((p) => p === 4.45)).toHaveLength(4);
    expect(parts.filter((p) => p === 4.44)).toHaveLength(5);
    expect(Math.round(parts.reduce((a, b) => a + b, 0) * 100)).toBe(4000);
  });
  it('follows the weights and gives nothing to a zero weight', () => {
    expect(splitPoints(10, [1, 2, 0, 2])).toEqual([2, 4, 0, 4]);
    expect(splitPoints(10, [0.2, 0.5, 0.3])).toEqual([2, 5, 3]);
    expect(splitPoints(5, [0, 0])).toEqual([0, 0]);
  });
});
