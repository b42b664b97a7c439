/**
 * Embedded-only behaviour: option errors, traffic counting (exercise 3), memory accounting and
 * eviction on the modelled budget, determinism of seeded eviction, and the typed error for a
 * command the embedded cache does not implement.
 */
import { describe, expect, it } from 'vitest';
import { createEmbeddedCacheServer } from './embedded.js';
import { CacheConfigError, EmbeddedUnsupportedError } from './errors.js';
import { InvalidCostModelError, DEFAULT_COST_MODEL } from '../../sim/cost-model.js';
import { REDIS_HISTOGRAM_BYTES } from '../../sim/memory-budget.js';

describe('embedded cache options', () => {
  it('rejects a bad maxmemory, policy or cost model with a message that says the fix', () => {
    expect(() => createEmbeddedCacheServer({ maxmemory: 'lots' })).toThrow(CacheConfigError);
    expect(() => createEmbeddedCacheServer({ maxmemory: 'lots' })).toThrow(/maxmemory=lots .*'100mb'/);
    expect(() => createEmbeddedCacheServer({ policy: 'lru' })).toThrow(/policy='lru' is not a maxmemory-policy. Use one of: noeviction, allkeys-lru/);
    expect(() => createEmbeddedCacheServer({ cost: { ...DEFAULT_COST_MODEL, roundTripMs: -1 } })).toThrow(InvalidCostModelError);
  });

  it('accepts Redis memory units', async () => {
    const server = createEmbeddedCacheServer({ maxmemory: '64mb', policy: 'allkeys-lfu' });
    const client = server.createClient();
    expect(await client.config('GET', 'maxmemory')).toEqual(['maxmemory', String(64 * 1024 * 1024)]);
    expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'allkeys-lfu']);
    await server.close();
  });
});

describe('embedded traffic counting', () => {
  it('counts what clients send: pipelines per command, MULTI/EXEC, EVAL keys, not the commands scripts run', async () => {
    const server = createEmbeddedCacheServer();
    const a = server.createClient();
    const b = server.createClient();
    await a.set('hot', '1');
    await b.get('hot');
    await a.pipeline().get('hot').get('cold').exec();
    await b.multi().incr('hot').exec();
    await a.eval("return redis.call('get', KEYS[1])", 1, 'hot');
    const t = server.traffic();
    expect(Object.fromEntries(t.commands)).toEqual({ set: 1, get: 3, multi: 1, incr: 1, exec: 1, eval: 1 });
    expect(Object.fromEntries(t.keys)).toEqual({ hot: 5, cold: 1 });
    expect(t.total).toBe(8);
    server.resetTraffic();
    expect(server.traffic().total).toBe(0);
    await a.set('x', '1');
    await server.flush();
    expect(server.traffic().total).toBe(0);
    expect(await a.dbsize()).toBe(0);
    await server.close();
  });
});

describe('embedded memory and eviction', () => {
  it('reports used_memory from the model and keeps it under maxmemory by evicting', async () => {
    const server = createEmbeddedCacheServer({ maxmemory: '2mb', policy: 'allkeys-lru' });
    const client = server.createClient();
    for (let i = 0; i < 3000; i++) await client.set(`k:${i}`, 'x'.repeat(1000));
    const info = await client.info();
    const used = Number(/^used_memory:(\d+)/m.exec(info)![1]);
    // INFO reports memory before its own latency histogram is allocated, as Redis does
    expect(server.usedMemory() - used).toBe(REDIS_HISTOGRAM_BYTES);
    expect(used).toBeLessThanOrEqual(2 * 1024 * 1024);
    // Every command's first run adds a histogram and may evict; count once they all exist.
    await client.dbsize();
    await client.info('stats');
    const keys = Number(await client.dbsize());
    const evicted = Number(/^evicted_keys:(\d+)/m.exec(await client.info('stats'))![1]);
    expect(evicted + keys).toBe(3000);
    expect(evicted).toBeGreaterThan(1500);
    await server.close();
  });

  it('accounts keys written inside a script and refuses a script write under OOM', async () => {
    const server = createEmbeddedCacheServer();
    const client = server.createClient();
    const before = server.usedMemory();
    await client.eval("redis.call('set', KEYS[1], ARGV[1]); return 1", 1, 'scripted', 'x'.repeat(5000));
    expect(server.usedMemory() - before).toBeGreaterThan(5000);
    await client.config('SET', 'maxmemory', String(server.usedMemory() - 1));
    await expect(client.eval("return redis.call('set', KEYS[1], 'v')", 1, 'other')).rejects.toThrow(/^OOM command not allowed/);
    expect(await client.get('scripted')).toHaveLength(5000);
    await server.close();
  });

  it('evicts the same keys for the same seed (random policies and LFU are seeded)', async () => {
    const survivors = async (seed: number) => {
      const server = createEmbeddedCacheServer({ maxmemory: '1200kb', policy: 'allkeys-random', seed });
      const client = server.createClient();
      for (let i = 0; i < 500; i++) await client.set(`k:${i}`, 'x'.repeat(500));
      await client.ping();
      const keys = (await client.keys('*')).sort();
      await server.close();
      return keys;
    };
    const first = await survivors(1);
    expect(first.length).toBeLessThan(500);
    expect(await survivors(1)).toEqual(first);
    expect(await survivors(2)).not.toEqual(first);
  });
});

describe('embedded gaps are explicit', () => {
  it('throws E_EMBEDDED_UNSUPPORTED for a Redis command it does not implement', async () => {
    const server = createEmbeddedCacheServer();
    const client = server.createClient();
    const error = await client.call('OBJECT', 'HELP').then(() => undefined);
    expect(error).toBeUndefined();
    const failure = await client.call('LATENCY', 'LATEST').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(EmbeddedUnsupportedError);
    expect((failure as EmbeddedUnsupportedError).code).toBe('E_EMBEDDED_UNSUPPORTED');
    expect((failure as Error).message).toMatch(/does not implement the Redis command 'latency'.*CACHELAB_BACKEND=real/);
    await expect(client.call('NOSUCH')).rejects.toThrow("ERR unknown command 'NOSUCH', with args beginning with: ");
    await server.close();
  });

  it('serves many clients of one server without leaking listeners', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    const server = createEmbeddedCacheServer();
    const clients = Array.from({ length: 40 }, () => server.createClient());
    await Promise.all(clients.map((c, i) => c.set(`c:${i}`, 'v')));
    const info = await clients[0]!.info('clients');
    expect(info).toMatch(/^connected_clients:40\r$/m);
    await server.close();
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });
});
