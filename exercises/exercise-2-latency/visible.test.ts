/**
 * Exercise 2's visible suite: `npm test exercise-2`. Every test runs on the embedded cache with the
 * kit's network cost model on a virtual clock (see lib/exercises/exercise-2-latency/testing.ts): a round
 * trip costs 1 ms, a new connection 3 ms, a KiB 0.018 ms, and the results are the same on every run.
 * A failure names what was expected and the README hint to read.
 */
import { describe, expect, test } from 'vitest';
import { simulate } from '../../lib/exercises/exercise-2-latency/testing.js';
import type { Exercise2Module } from '../../lib/exercises/exercise-2-latency/types.js';
import { LatencyOptimizer } from './latency-optimizer.js';
import { LocalTier } from './local-tier.js';

const impl: Exercise2Module = { LatencyOptimizer, LocalTier };
const hint = (section: string) => `\n  → read README.md, "Hints: ${section}"`;
const code = (e: unknown) => (e && typeof e === 'object' && 'code' in e ? String(e.code) : `no code: ${String(e)}`);
const text = (bytes: number) =>
  Array.from({ length: Math.ceil(bytes / 8) }, (_, i) => ['post ', 'feed ', 'like ', 'user '][i % 4]! + 'abc')
    .join('')
    .slice(0, bytes);

describe('exercise 2: LocalTier', () => {
  test('keeps values for ttlMs, then forgets them', () =>
    simulate(impl, async ({ sleep }) => {
      const tier = new LocalTier<string>({ maxBytes: 1_000, maxEntries: 10, ttlMs: 5_000 });
      tier.set('user:1:profile', 'Ada', 100);
      expect(tier.get('user:1:profile'), `right after set${hint('LocalTier')}`).toBe('Ada');
      await sleep(5_001);
      expect(tier.get('user:1:profile'), `5 s later, with ttlMs 5000${hint('LocalTier')}`).toBeUndefined();
    }));

  test('evicts the least recently used entries beyond maxEntries and maxBytes', () =>
    simulate(impl, async () => {
      const tier = new LocalTier<number>({ maxBytes: 300, maxEntries: 3, ttlMs: 60_000 });
      tier.set('a', 1, 100);
      tier.set('b', 2, 100);
      tier.set('c', 3, 100);
      tier.get('a'); // a is now the most recently used
      tier.set('d', 4, 100);
      expect([tier.get('a'), tier.get('b'), tier.get('c'), tier.get('d')], `b was the least recently used${hint('LocalTier')}`).toEqual([1, undefined, 3, 4]);
      expect(tier.set('e', 5, 250), `a 250-byte value fits in 300 bytes once others go${hint('LocalTier')}`).toBe(true);
      expect([tier.size, tier.bytes], `[size, bytes] after e (250 bytes) with maxBytes 300${hint('LocalTier')}`).toEqual([1, 250]);
      expect(tier.set('f', 6, 301), `a value larger than maxBytes is refused${hint('LocalTier')}`).toBe(false);
    }));
});

describe('exercise 2: encoding and compression', () => {
  test('values round-trip exactly: text, unicode, numbers, nested objects, binary', () =>
    simulate(impl, async ({ instances }) => {
      const [a, b] = instances<unknown>(2);
      const values: unknown[] = ['', 'héllo 日本 🔑', 42, -0.5, [1, [2, { three: 3 }]], { name: 'Ada', tags: ['x'], bio: null }, Buffer.from([0, 255, 7])];
      for (const [i, value] of values.entries()) {
        await a!.optimizer.write(`v:${i}`, value);
        expect(await b!.optimizer.read(`v:${i}`), `value ${i} read back by another instance${hint('optimizeSerialization')}`).toEqual(value);
      }
    }));

  test('small values are stored as they are, large ones compressed, both restored by decompress', () =>
    simulate(impl, async ({ instances }) => {
      const [app] = instances<string>(1, { options: { compressionThreshold: 4_096 } });
      const opt = app!.optimizer;
      const small = Buffer.from(text(1_000));
      const large = Buffer.from(text(100_000));
      const storedSmall = opt.implementCompression(small);
      const storedLarge = opt.implementCompression(large);
      expect(storedSmall.length, `1,000 bytes, below the 4,096-byte threshold: data + a small header${hint('implementCompression')}`).toBeLessThanOrEqual(
        1_016,
      );
      expect(storedLarge.length, `100,000 bytes of text should shrink a lot${hint('implementCompression')}`).toBeLessThan(50_000);
      expect(
        opt.decompress(storedSmall).equals(small) && opt.decompress(storedLarge).equals(large),
        `decompress(implementCompression(x)) must equal x${hint('implementCompression')}`,
      ).toBe(true);
    }));

  test('binary data is encoded as its bytes, not as JSON’s list of numbers', () =>
    simulate(impl, async ({ instances }) => {
      const [app] = instances<unknown>(1);
      const thumbnail = Buffer.alloc(10_000, 7);
      const encoded = app!.optimizer.optimizeSerialization({ id: 1, thumbnail });
      expect(encoded.length, `{ id, thumbnail: 10,000 bytes } encoded (JSON.stringify needs ≈ 20,000)${hint('optimizeSerialization')}`).toBeLessThan(10_200);
    }));

  test('a damaged value in the cache reads as E_CORRUPT_VALUE (or a miss), never as other data', () =>
    simulate(impl, async ({ instances, backend }) => {
      const [app] = instances<string>(1);
      const raw = backend.client('raw');
      await raw.set('user:1:profile', 'not written by LatencyOptimizer');
      const outcome = await app!.optimizer.read('user:1:profile').then((v) => (v === undefined ? 'miss' : `data: ${v}`), code);
      expect(['E_CORRUPT_VALUE', 'miss'], `read of a foreign value gave ${outcome}${hint('implementCompression')}`).toContain(outcome);
    }));
});

