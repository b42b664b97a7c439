/** Hidden tests of CacheStampedePrevention as a cache: read-through, awkward values, awkward keys. */
import { expect } from 'vitest';
import { countingSource } from '../../../../lib/backends/source/counting.js';
import { codeOf, type SuiteContext } from './kit.js';

const AWKWARD: Record<string, unknown> = {
  'value:null': null,
  'value:undefined': undefined,
  'value:empty': '',
  'value:zero': 0,
  'value:false': false,
  'value:object': { id: 7, tags: ['a', 'b'], nested: { none: null, text: 'ü 🔑' } },
};

/** Registers the read-through tests. */
export function registerCacheTests({ scenario }: SuiteContext): void {
  scenario('get: a missing key is loaded once, then served from the cache', async ({ instances, source }) => {
    const src = source();
    const [app] = instances<string>(1, { source: src });
    expect(await app!.stampede.get('user:1')).toBe('user:1#1');
    expect(await app!.stampede.get('user:1'), 'second read').toBe('user:1#1');
    expect(src.stats.calls, 'source calls for two reads of one key').toBe(1);
  });

  scenario('get: null, undefined, empty string, 0, false and objects are cached values, not misses', async ({ clock, instances }) => {
    const src = countingSource<unknown>((key) => structuredClone(AWKWARD[key]), { clock, latencyMs: 1 });
    const [a, b] = instances<unknown>(2, { source: src });
    for (const [key, value] of Object.entries(AWKWARD)) {
      expect(await a!.stampede.get(key), `first read of ${key}`).toEqual(value);
      const again = await b!.stampede.get(key);
      expect(again, `read of ${key} from another instance`).toEqual(value);
      if (value === undefined) expect(again).toBeUndefined();
      if (value === null) expect(again).toBeNull();
    }
    expect(src.stats.calls, `source calls for ${Object.keys(AWKWARD).length} keys read twice each`).toBe(Object.keys(AWKWARD).length);
  });

  scenario('get: a 10 MB value round-trips intact', async ({ clock, instances }) => {
    const big = { body: 'x'.repeat(10 * 1024 * 1024 - 20), end: 'ok' };
    const src = countingSource(() => big, { clock });
    const [a, b] = instances<typeof big>(2, { source: src });
    const first = await a!.stampede.get('post:big');
    const second = await b!.stampede.get('post:big');
    expect(first.body.length).toBe(big.body.length);
    expect(second.body === big.body && second.end === 'ok', 'the value read back from the cache equals the one loaded').toBe(true);
    expect(src.stats.calls).toBe(1);
  });

  scenario('get: keys with ":", "{}", spaces and unicode stay apart, even from lock keys', async ({ instances, source }) => {
    const keys = ['a', 'lock:a', 'cache:a', 'fence:lock:a', 'a:fence', 'user:{42}:profile', '{a}', 'ключ 🔑 键', 'a b'];
    const src = source({ latencyMs: 10 });
    const apps = instances<string>(2, { source: src });
    const firstRound = await Promise.all(keys.map((k, i) => apps[i % 2]!.stampede.get(k)));
    expect(firstRound, 'each key gets its own value').toEqual(keys.map((k) => `${k}#1`));
    const secondRound = await Promise.all(keys.map((k, i) => apps[(i + 1) % 2]!.stampede.get(k)));
    expect(secondRound, 'second round, from the other instance').toEqual(keys.map((k) => `${k}#1`));
    expect(src.stats.calls, 'one load per key').toBe(keys.length);
  });

  scenario('get: bad keys are rejected with E_INVALID_KEY', async ({ instances, source }) => {
    const [app] = instances<string>(1, { source: source() });
    for (const bad of ['', undefined, 42]) {
      const error = await app!.stampede.get(bad as string).then(
        () => 'resolved',
        (e: unknown) => e,
      );
      expect(codeOf(error), `get(${JSON.stringify(bad)})`).toBe('E_INVALID_KEY');
    }
  });
}
