/**
 * A model of "your own tests" for exercise 1 (graded under problem solving): small, deterministic
 * tests of the reference solution's own decisions, on the kit's simulated backend. Students write
 * theirs in exercises/exercise-1-hit-ratio/ next to the visible suite.
 *
 * The visible suite checks the contract on the happy path; these tests check what it leaves out:
 * key edge cases, bytes the codec did not write, a cache that fails, slow and failing sources,
 * warm-up concurrency and batching, the session window, and the policy's reasons. Everything runs
 * on the embedded cache and the virtual clock of `simulate`, so a 5-second load costs no real time.
 */
import { describe, expect, test } from 'vitest';
import { CorruptValueError, InvalidKeyError, WarmTimeoutError } from '../../lib/exercises/exercise-1-hit-ratio/errors.js';
import { simulate } from '../../lib/exercises/exercise-1-hit-ratio/testing.js';
import type { Exercise1Module } from '../../lib/exercises/exercise-1-hit-ratio/types.js';
import { normalizeKey, partitionOf } from './cache-keys.js';
import { CacheHitRatioOptimizer } from './optimizer.js';
import { decodeValue, encodeValue } from './value-codec.js';

const impl: Exercise1Module = { CacheHitRatioOptimizer, normalizeKey, partitionOf, encodeValue, decodeValue };

