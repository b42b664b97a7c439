/**
 * Test helpers for exercise 1 (given code; use them in your own tests too). `simulate` runs a test
 * body on a fresh embedded cache and a virtual clock (a 2-second warm-up timeout costs no real
 * time, Math.random is seeded); `onCache` runs one on a cache you started, e.g. your own
 * redis-server from `ownRedis`, on the wall clock.
 */
import type { BackendKind, CacheClient } from '../../backends/types.js';
import { runDeterministic } from '../../sim/deterministic.js';
import { realClock, type Clock } from '../../sim/clock.js';
import { embeddedCache, type Exercise1Cache } from './backends.js';
import { createContentSource, type ContentSourceOptions, type CountedContentSource } from './source.js';
import type { ContentSource, Exercise1Module, HitRatioOptimizerApi, HitRatioOptions } from './types.js';

/** Items of the sources a world builds (100 users): small enough for quick tests. */
const WORLD_ITEMS = 600;

/** What a test body receives. */
export interface World {
  readonly kind: BackendKind;
  readonly cache: Exercise1Cache;
  readonly clock: Clock;
  /** ms since the body started. */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** The world's content source (WORLD_ITEMS items, no latency), built on first use. */
  readonly source: CountedContentSource;
  /** Another content source, e.g. with latency or faults (on this world's clock). */
  newSource(options?: Omit<ContentSourceOptions, 'clock'> & { keys?: number }): CountedContentSource;
  /** A new app instance: its own connection, the given source (default the world's). */
  optimizer(options?: HitRatioOptions, source?: ContentSource): { optimizer: HitRatioOptimizerApi; client: CacheClient };
}

function world(module: Exercise1Module, cache: Exercise1Cache, clock: Clock): World {
  const start = clock.now();
  let source: CountedContentSource | undefined;
  const newSource: World['newSource'] = ({ keys, ...options } = {}) => createContentSource({ keys: keys ?? WORLD_ITEMS }, { ...options, clock });
  return {
    kind: cache.kind,
    cache,
    clock,
    now: () => clock.now() - start,
    sleep: (ms) => clock.sleep(ms),
    get source() {
      return (source ??= newSource());
    },
    newSource,
    optimizer(options, src) {
      const client = cache.client();
      return { optimizer: new module.CacheHitRatioOptimizer(client, src ?? (source ??= newSource()), options), client };
    },
  };
}

/** Runs `body` on a fresh embedded cache and virtual clock; see the module comment. */
export async function simulate<T>(module: Exercise1Module, body: (w: World) => Promise<T>, options: { seed?: string } = {}): Promise<T> {
  const seed = options.seed ?? 'exercise-1';
  let cache: Exercise1Cache | undefined;
  try {
    return await runDeterministic(seed, (clock) => body(world(module, (cache = embeddedCache(seed)), clock)), { limitMs: 3_600_000 });
  } finally {
    await cache?.close();
  }
}

/** Runs `body` on `cache` (emptied first, left open) on the wall clock. */
export async function onCache<T>(module: Exercise1Module, cache: Exercise1Cache, body: (w: World) => Promise<T>): Promise<T> {
  await cache.reset();
  return body(world(module, cache, realClock));
}
