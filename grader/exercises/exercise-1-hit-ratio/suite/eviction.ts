/** Hidden tests of optimizeEvictionPolicy: applied on the server, budget untouched, TTLs per type, eviction under pressure. */
import { expect } from 'vitest';
import { CONTENT_KINDS } from '../../../../lib/exercises/exercise-1-hit-ratio/types.js';
import { type SuiteContext } from './kit.js';

const EVICTING = ['allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl'];

/** Registers the eviction-policy tests. */
export function registerEvictionTests({ scenario }: SuiteContext): void {
  scenario('optimizeEvictionPolicy: applies its policy on the server and leaves maxmemory alone', async (w) => {
    await w.cache.setBudget(64 * 1024 * 1024, 'noeviction');
    const { optimizer } = w.optimizer();
    optimizer.optimizeCacheKeys(Array.from({ length: 500 }, (_, i) => `user:${i % 20 === 0 ? i : 0}:profile`));
    const plan = await optimizer.optimizeEvictionPolicy();
    const admin = w.cache.admin();
    const [, policy] = (await admin.config('GET', 'maxmemory-policy')) as string[];
    const [, maxmemory] = (await admin.config('GET', 'maxmemory')) as string[];
    expect(policy, 'CONFIG GET maxmemory-policy').toBe(plan.policy);
    expect(EVICTING, `a cache must evict: ${plan.policy}`).toContain(plan.policy);
    expect(Number(maxmemory), 'maxmemory is the budget: it must not change').toBe(64 * 1024 * 1024);
    expect(typeof plan.reason === 'string' && plan.reason.trim().length > 10, 'a reason for the choice').toBe(true);
    for (const kind of CONTENT_KINDS) expect(plan.ttlSeconds[kind], `ttlSeconds.${kind}`).toBeGreaterThan(0);
  });

  scenario("optimizeEvictionPolicy: every value written afterwards has its type's TTL", async (w) => {
    const { optimizer } = w.optimizer();
    const plan = await optimizer.optimizeEvictionPolicy();
    await optimizer.read('user:1:profile');
    await optimizer.read('User:2:Timeline?v=7.1');
    await optimizer.warmCache(['/users/3/notifications?_=1']);
    await optimizer.write('user:4:post:2');
    const admin = w.cache.admin();
    const keys = await admin.keys('*');
    for (const kind of CONTENT_KINDS) {
      const stored = keys.filter((k) => k.includes(`:${kind}`));
      expect(stored.length, `keys of type ${kind} among ${JSON.stringify(keys)}`).toBeGreaterThan(0);
      for (const k of stored) {
        const ttl = await admin.ttl(k);
        expect(Math.abs(ttl - plan.ttlSeconds[kind]), `TTL of ${k} is ${ttl} s; the plan says ${plan.ttlSeconds[kind]} s`).toBeLessThanOrEqual(2);
      }
    }
  });

  scenario('optimizeEvictionPolicy: under memory pressure the server evicts instead of refusing, and reads go on', async (w) => {
    const { optimizer } = w.optimizer();
    const space = w.source.keySpace;
    const small = Array.from({ length: space.count }, (_, i) => i)
      .filter((i) => space.sizeAt(i) < 8_192)
      .slice(0, 240)
      .map((i) => space.keyAt(i));
    await optimizer.read(small[0]!);
    await w.cache.usedMemory();
    await w.cache.setBudget((await w.cache.usedMemory()) + 128 * 1024, 'noeviction');
    await optimizer.optimizeEvictionPolicy();
    for (const key of small) expect((await optimizer.read(key)).length, `read(${key}) under a full budget`).toBe(space.sizeAt(space.indexOf(key)));
    expect(await w.cache.infoNumber('stats', 'evicted_keys'), 'keys evicted once the budget was full').toBeGreaterThan(0);
    expect((await w.cache.admin().keys('*')).length, 'keys left in the cache').toBeLessThan(small.length);
  });
}