/** The error `f` throws (the test fails if it throws nothing). */
const thrown = (f: () => unknown): Error => {
  try {
    f();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, none was thrown');
};
const versionOf = (value: string) => Number(/"version":(\d+)/.exec(value)?.[1]);

describe('normalizeKey: spellings the apps do not produce yet', () => {
  test('Unicode forms, whitespace, a trailing separator and singular/plural words give the same key', () => {
    const cases: [string, string][] = [
      ['ｕｓｅｒ：４２：ｐｒｏｆｉｌｅ', 'user:42:profile'], // full-width (NFKC)
      ['  User : 42 : Timeline  ', 'user:42:timeline'], // whitespace around the key and each part
      ['/users/42/notifications/', 'user:42:notifications'], // trailing slash
      ['user:42:Notification?lang=en-US', 'user:42:notifications'], // singular
      ['/users/42/posts/007?_=1767225600', 'user:42:post:7'], // leading zeros
      ['USERS:42:POSTS:0', 'user:42:post:0'],
    ];
    for (const [legacy, expected] of cases) expect(normalizeKey(legacy), legacy).toBe(expected);
    // A decomposed "ë" (e + combining diaeresis) is the composed one.
    expect(normalizeKey('user:Zoe\u0308:profile')).toBe(normalizeKey('user:Zo\u00eb:profile'));
  });

  test('ids are opaque: case is kept, escapes are decoded and re-encoded, and normalizing twice changes nothing', () => {
    expect(normalizeKey('user:Ab:profile')).toBe('user:Ab:profile');
    expect(normalizeKey('user:Ab:profile')).not.toBe(normalizeKey('user:ab:profile'));
    // "%3A" is a ":" inside the id: it stays escaped, so the key keeps exactly four parts.
    expect(normalizeKey('/users/a%3Ab/profile')).toBe('user:a%3Ab:profile');
    expect(normalizeKey('/users/a%2Fb/profile')).toBe('user:a%2Fb:profile');
    expect(normalizeKey('user:50%25:timeline')).toBe('user:50%25:timeline');
    expect(normalizeKey('user:a%20b:post:1')).toBe('user:a%20b:post:1');
    // Ids that differ only in an escaped character stay different items.
    const ids = ['a%3Ab', 'a%2Fb', 'a%3Fb', 'a%23b', 'a%20b', 'a%25b', 'ab'].map((id) => normalizeKey(`user:${id}:profile`));
    expect(new Set(ids).size).toBe(ids.length);
    for (const key of [...ids, 'user:42:post:7', normalizeKey('ｕｓｅｒ：Zoe\u0308：profile')]) expect(normalizeKey(key), key).toBe(key);
  });

  test('malformed keys are refused with InvalidKeyError, which names the key and the problem', () => {
    const cases: [unknown, RegExp][] = [
      [42, /not a string/],
      ['user:%E0%A4%A:profile', /badly percent-encoded/],
      ['user: :profile', /user id is missing/],
      ['/users//profile', /user id is missing/],
      ['account:1:profile', /must start with "user"/],
      ['user:1:post', /is not profile, timeline, notifications or post/], // a post needs its number
      ['user:1:post:x', /is not profile/],
      ['users/1/posts/-1', /is not profile/],
      ['user:1:profile:2', /is not profile/],
    ];
    for (const [bad, problem] of cases) {
      const error = thrown(() => normalizeKey(bad as string));
      expect(error, String(bad)).toBeInstanceOf(InvalidKeyError);
      expect((error as InvalidKeyError).code).toBe('E_INVALID_KEY');
      expect((error as InvalidKeyError).key).toBe(bad);
      expect((error as InvalidKeyError).problem, String(bad)).toMatch(problem);
    }
  });
});

describe('partitionOf', () => {
  test('ids handed out in steps of 8 still spread evenly (a plain id % 8 would put them all on one shard)', () => {
    const counts = new Array<number>(8).fill(0);
    for (let n = 0; n < 8_000; n++) counts[partitionOf(`user:${n * 8}:profile`, 8).shard]!++;
    expect(Math.max(...counts) / 1_000, counts.join(', ')).toBeLessThanOrEqual(1.1);
  });

  test('the shard is in range for any partition count and follows the item, not the spelling of its key', () => {
    for (const partitions of [1, 3, 16, 1000]) {
      for (let user = 0; user < 200; user++) {
        const { shard } = partitionOf(`/users/${user}/posts/3?_=1`, partitions);
        expect(shard).toBeGreaterThanOrEqual(0);
        expect(shard).toBeLessThan(partitions);
        expect(partitionOf(`User:${user}:Profile?v=7.1`, partitions).shard).toBe(shard);
      }
    }
    expect(['user:1:profile', 'user:1:timeline', 'user:1:notifications', 'user:1:post:9'].map((k) => partitionOf(k, 8).type)).toEqual([
      'profile',
      'timeline',
      'notifications',
      'post',
    ]);
    expect(thrown(() => partitionOf('user:1:avatar', 8))).toBeInstanceOf(InvalidKeyError);
  });

  test("the optimizer's partitionOf uses options.partitions", () =>
    simulate(impl, async (w) => {
      const { optimizer } = w.optimizer({ partitions: 3 });
      const shards = new Set<number>();
      for (let user = 0; user < 100; user++) {
        const key = `user:${user}:timeline`;
        expect(optimizer.partitionOf(key)).toEqual(partitionOf(key, 3));
        shards.add(optimizer.partitionOf(key).shard);
      }
      expect([...shards].sort()).toEqual([0, 1, 2]);
    }));
});

describe('value codec', () => {
  test('the size threshold counts UTF-8 bytes: 127 bytes stay raw, 128 bytes and 100 "ü" (200 bytes) are deflated', () => {
    expect(encodeValue('a'.repeat(127))[0]).toBe(0);
    expect(encodeValue('a'.repeat(128))[0]).toBe(1);
    expect(encodeValue('ü'.repeat(100))[0]).toBe(1);
    for (const value of ['a'.repeat(127), 'a'.repeat(128), 'ü'.repeat(100)]) expect(decodeValue(encodeValue(value))).toBe(value);
  });

  test('a value deflate cannot shrink is stored raw (one tag byte more, never more)', () => {
    // 140 pseudo-random printable characters: no repeats for deflate to find, so its output is
    // 142 bytes (8 bits per character plus framing), more than the 140 it was given.
    let seed = 7;
    const noise = Array.from({ length: 140 }, () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return String.fromCharCode(33 + ((seed >>> 16) % 94));
    }).join('');
    const stored = encodeValue(noise);
    expect(stored[0]).toBe(0);
    expect(stored.length).toBe(noise.length + 1);
    expect(decodeValue(stored)).toBe(noise);
  });

  test('bytes encodeValue did not write are refused with CorruptValueError', () => {
    const packed = encodeValue(JSON.stringify({ body: 'lorem ipsum '.repeat(200) }));
    expect(packed[0]).toBe(1);
    const cases: [unknown, RegExp][] = [
      [Buffer.alloc(0), /it is empty/],
      ['not a buffer', /it is empty/],
      [Buffer.from([7, 1, 2, 3]), /unknown format tag 7/],
      [packed.subarray(0, 20), /deflate stream is damaged/], // truncated
      [Buffer.from([1, 0xff, 0xff, 0xff, 0xff]), /deflate stream is damaged/],
    ];
    for (const [bytes, reason] of cases) {
      const error = thrown(() => decodeValue(bytes as Buffer));
      expect(error).toBeInstanceOf(CorruptValueError);
      expect((error as CorruptValueError).code).toBe('E_CORRUPT_VALUE');
      expect(error.message).toMatch(reason);
    }
    // The damaged stream keeps zlib's own error as the cause, for whoever debugs it.
    expect(thrown(() => decodeValue(packed.subarray(0, 20))).cause).toBeInstanceOf(Error);
  });
});

