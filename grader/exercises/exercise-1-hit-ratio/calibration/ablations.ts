/**
 * The reference solution with one technique taken out, to prove the targets need it: writes that
 * only invalidate (no write-through), and values stored uncompressed. Both lean on how the
 * reference stores values (the normalized key, codec tag 0 = raw UTF-8), which is fine here:
 * they ablate the reference, not a submission.
 */
import type { CacheClient } from '../../../../lib/backends/types.js';
import type { ContentSource, Exercise1Module, HitRatioOptions } from '../../../../lib/exercises/exercise-1-hit-ratio/types.js';

/** The module with `write` invalidating the item instead of writing its new value through. */
export function invalidatingWrites(module: Exercise1Module): Exercise1Module {
  const Base = module.CacheHitRatioOptimizer;
  class Invalidating extends Base {
    readonly #cache: CacheClient;
    readonly #source: ContentSource;
    constructor(cache: CacheClient, source: ContentSource, options?: HitRatioOptions) {
      super(cache, source, options);
      this.#cache = cache;
      this.#source = source;
    }
    override async write(key: string): Promise<void> {
      const item = module.normalizeKey(key);
      await this.#source.write(item);
      await this.#cache.del(item);
    }
  }
  return { ...module, CacheHitRatioOptimizer: Invalidating };
}

/** The module with every value stored as it is (its client decompresses what the optimizer SETs). */
export function uncompressedValues(module: Exercise1Module): Exercise1Module {
  const Base = module.CacheHitRatioOptimizer;
  const raw = (stored: Buffer) => Buffer.concat([Buffer.of(0), Buffer.from(module.decodeValue(stored), 'utf8')]);
  class Uncompressed extends Base {
    constructor(cache: CacheClient, source: ContentSource, options?: HitRatioOptions) {
      const client = new Proxy(cache, {
        get(target, prop, receiver) {
          if (prop === 'set') return (key: string, value: Buffer, ...rest: unknown[]) => (target.set as (...a: unknown[]) => unknown)(key, raw(value), ...rest);
          const v = Reflect.get(target, prop, receiver) as unknown;
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      });
      super(client, source, options);
    }
  }
  return { ...module, CacheHitRatioOptimizer: Uncompressed };
}
