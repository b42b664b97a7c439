/**
 * The hot set: how many keys count as "the top x%", the Zipf exponent that makes them draw a
 * given share of traffic (on the platform, 5% of keys draw 80%), and the measured share of a trace.
 */

/** Number of keys in the top `keyShare` of `keyCount` keys (at least 1). */
export function hotKeyCount(keyCount: number, keyShare: number): number {
  return Math.max(1, Math.min(keyCount, Math.round(keyCount * keyShare)));
}

// Sum of k^-s for k = 1..n. Exact for the first terms, Euler–Maclaurin for the tail, so
// calibrating a million-key trace takes microseconds instead of a pass over every key per step.
// Written by hand: no maintained library offers a generalized harmonic number.
const EXACT_TERMS = 2000;

function harmonic(n: number, s: number): number {
  const exact = Math.min(n, EXACT_TERMS);
  let sum = 0;
  for (let k = 1; k <= exact; k++) sum += Math.pow(k, -s);
  if (n <= EXACT_TERMS) return sum;
  const a = EXACT_TERMS + 1;
  const f = (x: number): number => Math.pow(x, -s);
  const df = (x: number): number => -s * Math.pow(x, -s - 1);
  const integral = Math.abs(1 - s) < 1e-9 ? Math.log(n / a) : (Math.pow(n, 1 - s) - Math.pow(a, 1 - s)) / (1 - s);
  return sum + integral + (f(a) + f(n)) / 2 + (df(n) - df(a)) / 12;
}

/** Expected share of Zipf(n, s) draws that land in the `head` most popular ranks. */
export function zipfHeadShare(n: number, s: number, head: number): number {
  if (head >= n) return 1;
  return harmonic(head, s) / harmonic(n, s);
}

/**
 * The Zipf exponent s for which the top `keyShare` of `keyCount` keys draw `trafficShare` of the
 * draws. Throws a RangeError when no exponent can (the share must exceed the keys' own share).
 */
export function zipfExponentFor(keyCount: number, keyShare: number, trafficShare: number): number {
  const head = hotKeyCount(keyCount, keyShare);
  const floor = head / keyCount;
  if (!(trafficShare > floor && trafficShare < 1)) {
    throw new RangeError(`hot set: ${head} of ${keyCount} keys can draw a traffic share in (${floor}, 1), not ${trafficShare}`);
  }
  let lo = 0;
  let hi = 1;
  while (zipfHeadShare(keyCount, hi, head) < trafficShare) hi *= 2;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (zipfHeadShare(keyCount, mid, head) < trafficShare) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** What {@link hotSetShare} measured. */
export interface HotSetShare {
  /** Keys in the hot set (the top `keyShare` of the key space). */
  hotKeys: number;
  /** Accesses that went to the hot set. */
  hotAccesses: number;
  /** All accesses. */
  total: number;
  /** hotAccesses / total (0 for an empty trace). */
  share: number;
}

/**
 * Measures the share of accesses that the most accessed keys drew: the top `keyShare` of a key
 * space of `keyCount` keys (not of the keys that happened to be seen).
 */
export function hotSetShare(keys: Iterable<string>, options: { keyCount: number; keyShare?: number }): HotSetShare {
  const counts = new Map<string, number>();
  let total = 0;
  for (const key of keys) {
    counts.set(key, (counts.get(key) ?? 0) + 1);
    total++;
  }
  const hotKeys = hotKeyCount(options.keyCount, options.keyShare ?? 0.05);
  const sorted = [...counts.values()].sort((a, b) => b - a);
  let hotAccesses = 0;
  for (let i = 0; i < Math.min(hotKeys, sorted.length); i++) hotAccesses += sorted[i]!;
  return { hotKeys, hotAccesses, total, share: total === 0 ? 0 : hotAccesses / total };
}