describe('optimizeCacheKeys', () => {
  test('an empty log has no items and a duplication of 1; query parameters are found in any position', () =>
    simulate(impl, async (w) => {
      const { optimizer } = w.optimizer();
      expect(optimizer.optimizeCacheKeys([])).toEqual({ normalized: new Map(), invalid: [], distinct: 0, duplication: 1, volatileParams: [] });
      const plan = optimizer.optimizeCacheKeys(['user:1:profile?lang=de-DE&v=7.1&', 'user:1:profile? v =7.2', 'user:2:profile', 'user:?x=1']);
      expect(plan.volatileParams).toEqual(['lang', 'v']);
      expect(plan.invalid).toEqual(['user:?x=1']); // an invalid key's parameters are not counted
      expect({ distinct: plan.distinct, duplication: plan.duplication }).toEqual({ distinct: 2, duplication: 1.5 });
    }));
});

describe('read and write when something fails', () => {
  test('a dropped cache connection never fails a read: the reader gets the value from the source', () =>
    simulate(impl, async (w) => {
      const { optimizer, client } = w.optimizer();
      const before = await optimizer.read('user:1:profile');
      client.disconnect();
      expect(await optimizer.read('User:1:Profile?v=7.1')).toBe(before);
      expect(w.source.loadsOf('user:1:profile')).toBe(2); // the cache was not reachable: a miss
    }));

  test('a cache that refuses writes (full, noeviction) still serves reads and writes from the source', () =>
    simulate(impl, async (w) => {
      await w.cache.setBudget(1, 'noeviction'); // every SET is refused with OOM
      const { optimizer } = w.optimizer();
      const first = await optimizer.read('user:2:timeline');
      expect(versionOf(first)).toBe(0);
      await optimizer.write('/users/2/timeline?_=1767225600');
      expect(versionOf(await optimizer.read('user:2:timeline'))).toBe(1);
      expect(w.source.loadsOf('user:2:timeline')).toBe(3); // read, write-through, read: nothing was cached
      expect(await w.cache.admin().keys('*')).toEqual([]);
    }));

  test('a write the source refuses is an error for the writer and leaves the cached value as it was', () =>
    simulate(impl, async (w) => {
      const source = w.newSource({ writes: { fault: () => ({ kind: 'fail' }) } });
      const { optimizer } = w.optimizer({}, source);
      await optimizer.read('user:3:post:1');
      await expect(optimizer.write('User:3:Post:1?v=7.2')).rejects.toMatchObject({ code: 'E_SOURCE_UNAVAILABLE' });
      const loads = source.loadsOf('user:3:post:1');
      expect(versionOf(await optimizer.read('user:3:post:1'))).toBe(0);
      expect(source.loadsOf('user:3:post:1')).toBe(loads);
    }));

  test('a write with an invalid key is refused before the source is asked', () =>
    simulate(impl, async (w) => {
      const { optimizer } = w.optimizer();
      await expect(optimizer.write('user:3:avatar')).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(optimizer.read('user:3:avatar')).rejects.toMatchObject({ code: 'E_INVALID_KEY' });
      expect(w.source.writeStats.calls + w.source.stats.calls).toBe(0);
    }));

  test("reads and writes through every app's key keep exactly one cached copy of the item", () =>
    simulate(impl, async (w) => {
      const { optimizer } = w.optimizer();
      for (const key of ['/users/4/posts/2?_=1767225600', 'User:4:Post:2?v=7.1', 'user:4:post:2?lang=de-DE']) {
        await optimizer.read(key);
        await optimizer.write(key);
      }
      expect(await w.cache.admin().keys('*')).toEqual(['user:4:post:2']);
      expect(versionOf(await optimizer.read('User:4:Post:2?v=7.2'))).toBe(3);
    }));
});

