/**
 * A model of "your own tests" for exercise 2 (graded under problem solving): small, deterministic
 * tests of the reference solution's own decisions, on the kit's simulated backend. Students write
 * theirs in exercises/exercise-2-latency/ next to the visible suite.
 *
 * Each test checks one decision the visible suite does not: the local tier's exact bounds, what the
 * frame does with damaged or foreign bytes, how connections are taken, lost and replaced, and the
 * invalidation race of README section 2.5. Faults are injected the way the kit allows: a raw
 * connection writes what the optimizer would not, `pooled[i].disconnect()` breaks a connection, and
 * the `wrap` option of `instances()` sees every connection the pool opens.
 */
import { describe, expect, test } from 'vitest';
import type { CacheClient } from '../../lib/backends/types.js';
import { CorruptValueError } from '../../lib/exercises/exercise-2-latency/errors.js';
import { simulate } from '../../lib/exercises/exercise-2-latency/testing.js';
import type { Exercise2Module } from '../../lib/exercises/exercise-2-latency/types.js';
import { HEADER_BYTES } from './codec.js';
import { LatencyOptimizer } from './latency-optimizer.js';
import { LocalTier } from './local-tier.js';

const impl: Exercise2Module = { LatencyOptimizer, LocalTier };
/** The `code` of a typed error, or what was thrown instead. */
const code = (e: unknown) => (e && typeof e === 'object' && 'code' in e ? String(e.code) : `no code: ${String(e)}`);
/** What `f` throws (synchronously). */
const thrown = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  return 'nothing thrown';
};

describe('my LocalTier decisions', () => {
  test('an entry expires exactly ttlMs after it was set: hits do not extend it, and expiry frees its bytes', () =>
    simulate(impl, async ({ sleep }) => {
      const tier = new LocalTier<string>({ maxBytes: 1_000, maxEntries: 10, ttlMs: 1_000 });
      tier.set('k', 'v', 100);
      await sleep(999);
      expect(tier.get('k'), '1 ms before the TTL').toBe('v');
      await sleep(1);
      expect(tier.get('k'), 'at the TTL, although it was just read').toBeUndefined();
      expect([tier.size, tier.bytes], 'an expired entry is forgotten, not just hidden').toEqual([0, 0]);
    }));

  test('replacing a key counts its bytes once; delete and clear give the bytes back', () =>
    simulate(impl, async () => {
      const tier = new LocalTier<string>({ maxBytes: 1_000, maxEntries: 10, ttlMs: 60_000 });
      tier.set('a', 'old', 100);
      tier.set('a', 'new', 200);
      tier.set('b', 'b', 50);
      expect([tier.get('a'), tier.size, tier.bytes]).toEqual(['new', 2, 250]);
      expect(tier.delete('a')).toBe(true);
      expect(tier.delete('a'), 'deleting a key that is not held').toBe(false);
      expect([tier.size, tier.bytes]).toEqual([1, 50]);
      tier.clear();
      expect([tier.get('b'), tier.size, tier.bytes]).toEqual([undefined, 0, 0]);
    }));

  test('one large entry evicts as many least recently used entries as its bytes need', () =>
    simulate(impl, async () => {
      const tier = new LocalTier<number>({ maxBytes: 300, maxEntries: 10, ttlMs: 60_000 });
      tier.set('a', 1, 100);
      tier.set('b', 2, 100);
      tier.set('c', 3, 100);
      tier.get('a'); // b, then c are now the least recently used
      expect(tier.set('d', 4, 200)).toBe(true);
      expect([tier.get('a'), tier.get('b'), tier.get('c'), tier.get('d')]).toEqual([1, undefined, undefined, 4]);
      expect(tier.bytes).toBe(300);
    }));

  test('a refused value also drops the key’s older entry, so the old value is never served after it', () =>
    simulate(impl, async () => {
      const tier = new LocalTier<string>({ maxBytes: 1_000, maxEntries: 10, ttlMs: 60_000 });
      tier.set('k', 'v1', 100);
      expect(tier.set('k', 'v2 (too big)', 1_001)).toBe(false);
      expect([tier.get('k'), tier.size, tier.bytes]).toEqual([undefined, 0, 0]);
    }));

  test('a tier turned off keeps nothing; a negative or non-finite size is E_INVALID_OPTION', () =>
    simulate(impl, async () => {
      const noTtl = new LocalTier<string>({ maxBytes: 1_000, maxEntries: 10, ttlMs: 0 });
      const noEntries = new LocalTier<string>({ maxBytes: 1_000, maxEntries: 0, ttlMs: 1_000 });
      expect([noTtl.set('k', 'v', 1), noTtl.size], 'ttlMs 0').toEqual([false, 0]);
      expect([noEntries.set('k', 'v', 1), noEntries.size], 'maxEntries 0').toEqual([false, 0]);
      const tier = new LocalTier<string>({ maxBytes: 1_000, maxEntries: 10, ttlMs: 1_000 });
      expect(code(thrown(() => tier.set('k', 'v', -1)))).toBe('E_INVALID_OPTION');
      expect(code(thrown(() => tier.set('k', 'v', Number.NaN)))).toBe('E_INVALID_OPTION');
      expect(tier.set('k', 'v', 0), 'a size of 0 is allowed').toBe(true);
    }));
});

