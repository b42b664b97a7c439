/**
 * Flawed versions of exercise 3's reference solution, one flaw each, built by subclassing it. The
 * calibration runs them through the load check to show that each figure catches the mistake it
 * is about (a check that passes everything would prove nothing).
 */
import type { Exercise3Module, HotKeyCache, HotKeyMetrics, HotKeyOptions } from '../../../lib/exercises/exercise-3-hot-keys/types.js';

/** One flawed variant and the figures it must miss. */
export interface FlawedVariant {
  name: string;
  module: Exercise3Module;
  misses: string[];
}

/** The variants of `solution`. */
export function flawedVariants(solution: Exercise3Module): FlawedVariant[] {
  const Base = solution.HotKeyMitigator;

  /** Reports every key that was ever hot: the hot set never cools down. */
  class NeverCools extends Base {
    readonly #ever = new Set<string>();
    override async detectHotKeys(): Promise<string[]> {
      for (const key of await super.detectHotKeys()) this.#ever.add(key);
      return [...this.#ever];
    }
  }

  /** Counts every key it ever saw in a Map, like the seed's key_access_count = {}. */
  class CountsEveryKey extends Base {
    readonly #counts = new Map<string, number>();
    override get(key: string): Promise<string | null> {
      this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
      return super.get(key);
    }
    override getMetrics(): HotKeyMetrics {
      return { ...super.getMetrics(), detectorEntries: this.#counts.size };
    }
  }

  /** Keeps local copies ten times longer than the staleness bound allows. */
  class LongLocalCopies extends Base {
    readonly #copies = new Map<string, { value: string; until: number }>();
    readonly #keepMs: number;
    constructor(cache: HotKeyCache, options: HotKeyOptions = {}) {
      super(cache, options);
      this.#keepMs = 10 * (options.maxStalenessMs ?? 100);
    }
    override addLocalCaching(key: string, value: string): void {
      super.addLocalCaching(key, value);
      this.#copies.set(key, { value, until: Date.now() + this.#keepMs });
    }
    override async get(key: string): Promise<string | null> {
      const copy = this.#copies.get(key);
      if (copy && copy.until > Date.now()) return copy.value;
      return super.get(key);
    }
  }

  /** Shards hot keys but keeps no local copies. */
  class NoLocalTier extends Base {
    override addLocalCaching(): void {}
  }

  const withMitigator = (HotKeyMitigator: Exercise3Module['HotKeyMitigator']): Exercise3Module => ({ ...solution, HotKeyMitigator });
  return [
    { name: 'a hot set that never cools down', module: withMitigator(NeverCools), misses: ['detection-precision'] },
    { name: 'a Map of every key ever seen', module: withMitigator(CountsEveryKey), misses: ['detector-entries'] },
    { name: 'local copies kept 10× the staleness bound', module: withMitigator(LongLocalCopies), misses: ['stale-reads'] },
    { name: 'no local tier', module: withMitigator(NoLocalTier), misses: ['hot-key-traffic-share'] },
  ];
}