describe('exercise 2: connections and round trips', () => {
  test('a timeline of 40 posts is fetched in one round trip; an empty batch in none', () =>
    simulate(impl, async ({ instances, network, resetNetwork }) => {
      const [writer, reader] = instances<{ id: number }>(2);
      const posts = Array.from({ length: 40 }, (_, i) => `post:${i}`);
      for (const [i, key] of posts.entries()) await writer!.optimizer.write(key, { id: i });
      await reader!.optimizer.optimizeConnections();
      resetNetwork();
      const values = await reader!.optimizer.readMany(posts);
      expect(
        values.map((v) => v?.id),
        `readMany returns the values in order${hint('readMany')}`,
      ).toEqual(posts.map((_, i) => i));
      expect(network().roundTrips, `round trips for 40 keys (one GET each would be 40)${hint('readMany')}`).toBe(1);
      expect(await reader!.optimizer.readMany([]), `readMany([])${hint('readMany')}`).toEqual([]);
      expect(network().roundTrips, `an empty batch must not touch the network${hint('readMany')}`).toBe(1);
    }));

  test('100 concurrent requests share the connections optimizeConnections opened', () =>
    simulate(impl, async ({ instances, network, resetNetwork }) => {
      const [app] = instances<string>(1, { options: { connections: 2 }, pool: { max: 8 } });
      await app!.optimizer.write('user:1:profile', 'Ada');
      await app!.optimizer.optimizeConnections();
      resetNetwork();
      await Promise.all(Array.from({ length: 100 }, () => app!.optimizer.read('user:1:profile')));
      expect(network().connectionsOpened, `connections opened by 100 reads after optimizeConnections() (each costs 3 ms)${hint('optimizeConnections')}`).toBe(
        0,
      );
      expect(app!.pool.stats.opened, `connections taken from the pool with options.connections = 2${hint('optimizeConnections')}`).toBeLessThanOrEqual(2);
    }));

  test('a page view (profile, 1 MiB timeline, 40 posts) costs less than 50 ms on the cost model', () =>
    simulate(impl, async ({ instances, timed }) => {
      const [writer, reader] = instances<unknown>(2, { options: { localTtlMs: 0 } }); // no local tier: the network path alone
      const posts = Array.from({ length: 40 }, (_, i) => `post:${i}`);
      await writer!.optimizer.write('user:1:profile', { name: 'Ada', bio: text(1_500) });
      await writer!.optimizer.write('user:1:timeline', { posts, media: text(1024 * 1024) });
      for (const key of posts) await writer!.optimizer.write(key, { body: text(4_000) });
      await reader!.optimizer.optimizeConnections();
      const { ms } = await timed(async () => {
        await reader!.optimizer.read('user:1:profile');
        await reader!.optimizer.read('user:1:timeline');
        await reader!.optimizer.readMany(posts);
      });
      // Smaller than README §1's page (1.5 MiB, 35 posts, ≈ 93 ms for the naive code).
      expect(ms, `virtual ms for one page view of 1 MiB and 40 posts (the naive code takes ≈ 84)${hint('readMany')}`).toBeLessThan(50);
    }));
});

describe('exercise 2: the local tier and invalidation', () => {
  test('a second read of a hot key is served from memory: no round trip', () =>
    simulate(impl, async ({ instances, network, resetNetwork, sleep }) => {
      const [app] = instances<string>(1);
      await app!.optimizer.write('user:1:profile', 'Ada');
      await sleep(1); // the announcement may reach this instance just after write() resolves (README §2.5)
      await app!.optimizer.read('user:1:profile');
      resetNetwork();
      expect(await app!.optimizer.read('user:1:profile')).toBe('Ada');
      expect(network().roundTrips, `round trips for a key read a moment ago${hint('addLocalCaching')}`).toBe(0);
    }));

  test('a write on one instance is seen by the next read on every other instance', () =>
    simulate(impl, async ({ instances, sleep }) => {
      const [a, b] = instances<string>(2);
      await a!.optimizer.write('user:1:profile', 'v1');
      expect(await b!.optimizer.read('user:1:profile')).toBe('v1'); // b now holds v1 locally
      await a!.optimizer.write('user:1:profile', 'v2');
      await sleep(1);
      expect(
        await b!.optimizer.read('user:1:profile'),
        `b served its old local copy: announce writes and drop local copies${hint('write and invalidation')}`,
      ).toBe('v2');
    }));

  test('bad keys and values get typed errors', () =>
    simulate(impl, async ({ instances }) => {
      const [app] = instances<unknown>(1);
      expect(code(await app!.optimizer.read('').catch((e: unknown) => e)), `read("")${hint('read')}`).toBe('E_INVALID_KEY');
      expect(code(await app!.optimizer.write('k', undefined).catch((e: unknown) => e)), `write("k", undefined)${hint('write and invalidation')}`).toBe(
        'E_INVALID_VALUE',
      );
    }));
});