describe('my encoding decisions', () => {
  test('the frame adds exactly 7 bytes to data kept as it is', () =>
    simulate(impl, async ({ instances }) => {
      const [app] = instances<string>(1, { options: { compressionThreshold: 1_000 } });
      const data = Buffer.from('x'.repeat(999));
      expect(app!.optimizer.implementCompression(data).length).toBe(999 + HEADER_BYTES);
    }));

  test('data that does not shrink is stored as it is above the threshold too, and restored exactly', () =>
    simulate(impl, async ({ instances }) => {
      const [app] = instances<string>(1, { options: { compressionThreshold: 1_024 } });
      // Bytes of a xorshift sequence: no repetition for deflate to find.
      let x = 2_463_534_242;
      const noise = Buffer.alloc(10_000, 0).map(() => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x & 0xff));
      const stored = app!.optimizer.implementCompression(noise);
      expect(stored.length, 'incompressible data grows by the header only').toBe(10_000 + HEADER_BYTES);
      expect(app!.optimizer.decompress(stored).equals(noise)).toBe(true);
    }));

  test('values JSON would change come back exactly through write and read on another instance', () =>
    simulate(impl, async ({ instances }) => {
      const [a, b] = instances<unknown>(2, { options: { compressionThreshold: 1_024 } });
      const value = {
        zero: -0,
        nan: Number.NaN,
        big: Infinity,
        small: -Infinity,
        when: new Date(0),
        blob: Buffer.from([0, 1, 254, 255]),
        text: 'ü🔑'.repeat(2_000),
      };
      await a!.optimizer.write('awkward', value);
      const back = (await b!.optimizer.read('awkward')) as typeof value;
      expect(Object.is(back.zero, -0), '-0 stays -0').toBe(true);
      expect(back).toEqual(value);
      expect(back.blob, 'binary data stays binary, not a list of numbers').toBeInstanceOf(Uint8Array);
    }));

  test('decompress refuses foreign, truncated and damaged frames with E_CORRUPT_VALUE', () =>
    simulate(impl, async ({ instances }) => {
      const [app] = instances<string>(1, { options: { compressionThreshold: 64 } });
      const opt = app!.optimizer;
      const stored = opt.implementCompression(Buffer.from('timeline '.repeat(100)));
      const flipped = Buffer.from(stored);
      flipped[flipped.length - 1]! ^= 0xff;
      const unknownFormat = Buffer.from(stored);
      unknownFormat[2] = 9;
      for (const [what, bytes] of [
        ['plain text', Buffer.from('{"name":"Ada"}')],
        ['a frame cut inside its header', stored.subarray(0, HEADER_BYTES - 1)],
        ['a deflated payload with its last byte flipped', flipped],
        ['an unknown format byte', unknownFormat],
      ] as const) {
        expect(code(thrown(() => opt.decompress(bytes))), what).toBe('E_CORRUPT_VALUE');
      }
      expect(code(thrown(() => opt.deserialize(Buffer.from('not v8 at all')))), 'deserialize of foreign bytes').toBe('E_CORRUPT_VALUE');
    }));

  test('a damaged value in the cache fails its read with E_CORRUPT_VALUE naming the key', () =>
    simulate(impl, async ({ instances, backend }) => {
      const [writer, reader] = instances<{ name: string }>(2);
      await writer!.optimizer.write('user:1', { name: 'Ada' });
      await writer!.optimizer.write('user:2', { name: 'Bob' });
      const raw = backend.client('raw');
      const stored = (await raw.getBuffer('user:1'))!;
      stored[stored.length - 1]! ^= 0x01; // one bit of the payload, as a bad disk or buggy proxy would
      await raw.set('user:1', stored);
      const error = await reader!.optimizer.read('user:1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CorruptValueError);
      expect(error).toMatchObject({ code: 'E_CORRUPT_VALUE', key: 'user:1', reason: expect.stringMatching(/checksum/) });
      expect(code(await reader!.optimizer.readMany(['user:2', 'user:1']).catch((e: unknown) => e)), 'a batch with one damaged value').toBe('E_CORRUPT_VALUE');
      expect(await reader!.optimizer.read('user:2'), 'the other key is unaffected').toEqual({ name: 'Bob' });
    }));

  test('a value the encoding cannot hold is E_INVALID_VALUE before anything is sent', () =>
    simulate(impl, async ({ instances, network, resetNetwork }) => {
      const [app] = instances<unknown>(1);
      await app!.optimizer.optimizeConnections();
      resetNetwork();
      expect(code(thrown(() => app!.optimizer.optimizeSerialization(() => 1)))).toBe('E_INVALID_VALUE');
      expect(code(await app!.optimizer.write('k', { handler: () => 1 }).catch((e: unknown) => e))).toBe('E_INVALID_VALUE');
      expect(code(await app!.optimizer.write('k', Symbol('s')).catch((e: unknown) => e))).toBe('E_INVALID_VALUE');
      expect(network().roundTrips, 'a refused write costs no round trip').toBe(0);
    }));
});

