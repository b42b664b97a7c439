/**
 * Hot-key detection in bounded memory (reference solution): a sliding window built from two
 * tumbling windows, each counted with the Space-Saving algorithm (Metwally, Agrawal, El Abbadi,
 * 2005). Space-Saving keeps at most k counters; a key that is not counted takes over the smallest
 * counter and adds one to it, so counts can only be over-estimated, by at most that smallest
 * counter, and every key seen more than N/k times in a window is guaranteed to hold a counter.
 * Each counter also remembers the count it inherited (its error): count − error is a guaranteed
 * lower bound, and that is what the estimate uses, so a flood of one-off keys never looks hot.
 * The estimate for the last `windowMs` weighs the previous window by the share of it that is
 * still inside the sliding window, the usual two-bucket approximation of a sliding window.
 */
import { resolveDetectorOptions, type ResolvedDetectorOptions } from '../../lib/exercises/exercise-3-hot-keys/options.js';
import type { DetectorOptions, HotKeyDetectorApi, KeyEstimate } from '../../lib/exercises/exercise-3-hot-keys/types.js';

/**
 * One window's Space-Saving summary: counters in a binary min-heap (the smallest at the root) with
 * a key → position index, so a count and a replacement cost O(log k). Written by hand: none of the
 * installed libraries has Space-Saving, and an indexed heap is a few lines.
 */
class SpaceSaving {
  readonly #at = new Map<string, number>();
  readonly #keys: string[] = [];
  readonly #counts: number[] = [];
  /** What each counter had inherited when its key took it over. */
  readonly #errors: number[] = [];

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.#keys.length;
  }

  /** Accesses of `key` this summary is sure of (count − error). */
  guaranteed(key: string): number {
    const i = this.#at.get(key);
    return i === undefined ? 0 : this.#counts[i]! - this.#errors[i]!;
  }

  /** Counts `by` accesses (default one); returns the key's guaranteed count. */
  add(key: string, by = 1): number {
    let i = this.#at.get(key);
    if (i === undefined && this.#keys.length < this.capacity) {
      i = this.#keys.length;
      this.#keys.push(key);
      this.#counts.push(0);
      this.#errors.push(0);
      this.#at.set(key, i);
    } else if (i === undefined) {
      if (this.capacity === 0) return 0;
      // Space-Saving: the newcomer inherits the smallest counter (an over-estimate it must carry).
      i = 0;
      this.#at.delete(this.#keys[0]!);
      this.#keys[0] = key;
      this.#errors[0] = this.#counts[0]!;
      this.#at.set(key, 0);
    }
    const count = this.#counts[i]! + by;
    const guaranteed = count - this.#errors[i]!;
    this.#counts[i] = count;
    this.#siftUp(this.#siftDown(i));
    return guaranteed;
  }

  /** Every key with its guaranteed count. */
  entries(): [string, number][] {
    return this.#keys.map((k, i) => [k, this.#counts[i]! - this.#errors[i]!]);
  }

  #swap(a: number, b: number): void {
    [this.#keys[a], this.#keys[b]] = [this.#keys[b]!, this.#keys[a]!];
    [this.#counts[a], this.#counts[b]] = [this.#counts[b]!, this.#counts[a]!];
    [this.#errors[a], this.#errors[b]] = [this.#errors[b]!, this.#errors[a]!];
    this.#at.set(this.#keys[a], a);
    this.#at.set(this.#keys[b], b);
  }

  #siftDown(i: number): number {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < this.#keys.length && this.#counts[l]! < this.#counts[min]!) min = l;
      if (r < this.#keys.length && this.#counts[r]! < this.#counts[min]!) min = r;
      if (min === i) return i;
      this.#swap(i, min);
      i = min;
    }
  }

  #siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.#counts[parent]! <= this.#counts[i]!) return;
      this.#swap(i, parent);
      i = parent;
    }
  }
}

/** Estimates each key's accesses in the last `windowMs`, tracking at most `maxTrackedKeys` keys. */
export class HotKeyDetector implements HotKeyDetectorApi {
  readonly #options: ResolvedDetectorOptions;
  readonly #currentCapacity: number;
  #current: SpaceSaving;
  #previous: SpaceSaving;
  #windowStart = Number.NaN;

  constructor(options: DetectorOptions = {}) {
    this.#options = resolveDetectorOptions(options);
    // Two windows share the budget; the current one gets the larger half.
    this.#currentCapacity = Math.ceil(this.#options.maxTrackedKeys / 2);
    this.#current = new SpaceSaving(this.#currentCapacity);
    this.#previous = new SpaceSaving(0);
  }

  record(key: string): number {
    this.#roll();
    const previous = this.#previous.guaranteed(key) * this.#previousWeight();
    return previous + this.#current.add(key);
  }

  estimate(key: string): number {
    this.#roll();
    return this.#previous.guaranteed(key) * this.#previousWeight() + this.#current.guaranteed(key);
  }

  top(): KeyEstimate[] {
    this.#roll();
    const weight = this.#previousWeight();
    const estimates = new Map<string, number>();
    for (const [key, count] of this.#previous.entries()) estimates.set(key, count * weight);
    for (const [key, count] of this.#current.entries()) estimates.set(key, (estimates.get(key) ?? 0) + count);
    return [...estimates]
      .filter(([, estimate]) => estimate > 0)
      .map(([key, estimate]) => ({ key, estimate }))
      .sort((a, b) => b.estimate - a.estimate || (a.key < b.key ? -1 : 1));
  }

  get size(): number {
    this.#roll();
    return this.#previous.size + this.#current.size;
  }

  /** Starts a new window when the current one is over; a gap of two windows or more forgets both. */
  #roll(): void {
    const now = Date.now();
    if (Number.isNaN(this.#windowStart)) this.#windowStart = now;
    const passed = Math.floor((now - this.#windowStart) / this.#options.windowMs);
    if (passed < 1) return;
    const previousCapacity = this.#options.maxTrackedKeys - this.#currentCapacity;
    this.#previous = passed === 1 ? this.#keepLargest(this.#current, previousCapacity) : new SpaceSaving(0);
    this.#current = new SpaceSaving(this.#currentCapacity);
    this.#windowStart += passed * this.#options.windowMs;
  }

  /** The share of the previous window that still lies inside the sliding window. */
  #previousWeight(): number {
    return Math.max(0, 1 - (Date.now() - this.#windowStart) / this.#options.windowMs);
  }

  #keepLargest(summary: SpaceSaving, capacity: number): SpaceSaving {
    if (summary.size <= capacity) return summary;
    const kept = new SpaceSaving(capacity);
    const largest = summary
      .entries()
      .sort((a, b) => b[1] - a[1])
      .slice(0, capacity);
    for (const [key, count] of largest) kept.add(key, count);
    return kept;
  }
}