describe('warmCache', () => {
  test('invalid keys are reported, not thrown, and every valid item is still warmed once', () =>
    simulate(impl, async (w) => {
      const { optimizer } = w.optimizer();
      const report = await optimizer.warmCache(['avatar:1', 'user:1:profile', 'user:1:post', 'User:1:Profile?v=7.1']);
      expect(report).toEqual({ warmed: ['user:1:profile'], skipped: [], failed: [], invalid: ['avatar:1', 'user:1:post'] });
      expect(w.source.stats.calls).toBe(1);
    }));

  test('never runs more than warmConcurrency loads at once', () =>
    simulate(impl, async (w) => {
      const source = w.newSource({ latencyMs: 10 });
      const { optimizer } = w.optimizer({ warmConcurrency: 3 }, source);
      const keys = Array.from({ length: 20 }, (_, user) => `user:${user}:notifications`);
      const report = await optimizer.warmCache(keys);
      expect(report.warmed).toHaveLength(20);
      expect(source.stats.peakInFlight).toBe(3);
      expect(w.now()).toBe(70); // 20 loads of 10 ms, 3 at a time: 7 rounds (virtual clock)
    }));

  test('a load slower than warmTimeoutMs is reported with WarmTimeoutError, and its value is cached when it arrives', () =>
    simulate(impl, async (w) => {
      const source = w.newSource({ latencyMs: (key) => (key === 'user:2:profile' ? 5_000 : 10) });
      const { optimizer } = w.optimizer({ warmTimeoutMs: 1_000 }, source);
      const report = await optimizer.warmCache(['user:1:profile', 'user:2:profile', 'user:3:profile']);
      expect(w.now()).toBe(1_000); // warmCache did not wait for the slow load
      expect([...report.warmed].sort()).toEqual(['user:1:profile', 'user:3:profile']);
      expect(report.failed).toHaveLength(1);
      expect(report.failed[0]!.key).toBe('user:2:profile');
      expect(report.failed[0]!.error).toBeInstanceOf(WarmTimeoutError);
      expect(report.failed[0]!.error).toMatchObject({ code: 'E_WARM_TIMEOUT', key: 'user:2:profile', timeoutMs: 1_000 });
      await w.sleep(5_000);
      const loads = source.stats.calls;
      await optimizer.read('User:2:Profile?v=7.1');
      expect(source.stats.calls).toBe(loads); // the late value was stored: a hit
    }));

  test('a failing load is reported with the source error and does not stop the other loads', () =>
    simulate(impl, async (w) => {
      const { optimizer } = w.optimizer({ warmConcurrency: 1 });
      w.source.setFault((key) => (key === 'user:4:timeline' ? { kind: 'fail' } : { kind: 'ok' }));
      const report = await optimizer.warmCache(['user:4:timeline', 'user:5:timeline', 'user:6:timeline']);
      expect(report.warmed).toEqual(['user:5:timeline', 'user:6:timeline']);
      expect(report.failed.map((f) => [f.key, (f.error as Error & { code?: string }).code])).toEqual([['user:4:timeline', 'E_SOURCE_UNAVAILABLE']]);
      expect(await w.cache.admin().exists('user:4:timeline')).toBe(0);
    }));

  test('asks what is cached in batches: 250 cached items cost 3 round trips and no load', () =>
    simulate(impl, async (w) => {
      const { optimizer, client } = w.optimizer();
      const keys = Array.from({ length: 250 }, (_, i) => `user:${i % 100}:${['profile', 'timeline', 'notifications'][Math.floor(i / 100)]}`);
      expect((await optimizer.warmCache(keys)).warmed).toHaveLength(250);
      const loads = w.source.stats.calls;
      const trips = w.cache.roundTripsOf(client);
      const again = await optimizer.warmCache(keys);
      expect(again.skipped).toHaveLength(250);
      expect(again.warmed).toEqual([]);
      expect(w.source.stats.calls).toBe(loads);
      expect(w.cache.roundTripsOf(client) - trips).toBe(3); // one EXISTS pipeline per 100 keys
    }));
});

