import { describe, expect, it } from 'vitest';
import { hotKeyCount, hotSetShare, zipfExponentFor, zipfHeadShare } from './hot-set.js';

function bruteHeadShare(n: number, s: number, head: number): number {
  let top = 0;
  let all = 0;
  for (let k = 1; k <= n; k++) {
    const p = Math.pow(k, -s);
    all += p;
    if (k <= head) top += p;
  }
  return top / all;
}

describe('hot set', () => {
  it('counts the top share of a key space (at least one key)', () => {
    expect(hotKeyCount(10_000, 0.05)).toBe(500);
    expect(hotKeyCount(10, 0.01)).toBe(1);
    expect(hotKeyCount(10, 1)).toBe(10);
  });

  it('computes head shares that agree with a brute-force sum, also past the exact terms', () => {
    for (const [n, s, head] of [
      [1000, 1.1, 50],
      [50_000, 1.05, 2500],
      [200_000, 0.9, 100],
      [80_000, 1, 4000],
    ] as const) {
      expect(zipfHeadShare(n, s, head)).toBeCloseTo(bruteHeadShare(n, s, head), 9);
    }
  });

  it('finds the exponent that makes 5% of keys draw 80% of traffic', () => {
    for (const n of [1000, 10_000, 1_000_000]) {
      const s = zipfExponentFor(n, 0.05, 0.8);
      expect(zipfHeadShare(n, s, hotKeyCount(n, 0.05))).toBeCloseTo(0.8, 6);
    }
    expect(zipfExponentFor(10_000, 0.05, 0.8)).toBeGreaterThan(zipfExponentFor(10_000, 0.05, 0.5));
  });

  it('refuses a traffic share the hot set cannot draw', () => {
    expect(() => zipfExponentFor(100, 0.1, 0.05)).toThrow(/traffic share in \(0\.1, 1\)/);
    expect(() => zipfExponentFor(100, 0.1, 1)).toThrow(RangeError);
  });

  it('measures the share of the most accessed keys against the whole key space', () => {
    const keys = ['a', 'a', 'a', 'b', 'b', 'c', 'd', 'e', 'f', 'g'];
    expect(hotSetShare(keys, { keyCount: 10, keyShare: 0.1 })).toEqual({ hotKeys: 1, hotAccesses: 3, total: 10, share: 0.3 });
    expect(hotSetShare(keys, { keyCount: 20, keyShare: 0.1 }).share).toBe(0.5);
    expect(hotSetShare([], { keyCount: 10 }).share).toBe(0);
  });
});
