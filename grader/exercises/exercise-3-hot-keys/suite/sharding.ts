/** Hidden tests of replicas: placement (hashtags included), their count, TTL, writes and reads. */
import { expect } from 'vitest';
import type { SuiteContext } from './kit.js';

const AWKWARD_KEYS = ['user:{42}:profile', '{a}', 'x{}y', '{}', 'a}b{c}d', 'post:{user:7}:{2}', 'ключ 🔑', 'plain'];

/** Registers the sharding tests. */
export function registerShardingTests({ scenario, nodes: nodeCount }: SuiteContext): void {
  // 3 replicas fit on 6 nodes; a Redis Cluster of 3 masters has room for 2 (one per other master).
  const fit = Math.min(3, nodeCount - 1);
  scenario("sharding: replicas land on distinct nodes other than the key's own, hashtags or not", async ({ cluster, mitigator }) => {
    const app = mitigator({ replicas: 3 });
    await cluster.load(AWKWARD_KEYS.map((k) => [k, `v:${k}`]));
    for (const key of AWKWARD_KEYS) {
      const replicas = await app.implementKeySharding(key);
      const nodes = replicas.map((r) => cluster.nodeOf(r));
      expect(replicas.length, key).toBe(fit);
      expect(new Set(nodes).size, `${key}: replicas ${replicas.join(', ')} on nodes ${nodes.join(', ')}`).toBe(fit);
      expect(nodes, `${key} lives on node ${cluster.nodeOf(key)}`).not.toContain(cluster.nodeOf(key));
      expect(replicas, `${key}: a replica name must not be the key itself or another user key`).not.toContain(key);
      for (const r of replicas) expect(await cluster.peek(r), `${key}: replica ${r}`).toBe(`v:${key}`);
    }
  });

  scenario(`sharding: at most one replica per other node (replicas 10 on ${nodeCount} nodes → ${nodeCount - 1})`, async ({ cluster, mitigator }) => {
    const app = mitigator({ replicas: 10 });
    await cluster.load([['post:1', 'v']]);
    const replicas = await app.implementKeySharding('post:1');
    const nodes = new Set(replicas.map((r) => cluster.nodeOf(r)));
    expect(replicas.length, `replicas on a ${nodeCount}-node cluster`).toBe(nodeCount - 1);
    expect(nodes.size).toBe(nodeCount - 1);
    expect(nodes.has(cluster.nodeOf('post:1'))).toBe(false);
  });

  scenario('sharding: replicas expire within maxStalenessMs; a missing key gets no made-up replica', async ({ cluster, mitigator, base }) => {
    const app = mitigator();
    await cluster.load([['post:1', 'v']]);
    for (const r of await app.implementKeySharding('post:1')) {
      const ttl = await cluster.pttl(r);
      expect(ttl, `PTTL of replica ${r}: it needs a TTL > 0 and ≤ maxStalenessMs (${base.maxStalenessMs})`).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(base.maxStalenessMs);
    }
    for (const r of await app.implementKeySharding('post:missing')) expect(await cluster.peek(r), `replica ${r} of a missing key`).toBeNull();
    expect(await app.get('post:missing')).toBeNull();
  });

  scenario(
    'writes: a write to a sharded key leaves no replica with the old value, from any instance that knows it is hot',
    async ({ cluster, mitigator, allKeys }) => {
      const [a, b] = [mitigator(), mitigator()];
      await cluster.load([['user:{9}:profile', 'v1']]);
      for (let i = 0; i < 10; i++) await Promise.all([a.get('user:{9}:profile'), b.get('user:{9}:profile')]);
      await Promise.all([a.detectHotKeys(), b.detectHotKeys()]);
      for (const [writer, value] of [
        [a, 'v2'],
        [b, 'v3'],
      ] as const) {
        await writer.set('user:{9}:profile', value);
        // Each replica is updated or deleted (README §3.2): either way none still holds the old value.
        for (const k of await allKeys()) expect(await cluster.peek(k), `${k} after writing ${value}`).toBe(value);
        expect(await cluster.peek('user:{9}:profile'), 'the primary').toBe(value);
        expect(await writer.get('user:{9}:profile'), `the writer reads its own write ${value}`).toBe(value);
      }
    },
  );

  scenario('writes: an instance that does not know the key is hot still never leaves a stale copy past the bound', async ({ cluster, mitigator, sleep }) => {
    const hot = mitigator();
    const unaware = mitigator({ threshold: 1e9 });
    await cluster.load([['post:9', 'v1']]);
    for (let i = 0; i < 10; i++) await hot.get('post:9');
    await hot.detectHotKeys();
    expect(await hot.get('post:9')).toBe('v1');
    await unaware.set('post:9', 'v2');
    await sleep(6); // the bound is 5 units
    for (let i = 0; i < 20; i++) expect(await hot.get('post:9'), `read ${i + 1}, more than maxStalenessMs after another instance wrote v2`).toBe('v2');
  });

  scenario("reads: a hot key's reads go to its replicas, spread over their nodes", async ({ cluster, mitigator, sleep }) => {
    const apps = [mitigator(), mitigator(), mitigator(), mitigator()];
    await cluster.load([['post:viral', 'v']]);
    for (const app of apps) for (let i = 0; i < 10; i++) await app.get('post:viral');
    for (const app of apps) await app.detectHotKeys();
    cluster.traffic.reset();
    const before = cluster.serverCounts ? await cluster.serverCounts() : undefined;
    for (let step = 0; step < 60; step++) {
      await Promise.all(apps.map((app) => app.get('post:viral')));
      await sleep(0.25);
    }
    // A real Redis Cluster: judge what each master's own INFO commandstats counted as well.
    const after = cluster.serverCounts ? await cluster.serverCounts() : undefined;
    const counts: [string, number[]][] = [['cluster reads per node', cluster.traffic.readsByNode()]];
    if (before && after) counts.push(['reads per master from INFO commandstats', after.reads.map((n, i) => n - before.reads[i]!)]);
    for (const [what, reads] of counts) {
      const total = reads.reduce((x, y) => x + y, 0);
      expect(total, `240 reads over 15 units (the bound is 5): the local tier should answer most (${what} ${reads.join(', ')})`).toBeLessThan(120);
      expect(reads.filter((r) => r > 0).length, `${what}: ${reads.join(', ')}`).toBeGreaterThanOrEqual(3);
      expect(
        reads[cluster.nodeOf('post:viral')]! * 2,
        `the key's own node (${cluster.nodeOf('post:viral')}) served ${reads[cluster.nodeOf('post:viral')]} of ${total} (${what})`,
      ).toBeLessThan(total);
    }
  });
}
