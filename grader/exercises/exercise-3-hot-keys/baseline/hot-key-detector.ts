/** Exercise 3's baseline detector: none. It counts nothing and never reports a key. */
import type { DetectorOptions, HotKeyDetectorApi, KeyEstimate } from '../../../../lib/exercises/exercise-3-hot-keys/types.js';

/** A detector that sees nothing. */
export class HotKeyDetector implements HotKeyDetectorApi {
  constructor(_options: DetectorOptions = {}) {}

  /** Counts nothing. */
  record(_key: string): number {
    return 0;
  }

  /** Always 0. */
  estimate(_key: string): number {
    return 0;
  }

  /** Always empty. */
  top(): KeyEstimate[] {
    return [];
  }

  /** Always 0. */
  get size(): number {
    return 0;
  }
}
