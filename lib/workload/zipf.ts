/**
 * A Zipf sampler over ranks 0..n-1: P(rank k) ∝ 1 / (k+1)^s. Inverse-CDF sampling over a
 * precomputed table (binary search), exact for any s ≥ 0, O(n) memory, O(log n) per draw.
 */
import type { Rng } from './rng.js';

/** Draws ranks (0 = most popular) from a Zipf distribution. */
export interface ZipfSampler {
  readonly n: number;
  readonly s: number;
  /** One rank in [0, n). */
  sample(): number;
  /** Probability of rank k. */
  probability(k: number): number;
  /** Share of draws that land in the `count` most popular ranks. */
  headShare(count: number): number;
}

/** Creates a Zipf sampler with `n` ranks and exponent `s`, drawing from `rng`. */
export function zipfSampler(n: number, s: number, rng: Rng): ZipfSampler {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`zipf: n must be a positive integer, got ${n}`);
  if (!(s >= 0)) throw new RangeError(`zipf: s must be ≥ 0, got ${s}`);
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) {
    total += 1 / Math.pow(k + 1, s);
    cdf[k] = total;
  }
  for (let k = 0; k < n; k++) cdf[k]! /= total;
  cdf[n - 1] = 1;
  return {
    n,
    s,
    sample() {
      const u = rng.next();
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cdf[mid]! > u) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    },
    probability: (k) => (k < 0 || k >= n ? 0 : cdf[k]! - (k === 0 ? 0 : cdf[k - 1]!)),
    headShare: (count) => (count <= 0 ? 0 : cdf[Math.min(n, count) - 1]!),
  };
}
