/**
 * A model of "your own tests" for exercise 1 (graded under problem solving): small, deterministic
 * tests of the reference solution's own decisions, on the kit's simulated backend. Students write
 * theirs in exercises/exercise-1-hit-ratio/ next to the visible suite.
 */
import { describe, expect, test } from 'vitest';
import { simulate } from '../../lib/exercises/exercise-1/testing.js';
import type { Exercise1Module } from '../../lib/exercises/exercise-1/types.js';
import { normalizeKey, partitionOf } from './cache-keys.js';
import { CacheHitRatioOptimizer } from './optimizer.js';
import { decodeValue, encodeValue } from './value-codec.js';

const impl: Exercise1Module = { CacheHitRatioOptimizer, normalizeKey, partitionOf, encodeValue, decodeValue };

describe('my exercise 1 decisions', () => {
  test('values under 128 bytes stay raw (tag 0); larger text is deflated (tag 1)', () => {
    expect(encodeValue('short')[0]).toBe(0);
    expect(encodeValue('word '.repeat(100))[0]).toBe(1);
    expect(decodeValue(encodeValue('word '.repeat(100)))).toBe('word '.repeat(100));
  });

  test('no preloading before 5 sessions were seen, then what half of them read', () =>
    simulate(impl, async (w) => {
      const { optimizer } = w.optimizer();
      for (let user = 0; user < 5; user++) {
        expect(await optimizer.implementPredictiveCaching(user)).toEqual([]);
        await optimizer.read(`user:${user}:notifications`);
        if (user % 2 === 0) await optimizer.read(`user:${user}:profile`); // 3 of 5 sessions
      }
      expect((await optimizer.implementPredictiveCaching(40)).sort()).toEqual(['user:40:notifications', 'user:40:profile']);
    }));

  test('a skewed log chooses allkeys-lfu; a flat one allkeys-lru', () =>
    simulate(impl, async (w) => {
      const skewed = w.optimizer().optimizer;
      skewed.optimizeCacheKeys(Array.from({ length: 100 }, (_, i) => `user:${i < 80 ? 0 : i}:profile`));
      expect((await skewed.optimizeEvictionPolicy()).policy).toBe('allkeys-lfu');
      const flat = w.optimizer().optimizer;
      flat.optimizeCacheKeys(Array.from({ length: 100 }, (_, i) => `user:${i}:profile`));
      expect((await flat.optimizeEvictionPolicy()).policy).toBe('allkeys-lru');
    }));
});
