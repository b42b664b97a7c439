/**
 * Hidden tests of the read and write entry points: order and duplicates in batches, misses, one
 * round trip per batch, the storage convention (key K under K), codec calls the load check can
 * price, and bad input.
 */
import { expect } from 'vitest';
import { codeOf, settle, type SuiteContext } from './kit.js';

/** Registers the read/write tests. */
export function registerReadTests({ scenario }: SuiteContext): void {
  scenario(
    'readMany keeps the order, repeats duplicates and gives undefined for missing keys, in one round trip',
    async ({ instances, network, resetNetwork }) => {
      const [writer, reader] = instances<string>(2);
      for (const k of ['a', 'b', 'c']) await writer!.optimizer.write(k, k.toUpperCase());
      await reader!.optimizer.optimizeConnections();
      resetNetwork();
      expect(await reader!.optimizer.readMany(['c', 'missing', 'a', 'c', 'b']), 'readMany([c, missing, a, c, b])').toEqual(['C', undefined, 'A', 'C', 'B']);
      expect(network().roundTrips, 'round trips for one batch of 5 keys (4 distinct, none held locally)').toBe(1);
      expect(await reader!.optimizer.read('missing'), 'read of a key never written').toBeUndefined();
    },
  );

  scenario(
    'a timeline of 50 posts costs one round trip, and much less time than 50 sequential GETs',
    async ({ instances, network, resetNetwork, clock }) => {
      const [writer, reader] = instances<{ id: number }>(2);
      const posts = Array.from({ length: 50 }, (_, i) => `post:${i}`);
      for (const [i, k] of posts.entries()) await writer!.optimizer.write(k, { id: i });
      await reader!.optimizer.optimizeConnections();
      resetNetwork();
      const started = clock.now();
      const values = await reader!.optimizer.readMany(posts);
      const took = clock.now() - started;
      expect(values.map((v) => v?.id)).toEqual(posts.map((_, i) => i));
      expect(network().roundTrips, 'round trips for 50 keys').toBe(1);
      expect(took, '50 keys on the cost model: one round trip is ≈ 1.1 ms, 50 are ≈ 52 ms').toBeLessThan(10);
    },
    { embeddedOnly: true },
  );

  scenario('values are stored under the key itself, as a string value', async ({ instances, raw }) => {
    const [app] = instances<string>(1);
    await app!.optimizer.write('user:{42}:profile', 'Ada');
    const stored = await raw.getBuffer('user:{42}:profile');
    expect(stored, 'GET user:{42}:profile on a plain connection').not.toBeNull();
    expect(app!.optimizer.deserialize(app!.optimizer.decompress(stored!)), 'decoded with decompress then deserialize').toBe('Ada');
  });

  scenario('reads decode with decompress and deserialize, writes encode with optimizeSerialization and implementCompression', async ({ instances, meter }) => {
    const [writer, reader] = instances<string>(2);
    const before = { ...meter.calls };
    await writer!.optimizer.write('k', 'value');
    expect(meter.calls.optimizeSerialization - before.optimizeSerialization, 'optimizeSerialization calls by one write').toBeGreaterThanOrEqual(1);
    expect(meter.calls.implementCompression - before.implementCompression, 'implementCompression calls by one write').toBeGreaterThanOrEqual(1);
    await reader!.optimizer.read('k');
    expect(meter.calls.decompress - before.decompress, 'decompress calls by one read from the cache').toBeGreaterThanOrEqual(1);
    expect(meter.calls.deserialize - before.deserialize, 'deserialize calls by one read from the cache').toBeGreaterThanOrEqual(1);
  });

  scenario('bad keys and values are refused with E_INVALID_KEY / E_INVALID_VALUE', async ({ instances }) => {
    const [app] = instances<unknown>(1);
    const opt = app!.optimizer;
    const cases: [string, () => Promise<unknown>, string][] = [
      ['read("")', () => opt.read(''), 'E_INVALID_KEY'],
      ['read(42)', () => opt.read(42 as never), 'E_INVALID_KEY'],
      ['readMany("a")', () => opt.readMany('a' as never), 'E_INVALID_KEY'],
      ['readMany(["a", ""])', () => opt.readMany(['a', '']), 'E_INVALID_KEY'],
      ['write("", 1)', () => opt.write('', 1), 'E_INVALID_KEY'],
      ['write("k", undefined)', () => opt.write('k', undefined), 'E_INVALID_VALUE'],
    ];
    for (const [call, run, code] of cases) expect(codeOf((await settle(Promise.resolve().then(run))).error), call).toBe(code);
  });
}
