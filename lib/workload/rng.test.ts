import { describe, expect, it } from 'vitest';
import { createRng, hash32 } from './rng.js';

const draw = (seed: number | string, n: number) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.int(4294967296));
};

describe('createRng', () => {
  it('gives the pinned sequence for a seed, so traces match on every machine', () => {
    expect(draw(42, 3)).toEqual([1028872839, 2516511472, 400437680]);
    expect(draw('cachelab', 3)).toEqual([4182356735, 2416506089, 2289369933]);
  });

  it('repeats a sequence for the same seed and changes it for another', () => {
    expect(draw(7, 100)).toEqual(draw(7, 100));
    expect(draw(7, 100)).not.toEqual(draw(8, 100));
    expect(draw('a', 100)).toEqual(draw(hash32('a'), 100));
  });

  it('keeps next() in [0, 1) and int(n) an integer in [0, n), spread evenly', () => {
    const rng = createRng(1);
    const buckets = new Array(10).fill(0);
    let outOfRange = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = rng.next();
      if (!(x >= 0 && x < 1)) outOfRange++;
      const k = rng.int(10);
      if (!(Number.isInteger(k) && k >= 0 && k < 10)) outOfRange++;
      else buckets[k]++;
    }
    expect(outOfRange).toBe(0);
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('forks independent generators: same label from the same state is the same, other labels differ', () => {
    const a = createRng(5).fork('worker');
    const b = createRng(5).fork('worker');
    const c = createRng(5).fork('other');
    const seq = (r: ReturnType<typeof createRng>) => Array.from({ length: 20 }, () => r.int(1000));
    const first = seq(a);
    expect(first).toEqual(seq(b));
    expect(first).not.toEqual(seq(c));
  });

  it('advances the parent on fork, so two forks with one label still differ', () => {
    const root = createRng(9);
    const x = root.fork('w');
    const y = root.fork('w');
    expect(x.next()).not.toBe(y.next());
  });
});
