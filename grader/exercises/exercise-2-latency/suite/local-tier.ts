/** Hidden tests of LocalTier on its own: recency, both bounds, TTL, accounting, bad input. */
import { expect } from 'vitest';
import { codeOf, type SuiteContext } from './kit.js';

/** Registers the LocalTier tests. */
export function registerLocalTierTests({ scenario }: SuiteContext): void {
  scenario('LocalTier: a get makes an entry the most recently used, so eviction skips it', async ({ impl }) => {
    const tier = new impl.LocalTier<string>({ maxBytes: 1_000, maxEntries: 3, ttlMs: 60_000 });
    tier.set('a', 'A', 10);
    tier.set('b', 'B', 10);
    tier.set('c', 'C', 10);
    expect(tier.get('a'), 'a hit').toBe('A');
    tier.set('d', 'D', 10); // evicts b, the least recently used
    expect([tier.get('a'), tier.get('b'), tier.get('c'), tier.get('d')], 'after a fourth entry with maxEntries 3').toEqual(['A', undefined, 'C', 'D']);
    expect(tier.size).toBe(3);
  });

  scenario('LocalTier: the byte bound evicts as many old entries as needed; a value above it is refused', async ({ impl }) => {
    const tier = new impl.LocalTier<string>({ maxBytes: 100, maxEntries: 100, ttlMs: 60_000 });
    for (const k of ['a', 'b', 'c', 'd']) expect(tier.set(k, k, 25), `set ${k}`).toBe(true);
    expect(tier.bytes).toBe(100);
    expect(tier.set('big', 'B', 60), 'a 60-byte value in a full 100-byte tier').toBe(true);
    expect([tier.get('a'), tier.get('b'), tier.get('c'), tier.get('d'), tier.get('big')], 'three 25-byte entries make room for it').toEqual([
      undefined,
      undefined,
      undefined,
      'd',
      'B',
    ]);
    expect(tier.bytes, 'bytes held').toBe(85);
    expect(tier.set('huge', 'H', 101), 'larger than maxBytes').toBe(false);
    expect(tier.get('huge')).toBeUndefined();
    expect(tier.bytes, 'a refused value takes no room and evicts nothing').toBe(85);
  });

  scenario('LocalTier: set replaces an entry and its size; delete and clear free the bytes', async ({ impl }) => {
    const tier = new impl.LocalTier<number>({ maxBytes: 100, maxEntries: 10, ttlMs: 60_000 });
    tier.set('a', 1, 40);
    tier.set('a', 2, 10);
    expect([tier.get('a'), tier.size, tier.bytes], 'after replacing a').toEqual([2, 1, 10]);
    tier.set('b', 3, 30);
    expect(tier.delete('a')).toBe(true);
    expect(tier.delete('a'), 'deleting twice').toBe(false);
    expect([tier.size, tier.bytes]).toEqual([1, 30]);
    tier.clear();
    expect([tier.size, tier.bytes, tier.get('b')]).toEqual([0, 0, undefined]);
  });

  scenario('LocalTier: an entry is served for ttlMs and not after', async ({ impl, sleep }) => {
    const tier = new impl.LocalTier<string>({ maxBytes: 100, maxEntries: 10, ttlMs: 400 });
    tier.set('k', 'v', 1);
    await sleep(200);
    expect(tier.get('k'), 'half-way through its TTL').toBe('v');
    await sleep(400);
    expect(tier.get('k'), 'past its TTL (a hit does not extend it)').toBeUndefined();
  });

  scenario('LocalTier: ttlMs 0 or maxEntries 0 keeps nothing; a negative size is refused', async ({ impl }) => {
    const off = new impl.LocalTier<string>({ maxBytes: 100, maxEntries: 10, ttlMs: 0 });
    expect(off.set('k', 'v', 1), 'ttlMs 0').toBe(false);
    expect(off.get('k')).toBeUndefined();
    const none = new impl.LocalTier<string>({ maxBytes: 100, maxEntries: 0, ttlMs: 1_000 });
    expect(none.set('k', 'v', 1), 'maxEntries 0').toBe(false);
    const tier = new impl.LocalTier<string>({ maxBytes: 100, maxEntries: 10, ttlMs: 1_000 });
    expect(
      codeOf(
        (() => {
          try {
            tier.set('k', 'v', -1);
            return 'accepted';
          } catch (e) {
            return e;
          }
        })(),
      ),
      'set with bytes = -1',
    ).toBe('E_INVALID_OPTION');
  });
}