describe('my connection decisions', () => {
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

  test('a batch that names a key twice fetches it once and returns it at both places', () =>
    simulate(impl, async ({ instances, network, resetNetwork }) => {
      const [writer, reader] = instances<string>(2);
      await writer!.optimizer.write('a', 'A');
      await writer!.optimizer.write('b', 'B');
      await reader!.optimizer.optimizeConnections();
      resetNetwork();
      expect(await reader!.optimizer.readMany(['a', 'missing', 'b', 'a'])).toEqual(['A', undefined, 'B', 'A']);
      expect([network().roundTrips, network().commands], 'one MGET of the 3 distinct keys').toEqual([1, 1]);
    }));

  test('optimizeConnections rejects with E_POOL_EXHAUSTED when the pool lends nothing, and works when called again later', () =>
    simulate(impl, async ({ instances }) => {
      const [app] = instances<string>(1, { options: { connections: 1 }, pool: { max: 1, acquireTimeoutMs: 100 } });
      const held = await app!.pool.acquire(); // another part of the app holds the only connection
      expect(code(await app!.optimizer.optimizeConnections().catch((e: unknown) => e))).toBe('E_POOL_EXHAUSTED');
      app!.pool.release(held);
      await app!.optimizer.optimizeConnections();
      await app!.optimizer.write('k', 'v');
      expect(await app!.optimizer.read('k')).toBe('v');
      expect(app!.pool.stats).toMatchObject({ timeouts: 1, inUse: 1, opened: 1 });
    }));

  test('with part of the pool taken, it starts with the connections it got and takes the rest later', () =>
    simulate(impl, async ({ instances }) => {
      const [app] = instances<string>(1, { options: { connections: 3 }, pool: { max: 3, acquireTimeoutMs: 50 } });
      const held = [await app!.pool.acquire(), await app!.pool.acquire()];
      await app!.optimizer.optimizeConnections(); // resolves with 1 connection after one 50 ms wait
      expect(app!.pool.stats).toMatchObject({ inUse: 3, timeouts: 1 });
      for (const c of held) app!.pool.release(c);
      expect(app!.pool.stats.idle).toBe(2);
      await app!.optimizer.write('k', 'v'); // a request notices it holds fewer than 3 and tops up
      expect(app!.pool.stats, 'the optimizer now holds all 3').toMatchObject({ inUse: 3, idle: 0, opened: 3 });
    }));

  test('a broken connection is destroyed once and replaced, and the requests that were on it succeed', () =>
    simulate(impl, async ({ instances }) => {
      const [writer, reader] = instances<string>(2, { options: { connections: 1 }, pool: { max: 2 } });
      for (const k of ['a', 'b', 'c']) await writer!.optimizer.write(k, k.toUpperCase());
      await reader!.optimizer.optimizeConnections();
      reader!.pooled[0]!.disconnect(); // a network blip
      const values = await Promise.all(['a', 'b', 'c'].map((k) => reader!.optimizer.read(k)));
      expect(values).toEqual(['A', 'B', 'C']);
      expect(reader!.pool.stats, 'one destroy for three failed commands, one new connection').toMatchObject({ destroyed: 1, opened: 2, inUse: 1 });
    }));

  test('when the network stays down a request fails after one retry, and works again once it is back', () =>
    simulate(impl, async ({ instances }) => {
      let down = false;
      const breakIfDown = (c: CacheClient) => (down && c.disconnect(), c);
      const [app] = instances<string>(1, { options: { connections: 1 }, pool: { max: 4 }, wrap: breakIfDown });
      await app!.optimizer.write('k', 'v');
      down = true;
      app!.pooled[0]!.disconnect();
      const error = await app!.optimizer.read('k').catch((e: unknown) => e);
      expect(String(error)).toMatch(/closed/i);
      expect(app!.pool.stats, 'the broken connection and its broken replacement, no more').toMatchObject({ destroyed: 2, opened: 2, inUse: 0 });
      down = false;
      expect(await app!.optimizer.read('k')).toBe('v');
      expect(app!.pool.stats).toMatchObject({ destroyed: 2, opened: 3, inUse: 1 });
    }));

  test('a reply error such as WRONGTYPE fails the request but keeps the connection', () =>
    simulate(impl, async ({ instances, backend, network, resetNetwork }) => {
      const [app] = instances<string>(1, { options: { connections: 1 } });
      await backend.client('raw').rpush('list', 'not a string value');
      await app!.optimizer.write('k', 'v');
      resetNetwork();
      expect(String(await app!.optimizer.read('list').catch((e: unknown) => e))).toMatch(/WRONGTYPE/);
      expect(await app!.optimizer.read('k')).toBe('v');
      expect(app!.pool.stats.destroyed).toBe(0);
      expect(network().connectionsOpened, 'no new connection after a reply error').toBe(0);
    }));

  test('close gives every connection back to the pool and stops listening; later requests reject with E_CLOSED', () =>
    simulate(impl, async ({ instances }) => {
      const [app] = instances<string>(1, { options: { connections: 2 }, pool: { max: 2, acquireTimeoutMs: 10 } });
      await app!.optimizer.optimizeConnections();
      expect(app!.pool.stats).toMatchObject({ inUse: 2, idle: 0 });
      await app!.optimizer.close();
      expect(app!.pool.stats).toMatchObject({ inUse: 0, idle: 2 });
      expect(await app!.cache.get('k'), 'the cache connection left subscriber mode: it may send GET again').toBeNull();
      await expect(app!.optimizer.read('k')).rejects.toMatchObject({ code: 'E_CLOSED' });
      await expect(app!.optimizer.write('k', 'v')).rejects.toMatchObject({ code: 'E_CLOSED' });
      expect(app!.pool.stats, 'no connection was taken again').toMatchObject({ inUse: 0, idle: 2 });
    }));

  test('a request waiting for the pool when close comes rejects with E_CLOSED and takes no connection', () =>
    simulate(impl, async ({ instances }) => {
      const [app] = instances<string>(1, { options: { connections: 1 }, pool: { max: 1, acquireTimeoutMs: 1_000 } });
      const held = await app!.pool.acquire(); // someone else holds the only connection
      const waiting = app!.optimizer.read('k').catch((e: unknown) => e);
      await app!.optimizer.close();
      app!.pool.release(held);
      expect(await waiting).toMatchObject({ code: 'E_CLOSED' });
      expect(app!.pool.stats).toMatchObject({ inUse: 0 });
    }));

  test('a subscription that fails makes optimizeConnections and reads reject: no local tier without invalidations', () =>
    simulate(impl, async ({ instances }) => {
      const [app] = instances<string>(1);
      app!.cache.disconnect();
      expect(String(await app!.optimizer.optimizeConnections().catch((e: unknown) => e))).toMatch(/closed/i);
      expect(String(await app!.optimizer.read('k').catch((e: unknown) => e))).toMatch(/closed/i);
      expect(app!.pool.stats.opened, 'no connection is taken before the subscription works').toBe(0);
    }));
});

