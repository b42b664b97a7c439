/**
 * Exercise 1's visible suite: `npm test exercise-1`. Every test runs on the embedded cache and a
 * virtual clock (lib/exercises/exercise-1-hit-ratio/testing.ts), so results are the same on every run. A
 * failure says what was expected, what happened, and which hint to ask for (`npm run hint`).
 */
import { describe, expect, test } from 'vitest';
import { simulate, type World } from '../../lib/exercises/exercise-1-hit-ratio/testing.js';
import type { Exercise1Module } from '../../lib/exercises/exercise-1-hit-ratio/types.js';
import { normalizeKey, partitionOf } from './cache-keys.js';
import { CacheHitRatioOptimizer } from './optimizer.js';
import { decodeValue, encodeValue } from './value-codec.js';

const impl: Exercise1Module = { CacheHitRatioOptimizer, normalizeKey, partitionOf, encodeValue, decodeValue };
// The hint to ask for: a topic's id in hints.json is the first word of its title.
const hint = (topic: string) => `\n  → npm run hint exercise-1 ${topic.split(' ')[0]}`;
const codeOf = (f: () => unknown) => {
  try {
    f();
    return 'no error';
  } catch (e) {
    return (e as { code?: string }).code ?? `no code: ${(e as Error).message}`;
  }
};
/** The first item of the world's source whose value is at least `bytes` long. */
const itemOfSize = (w: World, bytes: number) => {
  const space = w.source.keySpace;
  for (let i = 0; i < space.count; i++) if (space.sizeAt(i) >= bytes) return { key: space.keyAt(i), size: space.sizeAt(i) };
  throw new Error(`no item of ${bytes} bytes`);
};
const versionOf = (value: string) => Number(/"version":(\d+)/.exec(value)?.[1]);

describe('exercise 1: keys', () => {
  test("the three apps' keys for one item normalize to one hierarchical key", () => {
    const cases: [string, string][] = [
      ['/users/394/posts/1?_=1767226200', 'user:394:post:1'],
      ['User:394:Post:1?v=7.2', 'user:394:post:1'],
      ['user:394:post:1?lang=de-DE', 'user:394:post:1'],
      ['/users/7/timeline?_=1767226800', 'user:7:timeline'],
      ['User:7:Notifications?v=7.1', 'user:7:notifications'],
      ['user:7:profile', 'user:7:profile'],
    ];
    for (const [legacy, expected] of cases) {
      expect(normalizeKey(legacy), `normalizeKey(${JSON.stringify(legacy)})${hint('normalizeKey')}`).toBe(expected);
    }
  });

  test('a key that names no item is refused with E_INVALID_KEY', () => {
    for (const bad of ['user:394:avatar', 'session:abc', '', 'user::profile']) {
      expect(
        codeOf(() => normalizeKey(bad)),
        `normalizeKey(${JSON.stringify(bad)}) should throw InvalidKeyError${hint('normalizeKey')}`,
      ).toBe('E_INVALID_KEY');
    }
  });

  test("partitionOf: a user's items share a shard, and users spread evenly over the shards", () => {
    const counts = new Array<number>(8).fill(0);
    for (let user = 0; user < 8_000; user++) {
      const shards = new Set(['profile', 'timeline', 'notifications', 'post:2'].map((r) => partitionOf(`user:${user}:${r}`, 8).shard));
      expect(shards.size, `user ${user}'s items landed on shards ${[...shards].join(', ')}${hint('partitionOf')}`).toBe(1);
      counts[[...shards][0]!]!++;
    }
    const balance = Math.max(...counts) / (8_000 / 8);
    expect(balance, `8,000 users over 8 shards: ${counts.join(', ')} (fullest ÷ mean should be ≤ 1.1)${hint('partitionOf')}`).toBeLessThanOrEqual(1.1);
    expect(partitionOf('User:5:Post:1?v=7.2', 8).type, `the data type of a post${hint('partitionOf')}`).toBe('post');
  });
});

describe('exercise 1: values', () => {
  test('encodeValue and decodeValue give back any string', () => {
    const long = JSON.stringify({ body: 'lorem ipsum dolor '.repeat(500) });
    for (const value of ['', 'a', 'héllo wörld 🔑', long]) {
      expect(decodeValue(encodeValue(value)), `round trip of a ${value.length}-character string${hint('encodeValue and decodeValue')}`).toBe(value);
    }
  });

  test('a social value of 32 KiB or more is stored in less than half its size', () =>
    simulate(impl, async (w) => {
      const { key, size } = itemOfSize(w, 32 * 1024);
      const stored = encodeValue(await w.source.load(key));
      expect(stored.length / size, `encodeValue of a ${size}-byte value took ${stored.length} bytes${hint('encodeValue and decodeValue')}`).toBeLessThan(0.5);
    }));
});

