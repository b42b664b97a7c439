/**
 * A model of "your own tests" for exercise 2 (graded under problem solving): small, deterministic
 * tests of the reference solution's own decisions, on the kit's simulated backend. Students write
 * theirs in exercises/exercise-2-latency/ next to the visible suite.
 */
import { describe, expect, test } from 'vitest';
import { simulate } from '../../lib/exercises/exercise-2/testing.js';
import type { Exercise2Module } from '../../lib/exercises/exercise-2/types.js';
import { HEADER_BYTES } from './codec.js';
import { LatencyOptimizer } from './latency-optimizer.js';
import { LocalTier } from './local-tier.js';

const impl: Exercise2Module = { LatencyOptimizer, LocalTier };

describe('my exercise 2 decisions', () => {
  test('the frame adds exactly 7 bytes to data kept as it is', () =>
    simulate(impl, async ({ instances }) => {
      const [app] = instances<string>(1, { options: { compressionThreshold: 1_000 } });
      const data = Buffer.from('x'.repeat(999));
      expect(app!.optimizer.implementCompression(data).length).toBe(999 + HEADER_BYTES);
    }));

  test('the local tier sizes an entry by its decoded bytes, not its compressed ones', () =>
    simulate(impl, async ({ instances, network, resetNetwork, sleep }) => {
      // 40 KiB of repetitive text deflates to under 1 KiB; a 10 KiB tier must still refuse it.
      const [app] = instances<string>(1, { options: { localMaxBytes: 10 * 1024, compressionThreshold: 1_024 } });
      await app!.optimizer.write('big', 'ab'.repeat(20 * 1024));
      await sleep(1);
      await app!.optimizer.read('big');
      resetNetwork();
      await app!.optimizer.read('big');
      expect(network().roundTrips, 'a value larger than the tier is read from the cache again').toBe(1);
    }));

  test('a write costs one round trip: SET and PUBLISH travel together', () =>
    simulate(impl, async ({ instances, network, resetNetwork }) => {
      const [app] = instances<string>(1);
      await app!.optimizer.optimizeConnections();
      resetNetwork();
      await app!.optimizer.write('k', 'v');
      expect(network().roundTrips).toBe(1);
      expect(network().commands, 'MULTI, SET, PUBLISH, EXEC').toBe(4);
    }));

  test('a page view of a cold instance costs at most 3 round trips, a warm one none', () =>
    simulate(impl, async ({ instances, network, resetNetwork, sleep }) => {
      const [writer, reader] = instances<unknown>(2);
      const posts = Array.from({ length: 30 }, (_, i) => `post:${i}`);
      for (const k of ['profile', 'timeline', ...posts]) await writer!.optimizer.write(k, { k });
      await reader!.optimizer.optimizeConnections();
      await sleep(1);
      const page = async () => {
        await reader!.optimizer.read('profile');
        await reader!.optimizer.read('timeline');
        await reader!.optimizer.readMany(posts);
      };
      resetNetwork();
      await page();
      expect(network().roundTrips, 'cold').toBe(3);
      resetNetwork();
      await page();
      expect(network().roundTrips, 'warm').toBe(0);
    }));
});
