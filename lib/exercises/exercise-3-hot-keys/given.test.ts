/**
 * The given parts of exercise 3: option checks, key and value checks, typed errors, and the test
 * cluster (traffic meter, node switch, admin helpers) on the embedded backend and on two private
 * redis-server processes (ports 7026-7027) reached through CACHE_CLUSTER_URLS-style URLs, where a
 * key prefix must keep flush() away from keys that are not ours.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRedisServer, type RedisProcess } from '../../backends/cache/redis-process.js';
import { BackendUnreachableError, CacheUnreachableError } from '../../backends/errors.js';
import { runDeterministic } from '../../sim/deterministic.js';
import { createHotKeyCluster } from './cluster.js';
import { ClusterUnavailableError, HotKeyError } from './errors.js';
import { assertKey, assertValue, clusterNodeCount, resolveDetectorOptions, resolveHotKeyOptions } from './options.js';
import { freePorts } from './ports.js';
import { thrownCode as codeOf } from '../errors.js';

describe('options', () => {
  test('defaults are filled in (threshold 1000 accesses per window, as in the README)', () => {
    expect(resolveHotKeyOptions()).toMatchObject({
      threshold: 1_000,
      windowMs: 1_000,
      maxTrackedKeys: 1_000,
      coolDownRatio: 0.5,
      replicas: 3,
      maxStalenessMs: 100,
    });
    expect(resolveDetectorOptions({ windowMs: 250 })).toEqual({ windowMs: 250, maxTrackedKeys: 1_000 });
  });

  test('a bad option is refused with E_INVALID_OPTION, naming the option, the value and what it must be', () => {
    expect(codeOf(() => resolveHotKeyOptions({ threshold: 0 }))).toBe(
      'E_INVALID_OPTION: HotKeyMitigator: options.threshold must be a positive number of accesses per window (e.g. 1000), got 0.',
    );
    expect(codeOf(() => resolveHotKeyOptions({ replicas: 2.5 }))).toMatch(/options\.replicas must be an integer ≥ 1 \(e\.g\. 3\), got 2\.5/);
    expect(codeOf(() => resolveHotKeyOptions({ coolDownRatio: 2 }))).toMatch(/options\.coolDownRatio must be a fraction in \(0, 1\]/);
    expect(codeOf(() => resolveHotKeyOptions({ onAlert: 'log' as never }))).toMatch(/options\.onAlert must be a function \(alert\) => void, got "log"/);
    expect(codeOf(() => resolveDetectorOptions({ maxTrackedKeys: 10.5 }))).toMatch(/^E_INVALID_OPTION: HotKeyDetector: options\.maxTrackedKeys/);
    expect(codeOf(() => resolveDetectorOptions(null as never))).toMatch(/options must be an object/);
  });

  test('keys must be non-empty strings, values strings', () => {
    expect(codeOf(() => assertKey(''))).toMatch(/^E_INVALID_KEY/);
    expect(codeOf(() => assertKey('user:{1}:ключ'))).toBe('no error');
    expect(codeOf(() => assertValue('k', { a: 1 }))).toMatch(/^E_INVALID_VALUE: the value for "k" is an object; .*JSON\.stringify/);
    expect(codeOf(() => assertValue('k', ''))).toBe('no error');
  });
});

describe('the embedded test cluster', () => {
  test('routes by hash slot, counts commands per node and reads per key, and switches nodes off', () =>
    runDeterministic('given', async () => {
      const cluster = await createHotKeyCluster({ backend: 'embedded', nodes: 6 });
      try {
        const client = cluster.client();
        expect(clusterNodeCount(client)).toBe(6);
        await cluster.load([
          ['a', '1'],
          ['{a}b', '2'],
        ]);
        expect(
          cluster.traffic.commandsByNode().reduce((x, y) => x + y, 0),
          'load() is not counted',
        ).toBe(0);
        expect(await client.get('a')).toBe('1');
        expect(await client.mget('a', '{a}b')).toEqual(['1', '2']);
        await client.set('c', '3', 'PX', 1_000);
        expect(await client.eval("return redis.call('GET', KEYS[1])", 1, 'c')).toBe('3');
        await client.pipeline().get('a').exists('a').exec();
        expect(cluster.traffic.reads('a'), 'get, mget, pipelined get and exists').toBe(4);
        expect(cluster.traffic.reads('c'), 'a script counts as a read of its KEYS; SET is a write').toBe(1);
        const byNode = cluster.traffic.commandsByNode();
        expect(byNode[cluster.nodeOf('a')], 'get, mget, get + exists').toBe(4);
        expect(
          byNode.reduce((x, y) => x + y, 0),
          'get, mget, set, eval, get, exists',
        ).toBe(6);
        expect(cluster.traffic.readsByNode()[cluster.nodeOf('c')]).toBe(1);
        expect(await cluster.pttl('c')).toBeGreaterThan(0);
        expect(await cluster.keysOnNode(cluster.nodeOf('a'))).toEqual(expect.arrayContaining(['a', '{a}b']));
        cluster.setDown(cluster.nodeOf('a'), true);
        await expect(client.get('a')).rejects.toMatchObject({ code: 'E_NODE_DOWN' });
        await expect(client.pipeline().get('a').exec()).rejects.toMatchObject({ code: 'E_NODE_DOWN' });
        expect(await cluster.peek('a'), 'the admin view still sees the data').toBe('1');
        cluster.setDown(cluster.nodeOf('a'), false);
        expect(await client.get('a')).toBe('1');
        expect(() => cluster.setDown(6, true)).toThrow(/nodes 0\.\.5/);
        await cluster.flush();
        expect(await cluster.peek('a')).toBeNull();
        expect(cluster.traffic.commandsByNode()).toEqual([0, 0, 0, 0, 0, 0]);
      } finally {
        await cluster.close();
      }
    }));

  test('freePorts gives distinct loopback ports', async () => {
    const ports = await freePorts(4);
    expect(new Set(ports).size).toBe(4);
    for (const p of ports) expect(p).toBeGreaterThan(0);
  });
});

describe('a real test cluster on servers someone else runs (ports 7026-7027)', () => {
  const servers: RedisProcess[] = [];
  beforeAll(async () => {
    for (const port of [7026, 7027]) servers.push(await startRedisServer({ port }));
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  test('keeps its keys under a prefix, so flush() leaves other keys alone', async () => {
    const foreign = new Redis(7026, '127.0.0.1');
    await foreign.set('not-ours', 'keep me');
    const cluster = await createHotKeyCluster({ backend: 'real', urls: servers.map((s) => s.url) });
    try {
      const client = cluster.client();
      await client.set('mine', 'v');
      await client.set('{x}mine', 'w');
      expect(await client.get('mine')).toBe('v');
      const stored = [...(await cluster.keysOnNode(0)), ...(await cluster.keysOnNode(1))].sort();
      expect(stored, 'keysOnNode lists our keys without the prefix').toEqual(['mine', '{x}mine']);
      expect(cluster.traffic.reads('mine')).toBe(1);
      await cluster.flush();
      expect(await cluster.peek('mine')).toBeNull();
      expect(await foreign.get('not-ours'), 'a key that is not ours survives flush()').toBe('keep me');
    } finally {
      await cluster.close();
      foreign.disconnect();
    }
  });
});

describe('the kind of real cluster (CACHE_CLUSTER_KIND)', () => {
  test('a value that is neither router nor redis-cluster is refused before anything starts, naming both', async () => {
    const before = process.env.CACHE_CLUSTER_KIND;
    process.env.CACHE_CLUSTER_KIND = 'redis-sentinel';
    try {
      await expect(createHotKeyCluster({ backend: 'real' })).rejects.toThrow(
        /CACHE_CLUSTER_KIND=redis-sentinel is not a cluster kind: use "router" .* or "redis-cluster"/,
      );
      // The embedded cluster is always a router: the variable does not concern it.
      const embedded = await createHotKeyCluster({ backend: 'embedded', nodes: 3 });
      expect(embedded.clusterKind).toBe('router');
      await embedded.close();
    } finally {
      if (before === undefined) delete process.env.CACHE_CLUSTER_KIND;
      else process.env.CACHE_CLUSTER_KIND = before;
    }
  });
});

describe('ClusterUnavailableError', () => {
  test('is a HotKeyError with its code, and a member of the kit\'s "backend unreachable" family', () => {
    const error = new ClusterUnavailableError('redis-server on 127.0.0.1 ports 7020, 7021', new Error('spawn redis-server ENOENT'));
    expect(error).toBeInstanceOf(HotKeyError);
    expect(error).toBeInstanceOf(BackendUnreachableError);
    expect(error).not.toBeInstanceOf(CacheUnreachableError);
    expect(error).toMatchObject({ code: 'E_CLUSTER_UNAVAILABLE', backend: 'cluster', address: 'redis-server on 127.0.0.1 ports 7020, 7021' });
    expect(error.message).toMatch(
      /^exercise 3 needs a cluster of real cache nodes \(redis-server on 127\.0\.0\.1 ports 7020, 7021\) and could not get one: spawn/,
    );
  });
});