describe('exercise 1: CacheHitRatioOptimizer', () => {
  test("read: one item read through the three apps' keys is loaded once", () =>
    simulate(impl, async (w) => {
      const { optimizer } = w.optimizer();
      const keys = ['/users/12/posts/0?_=1767225600', 'User:12:Post:0?v=7.1', 'user:12:post:0?lang=en-US', 'User:12:Post:0?v=7.2'];
      const values = [];
      for (const k of keys) values.push(await optimizer.read(k));
      expect(new Set(values).size, `every app should get the same value${hint('read and write')}`).toBe(1);
      expect(w.source.stats.calls, `data-source loads for 4 reads of one item through 4 different keys${hint('read and write')}`).toBe(1);
    }));

  test('read stores values compactly: a 32 KiB+ value adds less than 60% of its size to used_memory', () =>
    simulate(impl, async (w) => {
      const { key, size } = itemOfSize(w, 32 * 1024);
      const { optimizer } = w.optimizer();
      await optimizer.read('user:0:profile'); // Redis allocates per-command stats on first use:
      await w.cache.usedMemory(); // let those of GET, SET and INFO be in `before`
      const before = await w.cache.usedMemory();
      await optimizer.read(key);
      const added = (await w.cache.usedMemory()) - before;
      expect(added / size, `reading a ${size}-byte item added ${added} bytes${hint('encodeValue and decodeValue')}`).toBeLessThan(0.6);
    }));

  test("write: no app's key gives the old value afterwards, and the next read is still a hit", () =>
    simulate(impl, async (w) => {
      const a = w.optimizer().optimizer;
      const b = w.optimizer().optimizer;
      expect(versionOf(await a.read('/users/3/profile?_=1767225600'))).toBe(0);
      await b.write('User:3:Profile?v=7.2');
      const loads = w.source.stats.calls;
      const after = await a.read('user:3:profile?lang=de-DE');
      expect(versionOf(after), `version read after a write through another app's key (0 = stale)${hint('read and write')}`).toBe(1);
      expect(w.source.stats.calls, `the read right after a write loaded from the source: leave the new value in the cache${hint('read and write')}`).toBe(
        loads,
      );
    }));

  test('optimizeCacheKeys: finds the items, the duplicates, the invalid keys and the volatile parts', () =>
    simulate(impl, async (w) => {
      const { optimizer } = w.optimizer();
      const log = ['/users/1/posts/2?_=1767225600', 'User:1:Post:2?v=7.1', 'user:1:post:2?lang=en-US', 'user:2:profile?lang=de-DE', 'avatar:1'];
      const plan = optimizer.optimizeCacheKeys(log);
      expect(plan.normalized.get('User:1:Post:2?v=7.1'), `normalized key of User:1:Post:2?v=7.1${hint('optimizeCacheKeys')}`).toBe('user:1:post:2');
      expect(
        { distinct: plan.distinct, duplication: plan.duplication, invalid: plan.invalid },
        `4 valid keys naming 2 items, 1 invalid${hint('optimizeCacheKeys')}`,
      ).toEqual({ distinct: 2, duplication: 2, invalid: ['avatar:1'] });
      expect(plan.volatileParams, `query parameters found${hint('optimizeCacheKeys')}`).toEqual(['_', 'lang', 'v']);
    }));

  test('warmCache: loads each item once, skips what is cached, and reads then hit', () =>
    simulate(impl, async (w) => {
      const { optimizer } = w.optimizer();
      await optimizer.read('user:5:timeline');
      const report = await optimizer.warmCache(['User:5:Timeline?v=7.1', '/users/6/posts/1?_=1767225600', 'user:6:post:1?lang=en-US', 'user:9:profile']);
      expect([...report.warmed].sort(), `warmed${hint('warmCache')}`).toEqual(['user:6:post:1', 'user:9:profile']);
      expect(report.skipped, `already cached${hint('warmCache')}`).toEqual(['user:5:timeline']);
      const loads = w.source.stats.calls;
      for (const k of ['User:6:Post:1?v=7.2', 'user:9:profile?lang=de-DE']) await optimizer.read(k);
      expect(w.source.stats.calls, `reads of warmed items loaded from the source${hint('warmCache')}`).toBe(loads);
    }));

  test("optimizeEvictionPolicy: applies a policy that evicts, and values get their type's TTL", () =>
    simulate(impl, async (w) => {
      const { optimizer } = w.optimizer();
      const plan = await optimizer.optimizeEvictionPolicy();
      const [, applied] = (await w.cache.admin().config('GET', 'maxmemory-policy')) as string[];
      expect(applied, `CONFIG GET maxmemory-policy after optimizeEvictionPolicy (plan: ${plan.policy})${hint('optimizeEvictionPolicy')}`).toBe(plan.policy);
      expect(plan.policy, `a cache must evict rather than refuse writes${hint('optimizeEvictionPolicy')}`).not.toBe('noeviction');
      await optimizer.read('user:4:notifications');
      const keys = await w.cache.admin().keys('*');
      expect(keys.length, `keys stored by one read: ${keys.join(', ')}`).toBeGreaterThan(0);
      for (const k of keys) {
        const ttl = await w.cache.admin().ttl(k);
        expect(
          Math.abs(ttl - plan.ttlSeconds.notifications),
          `TTL of ${k} is ${ttl} s, the plan says ${plan.ttlSeconds.notifications} s for notifications${hint('optimizeEvictionPolicy')}`,
        ).toBeLessThanOrEqual(1);
      }
    }));

  test('implementPredictiveCaching: preloads what earlier sessions read after login', () =>
    simulate(impl, async (w) => {
      const { optimizer } = w.optimizer();
      for (let user = 10; user < 20; user++) {
        await optimizer.implementPredictiveCaching(user);
        await optimizer.read(`/users/${user}/timeline?_=1767225600`);
        await optimizer.read(`User:${user}:Notifications?v=7.1`);
        await optimizer.read(`user:${user + 40}:post:0`); // someone else's post: not part of the pattern
      }
      const preloaded = await optimizer.implementPredictiveCaching(30);
      expect(
        [...preloaded].sort(),
        `keys preloaded at user 30's login, after 10 sessions that read timeline and notifications${hint('implementPredictiveCaching')}`,
      ).toEqual(['user:30:notifications', 'user:30:timeline']);
      const loads = w.source.stats.calls;
      await optimizer.read('User:30:Timeline?v=7.2');
      await optimizer.read('user:30:notifications?lang=en-US');
      expect(w.source.stats.calls, `the session's reads after the preload should be hits${hint('implementPredictiveCaching')}`).toBe(loads);
    }));
});