describe('implementPredictiveCaching', () => {
  /** Five logins (users 0..4) whose sessions read their timeline and notifications. */
  const learnSessions = async (optimizer: { implementPredictiveCaching(u: string | number): Promise<string[]>; read(k: string): Promise<string> }) => {
    for (let user = 0; user < 5; user++) {
      await optimizer.implementPredictiveCaching(user);
      await optimizer.read(`user:${user}:timeline`);
      await optimizer.read(`User:${user}:Notifications?v=7.1`);
    }
  };

  test('an empty user id is refused with InvalidKeyError', () =>
    simulate(impl, async (w) => {
      const { optimizer } = w.optimizer();
      await expect(optimizer.implementPredictiveCaching('')).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(optimizer.implementPredictiveCaching('   ')).rejects.toMatchObject({ code: 'E_INVALID_KEY' });
    }));

  test('preloads only what is not cached yet; a string and a numeric id name the same user', () =>
    simulate(impl, async (w) => {
      const { optimizer } = w.optimizer();
      await learnSessions(optimizer);
      await optimizer.read('user:60:timeline');
      const loads = w.source.stats.calls;
      expect(await optimizer.implementPredictiveCaching(' 60 ')).toEqual(['user:60:notifications']);
      expect(w.source.stats.calls).toBe(loads + 1);
    }));

  test('a preload the source fails is left out of the result, and the login still resolves', () =>
    simulate(impl, async (w) => {
      const { optimizer } = w.optimizer();
      await learnSessions(optimizer);
      w.source.setFault((key) => (key === 'user:61:notifications' ? { kind: 'fail' } : { kind: 'ok' }));
      expect(await optimizer.implementPredictiveCaching(61)).toEqual(['user:61:timeline']);
    }));

  test("reads long after the login (beyond the 200-read session window) are not part of the session's pattern", () =>
    simulate(impl, async (w) => {
      const { optimizer } = w.optimizer();
      for (let user = 0; user < 6; user++) {
        await optimizer.implementPredictiveCaching(user);
        await optimizer.read(`user:${user}:timeline`); // right after login: counted
        for (let i = 0; i < 200; i++) await optimizer.read(`user:99:post:${i % 3}`); // other users' traffic
        await optimizer.read(`user:${user}:profile`); // 202 reads after login: not counted
      }
      expect(await optimizer.implementPredictiveCaching(50)).toEqual(['user:50:timeline']);
    }));
});

describe('optimizeEvictionPolicy', () => {
  test('with no reads seen it still chooses LFU, says why, and keeps the budget untouched', () =>
    simulate(impl, async (w) => {
      await w.cache.setBudget(5_000_000, 'allkeys-lru');
      const { optimizer } = w.optimizer();
      const plan = await optimizer.optimizeEvictionPolicy();
      expect(plan.policy).toBe('allkeys-lfu');
      expect(plan.reason).toMatch(/no reads seen yet/);
      expect(await w.cache.admin().config('GET', 'maxmemory')).toEqual(['maxmemory', '5000000']);
      expect(await w.cache.admin().config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'allkeys-lfu']);
      // Write-through keeps values current: TTLs are a safety net, longest for what changes least.
      const ttl = plan.ttlSeconds;
      expect(ttl.profile).toBeGreaterThan(ttl.post);
      expect(ttl.post).toBeGreaterThan(ttl.timeline);
      expect(ttl.timeline).toBeGreaterThan(ttl.notifications);
      expect(ttl.notifications).toBeGreaterThanOrEqual(1_800);
    }));

  test('the reads it served count, not only the log: 80 of 100 reads on one item choose LFU', () =>
    simulate(impl, async (w) => {
      const { optimizer } = w.optimizer();
      for (let i = 0; i < 100; i++) await optimizer.read(i < 80 ? 'user:0:profile' : `user:${i}:profile`);
      const plan = await optimizer.optimizeEvictionPolicy();
      expect(plan.policy).toBe('allkeys-lfu');
      expect(plan.reason).toMatch(/top 10% of items drew 82% of reads/);
    }));

  test("a value expires after its type's TTL and the next read loads it again", () =>
    simulate(impl, async (w) => {
      const { optimizer } = w.optimizer();
      const { ttlSeconds } = await optimizer.optimizeEvictionPolicy();
      await optimizer.read('user:7:notifications');
      await optimizer.read('user:7:profile');
      await w.sleep((ttlSeconds.notifications + 1) * 1_000);
      await optimizer.read('user:7:notifications');
      await optimizer.read('user:7:profile');
      expect(w.source.loadsOf('user:7:notifications')).toBe(2); // expired: loaded again
      expect(w.source.loadsOf('user:7:profile')).toBe(1); // a profile lives longer: still a hit
    }));
});

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
