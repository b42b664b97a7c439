import { describe, expect, it } from 'vitest';
import { createRng } from './rng.js';
import { zipfSampler } from './zipf.js';

describe('zipfSampler', () => {
  it('has probabilities that sum to 1 and fall with rank', () => {
    const z = zipfSampler(1000, 1.1, createRng(1));
    let sum = 0;
    for (let k = 0; k < 1000; k++) {
      sum += z.probability(k);
      if (k > 0) expect(z.probability(k)).toBeLessThan(z.probability(k - 1));
    }
    expect(sum).toBeCloseTo(1, 9);
    expect(z.probability(-1)).toBe(0);
    expect(z.probability(1000)).toBe(0);
    expect(z.probability(0) / z.probability(1)).toBeCloseTo(Math.pow(2, 1.1), 9);
  });

  it('draws ranks whose head share matches headShare()', () => {
    const z = zipfSampler(5000, 1.0, createRng(2));
    let head = 0;
    const draws = 200_000;
    let outOfRange = 0;
    for (let i = 0; i < draws; i++) {
      const r = z.sample();
      if (!(Number.isInteger(r) && r >= 0 && r < 5000)) outOfRange++;
      if (r < 100) head++;
    }
    expect(outOfRange).toBe(0);
    expect(Math.abs(head / draws - z.headShare(100))).toBeLessThan(0.005);
    expect(z.headShare(0)).toBe(0);
    expect(z.headShare(5000)).toBe(1);
    expect(z.headShare(99_999)).toBe(1);
  });

  it('is uniform for s = 0', () => {
    const z = zipfSampler(4, 0, createRng(3));
    for (let k = 0; k < 4; k++) expect(z.probability(k)).toBeCloseTo(0.25, 12);
  });

  it('rejects a bad n or s with a RangeError naming it', () => {
    expect(() => zipfSampler(0, 1, createRng(1))).toThrow(/n must be a positive integer/);
    expect(() => zipfSampler(1.5, 1, createRng(1))).toThrow(/n must be a positive integer/);
    expect(() => zipfSampler(10, -1, createRng(1))).toThrow(/s must be ≥ 0/);
    expect(() => zipfSampler(10, Number.NaN, createRng(1))).toThrow(/s must be ≥ 0/);
  });
});
