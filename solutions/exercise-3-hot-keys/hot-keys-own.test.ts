/**
 * A model of "your own tests" for exercise 3 (graded under problem solving): small, deterministic
 * tests of the reference solution's own decisions, on the kit's simulated cluster. Students write
 * theirs in exercises/exercise-3-hot-keys/ next to the visible suite.
 */
import { describe, expect, test } from 'vitest';
import { simulate } from '../../lib/exercises/exercise-3/testing.js';
import type { Exercise3Module } from '../../lib/exercises/exercise-3/types.js';
import { HotKeyDetector } from './hot-key-detector.js';
import { HotKeyMitigator } from './hot-key-mitigator.js';

const impl: Exercise3Module = { HotKeyMitigator, HotKeyDetector };

describe('my exercise 3 decisions', () => {
  test('guaranteed counts: a one-off key that takes over a large counter still estimates 1', () =>
    simulate(impl, async ({ detector }) => {
      const d = detector({ windowMs: 60_000, maxTrackedKeys: 6 }); // 3 counters per window
      for (let i = 0; i < 100; i++) d.record(`busy:${i % 2}`);
      for (let i = 0; i < 10; i++) d.record(`one-off:${i}`);
      expect(d.record('newcomer')).toBe(1);
      expect(d.estimate('busy:0')).toBe(50);
    }));

  test('the previous window fades out linearly over the current one', () =>
    simulate(impl, async ({ detector, sleep }) => {
      const d = detector({ windowMs: 1_000 });
      for (let i = 0; i < 40; i++) d.record('k');
      await sleep(1_250); // a quarter into the next window
      expect(d.estimate('k')).toBe(30);
    }));

  test('replicas outlive local copies: 3/4 of the bound against 1/4', () =>
    simulate(impl, async ({ cluster, mitigator }) => {
      const app = mitigator({ maxStalenessMs: 100 });
      await cluster.load([['k', 'v']]);
      for (const r of await app.implementKeySharding('k')) expect(await cluster.pttl(r)).toBe(75);
    }));

  test('different keys start their replicas on different nodes', () =>
    simulate(impl, async ({ cluster, mitigator }) => {
      const app = mitigator({ replicas: 1 });
      const used = new Set<number>();
      for (let i = 0; i < 40; i++) {
        const [replica] = await app.implementKeySharding(`post:${i}`);
        used.add(cluster.nodeOf(replica!));
      }
      expect(used.size).toBe(6);
    }));
});
