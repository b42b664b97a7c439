/**
 * The cluster: hash slots equal Redis's CLUSTER KEYSLOT (checked against a cluster-enabled
 * redis-server on private port 7005), redis-cli's slot ranges, and the router's behaviour on an
 * embedded cluster and on three real redis-server processes (ports 7000-7002).
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterRoutingError, createCacheCluster, keySlot, slotRanges, type CacheCluster } from './cluster.js';
import { crc16 } from './cluster/slots.js';
import { CrossSlotError } from './errors.js';
import { startRedisServer, type RedisProcess } from './redis-process.js';

const KNOWN_KEYS = [
  'foo',
  'bar',
  'somekey',
  '{user1000}.following',
  '{user1000}.followers',
  'foo{}{bar}',
  'foo{{bar}}',
  'foo{bar}{zap}',
  '{}',
  '{',
  '}',
  '',
  'user:{42}:profile',
  'user:{42}:posts',
  'ключ',
  '{a}b',
  'a{b}',
  ...Array.from({ length: 200 }, (_, i) => `key:${i}:${randomBytes(3).toString('hex')}`),
];

describe('hash slots', () => {
  let redis: RedisProcess;
  const configFile = join(tmpdir(), `cachelab-nodes-7005-${process.pid}.conf`);
  beforeAll(async () => {
    redis = await startRedisServer({ port: 7005, config: { 'cluster-enabled': 'yes', 'cluster-config-file': configFile } });
  });
  afterAll(async () => {
    await redis?.stop();
    rmSync(configFile, { force: true });
  });

  it('match CLUSTER KEYSLOT of a real server, hashtags included', async () => {
    const client = new Redis(redis.port, '127.0.0.1');
    try {
      for (const key of KNOWN_KEYS) expect([key, keySlot(key)]).toEqual([key, Number(await client.cluster('KEYSLOT', key))]);
    } finally {
      client.disconnect();
    }
    expect(keySlot('foo')).toBe(12182);
    expect(keySlot('{user1000}.following')).toBe(keySlot('{user1000}.followers'));
  });

  it("use CRC16-XMODEM and Redis's hashtag rule (an empty {} does not count)", () => {
    expect(crc16(Buffer.from('123456789'))).toBe(0x31c3); // the standard XMODEM check value
    expect(keySlot('foo{}{bar}')).toBe(8363); // whole key hashed, as CLUSTER KEYSLOT does
    expect(keySlot('foo{bar}{zap}')).toBe(keySlot('bar'));
  });

  it('split 16384 slots like redis-cli --cluster create', () => {
    expect(slotRanges(3)).toEqual([
      [0, 5460],
      [5461, 10922],
      [10923, 16383],
    ]);
    expect(slotRanges(1)).toEqual([[0, 16383]]);
    expect(slotRanges(4).at(-1)).toEqual([12288, 16383]);
    expect(() => slotRanges(0)).toThrow(RangeError);
  });
});

function routerBehaviour(name: string, make: () => Promise<CacheCluster>): void {
  describe(`cluster router: ${name}`, () => {
    let cluster: CacheCluster;
    beforeAll(async () => {
      cluster = await make();
      await cluster.flush();
    });
    afterAll(async () => {
      await cluster?.close();
    });

    it('stores each key on the node owning its slot and counts traffic per node', async () => {
      const client = cluster.createClient('router');
      const keys = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'];
      cluster.resetTraffic();
      for (const k of keys) expect(await client.set(k, k.toUpperCase(), 'EX', 60)).toBe('OK');
      for (const k of keys) expect(await client.get(k)).toBe(k.toUpperCase());
      for (const k of keys) {
        const owner = cluster.nodeOf(k);
        expect(client.nodeOf(k)).toBe(owner);
        for (let n = 0; n < cluster.nodes.length; n++) expect(await client.nodeClient(n).exists(k)).toBe(n === owner ? 1 : 0);
      }
      const perNode = cluster.trafficByNode();
      for (const k of keys) expect(perNode[cluster.nodeOf(k)]!.keys.get(k)).toBe(2 + 1); // set, get, exists
      expect(cluster.traffic().commands.get('get')).toBe(keys.length);
      expect(new Set(keys.map((k) => cluster.nodeOf(k))).size).toBeGreaterThan(1);
      await client.quit();
    });

    it('runs single-slot commands and refuses cross-slot ones like Redis (CROSSSLOT)', async () => {
      const client = cluster.createClient();
      expect(await client.mset('user:{7}:name', 'ada', 'user:{7}:lang', 'en')).toBe('OK');
      expect(await client.mget('user:{7}:name', 'user:{7}:lang')).toEqual(['ada', 'en']);
      expect(await client.incr('counter')).toBe(1);
      expect(await client.pexpire('counter', 5000)).toBe(1);
      expect(await client.ttl('counter')).toBe(5);
      expect(await client.eval("return redis.call('get', KEYS[1])", 1, 'user:{7}:name')).toBe('ada');
      const cross = await client.mget('alpha', 'beta', 'gamma').catch((e: unknown) => e);
      expect(cross).toBeInstanceOf(CrossSlotError);
      expect((cross as Error).message).toMatch(/^CROSSSLOT Keys in request don't hash to the same slot/);
      await expect(client.eval('return 1', 0)).rejects.toBeInstanceOf(ClusterRoutingError);
      await expect(client.info()).rejects.toThrow(/cannot route 'info'.*nodeClient/);
      expect(await client.ping()).toBe('PONG');
      await client.quit();
    });

    it('supports defineCommand and single-node pipelines', async () => {
      const client = cluster.createClient();
      client.defineCommand('getOrDefault', { numberOfKeys: 1, lua: "return redis.call('get', KEYS[1]) or ARGV[1]" });
      const routed = client as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
      expect(await routed.getOrDefault!('user:{7}:name', 'x')).toBe('ada');
      expect(await routed.getOrDefault!('nobody', 'x')).toBe('x');
      expect(await client.pipeline().get('user:{7}:name').get('user:{7}:lang').exec()).toEqual([
        [null, 'ada'],
        [null, 'en'],
      ]);
      const spread = ['alpha', 'beta', 'gamma', 'delta'];
      const pipe = client.pipeline();
      for (const k of spread) pipe.get(k);
      await expect(pipe.exec()).rejects.toThrow(/same slots allocation group/);
      await client.quit();
    });
  });
}

routerBehaviour('embedded, 3 nodes', () => createCacheCluster({ backend: 'embedded', nodes: 3 }));
routerBehaviour('real, 3 redis-server processes', () => createCacheCluster({ backend: 'real', ports: [7000, 7001, 7002] }));

describe('cluster configuration errors', () => {
  it('asks for URLs or ports for a real cluster, and checks the node count', async () => {
    const saved = process.env.CACHE_CLUSTER_URLS;
    delete process.env.CACHE_CLUSTER_URLS;
    try {
      await expect(createCacheCluster({ backend: 'real' })).rejects.toThrow(/CACHE_CLUSTER_URLS=redis:\/\/127\.0\.0\.1:7000/);
      await expect(createCacheCluster({ backend: 'real', urls: ['localhost:7000'] })).rejects.toThrow(/CACHE_URL="localhost:7000" is not a Redis URL/);
      await expect(createCacheCluster({ backend: 'embedded', nodes: 0 })).rejects.toThrow(RangeError);
    } finally {
      if (saved !== undefined) process.env.CACHE_CLUSTER_URLS = saved;
    }
  });
});
