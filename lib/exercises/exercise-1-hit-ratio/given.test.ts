/** The given parts of exercise 1: option checks, the apps' key formats and the router, the content source. */
import { describe, expect, test } from 'vitest';
import { createRng } from '../../workload/rng.js';
import { legacyKey, normalizedKeyOf, parseNormalized, routeKey, type AppClient } from './legacy-keys.js';
import { resolveHitRatioOptions } from './options.js';
import { createContentSource } from './source.js';
import { thrownCode as codeOf } from '../errors.js';

describe('options', () => {
  test('defaults are filled in', () => {
    expect(resolveHitRatioOptions()).toEqual({ partitions: 8, warmConcurrency: 8, warmTimeoutMs: 2_000 });
  });

  test('a bad or unknown option is refused with E_INVALID_OPTION, naming it', () => {
    expect(codeOf(() => resolveHitRatioOptions({ partitions: 0 }))).toBe(
      'E_INVALID_OPTION: CacheHitRatioOptimizer: options.partitions must be an integer in [1, 16384] (default 8), got 0.',
    );
    expect(codeOf(() => resolveHitRatioOptions({ warmConcurrency: 1.5 }))).toMatch(/options\.warmConcurrency must be an integer/);
    expect(codeOf(() => resolveHitRatioOptions({ ttl: 5 } as never))).toMatch(
      /options\.ttl must be left out: the options are partitions, warmConcurrency, warmTimeoutMs/,
    );
  });
});

describe("the apps' keys and the source's router", () => {
  test('each app formats each kind of item its own way, and the router finds the item again', () => {
    const rng = createRng('given');
    const seen = new Set<string>();
    for (const item of ['user:0:profile', 'user:12:timeline', 'user:7:notifications', 'user:394:post:2']) {
      for (const client of ['web', 'ios', 'android'] as AppClient[]) {
        const key = legacyKey(item, client, 61 * 60_000, rng);
        seen.add(key);
        expect(routeKey(key), key).toBe(item);
      }
    }
    expect(seen).toContain('/users/394/posts/2?_=1767229200');
    expect([...seen].some((k) => /^User:394:Post:2\?v=7\.[12]$/.test(k))).toBe(true);
    expect(parseNormalized('user:394:post:2')).toEqual({ userId: 394, kind: 'post', post: 2 });
    expect(normalizedKeyOf({ userId: 5, kind: 'timeline' })).toBe('user:5:timeline');
  });

  test('the router is no normalizer: other spellings are not routed', () => {
    for (const key of ['USER:1:PROFILE', ' user:1:profile', 'user:1:avatar', 'ｕｓｅｒ：1：profile', '/users/1/profile'])
      expect(routeKey(key), key).toBeUndefined();
  });
});

describe('content source', () => {
  test("answers an app's key and a normalized key with the item's current value, and counts loads per item", async () => {
    const source = createContentSource({ keys: 60 });
    const a = await source.load('User:3:Timeline?v=7.1');
    expect(a).toBe(await source.load('user:3:timeline'));
    expect(a.length).toBe(source.keySpace.sizeAt(source.keySpace.indexOf('user:3:timeline')));
    expect(await source.write('/users/3/timeline?_=1')).toBe(1);
    expect(await source.load('user:3:timeline')).toMatch(/^\{"key":"user:3:timeline","version":1,/);
    expect(source.loadsOf('user:3:timeline')).toBe(3);
    expect(source.writeStats.calls).toBe(1);
  });

  test('a key of no item is refused with E_BAD_SOURCE_KEY, naming an example', async () => {
    const source = createContentSource({ keys: 60 });
    await expect(source.load('user:99:profile')).rejects.toMatchObject({ code: 'E_BAD_SOURCE_KEY', message: expect.stringContaining('"user:0:profile"') });
    await expect(source.load('avatar:1')).rejects.toMatchObject({ code: 'E_BAD_SOURCE_KEY' });
  });
});
