/**
 * Exercise 3, part 1: a streaming hot-key detector in bounded memory. It estimates how often each
 * key was accessed in the last `windowMs`, tracking at most `maxTrackedKeys` keys however many
 * distinct keys go by. Read README.md ("2. Detecting hot keys") first.
 * Hints: `npm run hint exercise-3 HotKeyDetector`.
 */
import { resolveDetectorOptions, type ResolvedDetectorOptions } from '../../lib/exercises/exercise-3-hot-keys/options.js';
import type { DetectorOptions, HotKeyDetectorApi, KeyEstimate } from '../../lib/exercises/exercise-3-hot-keys/types.js';

/** Estimates each key's accesses in the last `windowMs`, tracking at most `maxTrackedKeys` keys. */
export class HotKeyDetector implements HotKeyDetectorApi {
  readonly #options: ResolvedDetectorOptions;
  // TODO: add the state you need: e.g. one Space-Saving summary (or Count-Min sketch + heap) per
  // window, and when the current window started. No Map of every key ever seen: memory must stay
  // bounded by maxTrackedKeys.

  constructor(options: DetectorOptions = {}) {
    this.#options = resolveDetectorOptions(options); // defaults and validation (given)
  }

  /**
   * Counts one access to `key` now (Date.now(): the kit's simulations fake it) and returns the
   * key's estimate after counting it.
   */
  record(key: string): number {
    // TODO: start a new window when the current one is over, then count the access.
    throw new Error(`TODO: HotKeyDetector.record is not implemented yet (windowMs ${this.#options.windowMs}) → npm run hint exercise-3 HotKeyDetector`);
  }

  /**
   * Estimated accesses to `key` in the last `windowMs` (0 for a key that is not tracked), from
   * Space-Saving's guaranteed count `count − error` (README 2.1): never inflated by a counter the
   * key took over, a little low at most; the sliding window (2.2) blends in the previous window.
   */
  estimate(key: string): number {
    // TODO: combine the windows, e.g. previous × (share of it still inside the last windowMs) + current.
    throw new Error(`TODO: HotKeyDetector.estimate is not implemented yet (key ${JSON.stringify(key)}) → npm run hint exercise-3 HotKeyDetector`);
  }

  /** Every tracked key with an estimate above 0, largest estimate first. */
  top(): KeyEstimate[] {
    // TODO: the tracked keys with their estimates, sorted.
    throw new Error('TODO: HotKeyDetector.top is not implemented yet → npm run hint exercise-3 HotKeyDetector');
  }

  /** Keys tracked right now, over all windows; never more than `maxTrackedKeys`. */
  get size(): number {
    // TODO: how many keys your summaries hold.
    throw new Error(
      `TODO: HotKeyDetector.size is not implemented yet (maxTrackedKeys ${this.#options.maxTrackedKeys}) → npm run hint exercise-3 HotKeyDetector`,
    );
  }
}