describe('my local tier and invalidation decisions', () => {
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

  test('addLocalCaching serves a value from memory until a write anywhere replaces it', () =>
    simulate(impl, async ({ instances, network, resetNetwork, sleep }) => {
      const [app, other] = instances<string>(2, { options: { localMaxBytes: 1_000 } });
      await app!.optimizer.optimizeConnections();
      resetNetwork();
      expect(app!.optimizer.addLocalCaching('k', 'local')).toBe(true);
      expect(await app!.optimizer.read('k')).toBe('local');
      expect(network().roundTrips, 'served from memory').toBe(0);
      expect(app!.optimizer.addLocalCaching('big', 'x'.repeat(2_000)), 'larger than localMaxBytes').toBe(false);
      expect(code(thrown(() => app!.optimizer.addLocalCaching('', 'v')))).toBe('E_INVALID_KEY');
      expect(code(thrown(() => app!.optimizer.addLocalCaching('k', undefined as never)))).toBe('E_INVALID_VALUE');
      await other!.optimizer.write('k', 'written');
      await sleep(1);
      expect(await app!.optimizer.read('k'), 'the announcement dropped the local copy').toBe('written');
    }));

  test('a value fetched while a write is announced is returned but not kept (the race of README 2.5)', () =>
    simulate(impl, async ({ instances, network, resetNetwork, sleep }) => {
      // 2 MiB stored uncompressed: its reply takes ≈ 37 ms, long after the announcement arrives.
      const [reader, writer] = instances<string>(2, { options: { compressionThreshold: 64 * 1024 * 1024 } });
      const old = 'o'.repeat(2 * 1024 * 1024);
      await writer!.optimizer.write('timeline', old);
      await reader!.optimizer.optimizeConnections();
      await sleep(1);
      const inFlight = reader!.optimizer.read('timeline');
      await sleep(2); // the GET has been executed: the old value is on its way
      await writer!.optimizer.write('timeline', 'new');
      expect((await inFlight)?.length, 'the read that began before the write returns the old value').toBe(old.length);
      resetNetwork();
      expect(await reader!.optimizer.read('timeline'), 'the next read must not be served the old value from memory').toBe('new');
      expect(network().roundTrips).toBe(1);
    }));
});
