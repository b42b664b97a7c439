/**
 * Conformance cases that need a server of their own (isolated scope): CONFIG GET/SET of the
 * memory settings, OBJECT FREQ under LFU, INFO fields that follow real activity, maxmemory with
 * noeviction (OOM, also inside scripts) and with eviction.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance.js';
import { infoField, sleep } from '../conformance.js';

const LFU_ERROR =
  'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';
const OOM = "OOM command not allowed when used memory > 'maxmemory'.";

/** Registers the server-wide cases. */
export function registerServerCases(ctx: ConformanceContext): void {
  const c = () => ctx.client('isolated');

  describe('server-wide behaviour (a server of its own)', () => {
    beforeEach(() => ctx.resetIsolated());

    it('CONFIG GET/SET maxmemory accepts Redis units and validates values', async () => {
      expect(await c().config('SET', 'maxmemory', '100mb')).toBe('OK');
      expect(await c().config('GET', 'maxmemory')).toEqual(['maxmemory', '104857600']);
      await c().config('SET', 'maxmemory', '2gb', 'maxmemory-policy', 'allkeys-lfu', 'maxmemory-samples', '7');
      const all = await c().config('GET', 'maxmemory*');
      expect(Object.fromEntries(chunk(all as string[]))).toMatchObject({
        maxmemory: '2147483648',
        'maxmemory-policy': 'allkeys-lfu',
        'maxmemory-samples': '7',
      });
      await expect(c().config('SET', 'maxmemory', 'lots')).rejects.toThrow(
        "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value",
      );
      await expect(c().config('SET', 'maxmemory-policy', 'lru')).rejects.toThrow(
        "ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction",
      );
      await expect(c().config('SET', 'no-such-option', '1')).rejects.toThrow("ERR Unknown option or number of arguments for CONFIG SET - 'no-such-option'");
      expect(await c().config('GET', 'no-such-option')).toEqual([]);
    });

    it('OBJECT FREQ needs an LFU policy; under one a new key counts 5, then 6 after a read', async () => {
      await c().set('f', 'v');
      await expect(c().object('FREQ', 'f')).rejects.toThrow(LFU_ERROR);
      await c().config('SET', 'maxmemory-policy', 'allkeys-lfu');
      await c().set('g', 'v');
      expect(await c().object('FREQ', 'g')).toBe(5);
      await c().get('g');
      expect(await c().object('FREQ', 'g')).toBe(6);
      expect(await c().object('FREQ', 'missing')).toBeNull();
    });

    it('INFO stats counts hits, misses, commands and expirations', async () => {
      await c().set('a', '1');
      await c().get('a');
      await c().get('a');
      await c().get('nope');
      await c().set('short', 'v', 'PX', 20);
      await sleep(60);
      await c().get('short');
      const stats = await c().info('stats');
      expect(infoField(stats, 'keyspace_hits')).toBe(2);
      expect(infoField(stats, 'keyspace_misses')).toBe(2);
      expect(infoField(stats, 'expired_keys')).toBe(1);
      expect(infoField(stats, 'total_commands_processed')).toBe(7); // the reset's CONFIG RESETSTAT + 6 here; INFO counts after
      expect(infoField(stats, 'evicted_keys')).toBe(0);
      expect(stats).toMatch(/^instantaneous_ops_per_sec:\d+\r$/m);
    });

    it('INFO memory, clients, keyspace and server have Redis fields and formats', async () => {
      await c().set('k1', 'v');
      await c().set('k2', 'v', 'EX', 100);
      const info = await c().info();
      expect(info).toMatch(/^# Server\r\n/);
      expect(info).toMatch(/^redis_version:7\./m); // Valkey 8 says 7.2.4 here, for clients that check it
      if (ctx.flavour === 'valkey') {
        // Valkey names itself, and says server_mode where Redis says redis_mode.
        expect(info).toMatch(/^server_name:valkey\r\nvalkey_version:8\./m);
        expect(info).toMatch(/^server_mode:standalone\r$/m);
        expect(info).not.toMatch(/^redis_mode:/m);
      } else {
        expect(info).toMatch(/^redis_mode:standalone\r$/m);
        expect(info).not.toMatch(/^server_name:/m);
      }
      expect(info).toMatch(/^used_memory_human:\d+(\.\d+)?[BKMG]\r$/m);
      expect(infoField(info, 'used_memory')).toBeGreaterThan(500_000);
      expect(infoField(info, 'connected_clients')).toBeGreaterThanOrEqual(1);
      expect(info).toMatch(/^maxmemory_policy:noeviction\r$/m);
      expect(info).toMatch(/^db0:keys=2,expires=1,avg_ttl=\d+\r$/m);
      expect(await c().info('keyspace')).toMatch(/^# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=\d+\r\n$/);
      expect(await c().info('all')).toMatch(/^# Commandstats\r\ncmdstat_/m);
      expect(await c().info('commandstats')).toMatch(/^cmdstat_set:calls=2,/m);
    });

    it('MEMORY USAGE and used_memory follow what is stored', async () => {
      const before = infoField(await c().info('memory'), 'used_memory');
      for (let i = 0; i < 200; i++) await c().set(`mem:${i}`, 'x'.repeat(1000));
      const after = infoField(await c().info('memory'), 'used_memory');
      // each key: dictEntry 32 + key 8 or 16 + value 16 + 1024, plus the bucket array
      expect(after - before).toBeGreaterThanOrEqual(200 * 1080);
      expect(after - before).toBeLessThan(200 * 1088 + 60_000);
      expect(await c().memory('USAGE', 'mem:7')).toBe(1040 + 8 + 24); // value + key + sizeof(dictEntry)
    });

    it('refuses writes with OOM under noeviction, also inside a script, but serves reads', async () => {
      const used = infoField(await c().info('memory'), 'used_memory');
      await c().config('SET', 'maxmemory', String(used + 100_000));
      let error: Error | undefined;
      let stored = 0;
      for (let i = 0; i < 300 && !error; i++) {
        await c()
          .set(`fill:${i}`, 'x'.repeat(1000))
          .then(
            () => stored++,
            (e: Error) => (error = e),
          );
      }
      expect(error?.message).toBe(OOM);
      expect(stored).toBeGreaterThan(10);
      expect(await c().get('fill:0')).toBe('x'.repeat(1000));
      await expect(c().eval("return redis.call('set', KEYS[1], 'v')", 1, 'fill:script')).rejects.toThrow(
        /^OOM command not allowed when used memory > 'maxmemory'\./,
      );
      expect(await c().del('fill:0')).toBe(1);
    });

    it('evicts under allkeys-lru until used_memory fits, and counts evicted_keys', async () => {
      const used = infoField(await c().info('memory'), 'used_memory');
      await c().config('SET', 'maxmemory', String(used + 100_000), 'maxmemory-policy', 'allkeys-lru');
      for (let i = 0; i < 300; i++) await c().set(`ev:${i}`, 'x'.repeat(1000));
      await c().ping(); // Redis evicts before each command
      const info = await c().info();
      expect(infoField(info, 'evicted_keys')).toBeGreaterThan(150);
      expect(Number(await c().dbsize())).toBeLessThan(100);
      expect(infoField(info, 'used_memory')).toBeLessThanOrEqual(used + 100_000 + 30_000);
    });

    it('volatile-lru with no key carrying a TTL cannot evict and answers OOM', async () => {
      const used = infoField(await c().info('memory'), 'used_memory');
      await c().config('SET', 'maxmemory', String(used + 20_000), 'maxmemory-policy', 'volatile-lru');
      let error: Error | undefined;
      for (let i = 0; i < 100 && !error; i++)
        await c()
          .set(`v:${i}`, 'x'.repeat(1000))
          .catch((e: Error) => (error = e));
      expect(error?.message).toBe(OOM);
    });
  });
}

function chunk(flat: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
  return pairs;
}
