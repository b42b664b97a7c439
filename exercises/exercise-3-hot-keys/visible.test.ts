/**
 * Exercise 3's visible suite: `npm test exercise-3`. Every test runs on an embedded 6-node cluster
 * and a virtual clock (see lib/exercises/exercise-3-hot-keys/testing.ts), so windows of seconds take no real
 * time and the results are the same on every run. A failure names what was expected and the
 * hint to ask for (`npm run hint`).
 */
import { describe, expect, test } from 'vitest';
import { simulate } from '../../lib/exercises/exercise-3-hot-keys/testing.js';
import type { Exercise3Module, HotKeyAlert } from '../../lib/exercises/exercise-3-hot-keys/types.js';
import { HotKeyDetector } from './hot-key-detector.js';
import { HotKeyMitigator } from './hot-key-mitigator.js';

const impl: Exercise3Module = { HotKeyMitigator, HotKeyDetector };
// The hint to ask for: a topic's id in hints.json is the first word of its title.
const hint = (topic: string) => `\n  → npm run hint exercise-3 ${topic.split(' ')[0]}`;
const OPTIONS = { threshold: 10, windowMs: 1_000, replicas: 3, maxStalenessMs: 100 };

describe('exercise 3: HotKeyDetector', () => {
  test('estimates the accesses of each key in the current window, largest first', () =>
    simulate(impl, async ({ detector }) => {
      const d = detector({ windowMs: 1_000 });
      for (let i = 0; i < 5; i++) d.record('post:1');
      for (let i = 0; i < 2; i++) d.record('post:2');
      expect(d.estimate('post:1'), `5 accesses to post:1 in this window${hint('HotKeyDetector')}`).toBe(5);
      expect(d.estimate('never-seen'), `a key never recorded${hint('HotKeyDetector')}`).toBe(0);
      expect(
        d.top().map((e) => e.key),
        `top() lists tracked keys, largest estimate first${hint('HotKeyDetector')}`,
      ).toEqual(['post:1', 'post:2']);
    }));

  test('forgets accesses older than the window', () =>
    simulate(impl, async ({ detector, sleep }) => {
      const d = detector({ windowMs: 1_000 });
      for (let i = 0; i < 10; i++) d.record('post:1');
      await sleep(2_500);
      expect(d.estimate('post:1'), `2.5 windows after the last access the estimate should be 0${hint('HotKeyDetector')}`).toBe(0);
      expect(d.top(), `nothing was accessed in the last window${hint('HotKeyDetector')}`).toEqual([]);
    }));

  test('memory stays bounded: 50,000 one-off keys, and the hot key among them is still found', () =>
    simulate(impl, async ({ detector }) => {
      const d = detector({ windowMs: 60_000, maxTrackedKeys: 100 });
      for (let i = 0; i < 50_000; i++) {
        d.record(`one-off:${i}`);
        if (i % 20 === 0) d.record('post:viral');
      }
      expect(d.size, `the detector tracks ${d.size} keys; maxTrackedKeys is 100${hint('HotKeyDetector')}`).toBeLessThanOrEqual(100);
      expect(d.top()[0]?.key, `post:viral (2,500 accesses) should top the list${hint('HotKeyDetector')}`).toBe('post:viral');
      expect(d.estimate('post:viral'), `post:viral was accessed 2,500 times${hint('HotKeyDetector')}`).toBeGreaterThanOrEqual(2_500);
    }));
});

describe('exercise 3: HotKeyMitigator', () => {
  test('a key read `threshold` times in a window turns hot, with one alert', () =>
    simulate(impl, async ({ cluster, mitigator }) => {
      const alerts: HotKeyAlert[] = [];
      const app = mitigator({ ...OPTIONS, onAlert: (a) => alerts.push(a) });
      await cluster.load([
        ['post:viral', 'v1'],
        ['post:calm', 'c1'],
      ]);
      for (let i = 0; i < 30; i++) expect(await app.get('post:viral'), `get returns the stored value${hint('get')}`).toBe('v1');
      for (let i = 0; i < 3; i++) await app.get('post:calm');
      expect(await app.detectHotKeys(), `30 reads with threshold 10: only post:viral is hot${hint('detectHotKeys')}`).toEqual(['post:viral']);
      expect(
        alerts.map((a) => `${a.type} ${a.key}`),
        `one 'hot' alert per transition, not one per read${hint('detectHotKeys')}`,
      ).toEqual(['hot post:viral']);
    }));

  test('a hot key that goes quiet cools down: one alert, replicas deleted', () =>
    simulate(impl, async ({ cluster, mitigator, sleep }) => {
      const alerts: HotKeyAlert[] = [];
      const app = mitigator({ ...OPTIONS, onAlert: (a) => alerts.push(a) });
      await cluster.load([['post:viral', 'v1']]);
      for (let i = 0; i < 20; i++) await app.get('post:viral');
      await app.detectHotKeys();
      const before = await allKeys(cluster);
      expect(before.length, `a hot key should have replicas in the cluster (found only ${before.join(', ')})${hint('implementKeySharding')}`).toBeGreaterThan(
        1,
      );
      await sleep(3_000);
      expect(await app.detectHotKeys(), `no reads for 3 windows: post:viral is no longer hot${hint('detectHotKeys')}`).toEqual([]);
      expect(
        alerts.map((a) => a.type),
        `one 'hot', then one 'cool' alert${hint('detectHotKeys')}`,
      ).toEqual(['hot', 'cool']);
      expect(await allKeys(cluster), `after cooling down only the key itself should remain${hint('coolDownHotKey')}`).toEqual(['post:viral']);
    }));

  test("implementKeySharding puts each replica on a different node, never the key's own", () =>
    simulate(impl, async ({ cluster, mitigator }) => {
      const app = mitigator(OPTIONS);
      for (const key of ['post:viral', 'user:{42}:profile']) {
        await cluster.load([[key, `value of ${key}`]]);
        const replicas = await app.implementKeySharding(key);
        const nodes = replicas.map((r) => cluster.nodeOf(r));
        expect(replicas.length, `replicas: 3 on a 6-node cluster, for ${key}${hint('implementKeySharding')}`).toBe(3);
        expect(
          new Set(nodes).size,
          `${key}: replicas ${replicas.join(', ')} sit on nodes ${nodes.join(', ')}; they must differ${hint('implementKeySharding')}`,
        ).toBe(3);
        expect(nodes, `${key} lives on node ${cluster.nodeOf(key)}; a replica there spreads nothing${hint('implementKeySharding')}`).not.toContain(
          cluster.nodeOf(key),
        );
        for (const r of replicas) expect(await cluster.peek(r), `replica ${r} holds the value${hint('implementKeySharding')}`).toBe(`value of ${key}`);
      }
    }));

  test('reads of a hot key mostly stay local, and the rest spread over several nodes', () =>
    simulate(impl, async ({ cluster, mitigator, sleep }) => {
      const apps = [mitigator(OPTIONS), mitigator(OPTIONS), mitigator(OPTIONS)];
      await cluster.load([['post:viral', 'v1']]);
      for (const app of apps) for (let i = 0; i < 10; i++) await app.get('post:viral');
      cluster.traffic.reset();
      for (let ms = 0; ms < 600; ms++) {
        expect(await apps[ms % 3]!.get('post:viral')).toBe('v1');
        await sleep(1);
      }
      const reads = cluster.traffic.readsByNode();
      const total = reads.reduce((a, b) => a + b, 0);
      expect(
        total,
        `600 reads of a hot key over 600 ms reached the cluster ${total} times: serve them from a local copy${hint('addLocalCaching')}`,
      ).toBeLessThan(120);
      expect(
        reads.filter((r) => r > 0).length,
        `the reads that reached the cluster landed on nodes [${reads.join(', ')}]: use the replicas${hint('get')}`,
      ).toBeGreaterThanOrEqual(2);
      expect(reads[cluster.nodeOf('post:viral')], `the key's own node still served most reads [${reads.join(', ')}]${hint('get')}`).toBeLessThan(total / 2);
    }));

  test('a write to a hot key leaves no replica with the old value', () =>
    simulate(impl, async ({ cluster, mitigator }) => {
      const app = mitigator(OPTIONS);
      await cluster.load([['post:viral', 'v1']]);
      for (let i = 0; i < 10; i++) await app.get('post:viral');
      await app.detectHotKeys();
      expect((await allKeys(cluster)).length, `the hot key should have replicas${hint('implementKeySharding')}`).toBeGreaterThan(1);
      await app.set('post:viral', 'v2');
      // Update each replica or delete it: either way none may still answer v1.
      for (const k of await allKeys(cluster)) expect(await cluster.peek(k), `${k} after the write (update or delete every replica)${hint('set')}`).toBe('v2');
      expect(await app.get('post:viral'), `this instance reads its own write${hint('set')}`).toBe('v2');
    }));

  test("another instance's write is seen within maxStalenessMs", () =>
    simulate(impl, async ({ cluster, mitigator, sleep }) => {
      const [a, b] = [mitigator(OPTIONS), mitigator(OPTIONS)];
      await cluster.load([['post:viral', 'v1']]);
      for (let i = 0; i < 10; i++) await Promise.all([a.get('post:viral'), b.get('post:viral')]);
      expect(await a.get('post:viral')).toBe('v1');
      await b.set('post:viral', 'v2');
      await sleep(OPTIONS.maxStalenessMs + 1);
      expect(
        await a.get('post:viral'),
        `${OPTIONS.maxStalenessMs + 1} ms after b wrote v2, a still read the old value: local copies and replicas must expire within maxStalenessMs${hint('addLocalCaching')}`,
      ).toBe('v2');
    }));

  test('addLocalCaching answers reads without the cluster until the copy expires', () =>
    simulate(impl, async ({ cluster, mitigator, sleep }) => {
      const app = mitigator(OPTIONS);
      await cluster.load([['post:viral', 'v1']]);
      for (let i = 0; i < 10; i++) await app.get('post:viral');
      app.addLocalCaching('post:viral', 'v1');
      cluster.traffic.reset();
      for (let i = 0; i < 20; i++) await app.get('post:viral');
      const reads = cluster.traffic.readsByNode().reduce((a, b) => a + b, 0);
      expect(reads, `20 reads right after addLocalCaching reached the cluster ${reads} times${hint('addLocalCaching')}`).toBe(0);
      expect(app.getMetrics().localHits, `getMetrics().localHits counts reads answered locally${hint('getMetrics')}`).toBeGreaterThanOrEqual(20);
      await sleep(OPTIONS.maxStalenessMs + 1);
      await app.get('post:viral');
      expect(
        cluster.traffic.readsByNode().reduce((a, b) => a + b, 0),
        `a local copy older than maxStalenessMs must not be used${hint('addLocalCaching')}`,
      ).toBeGreaterThan(0);
    }));

  test('getMetrics reports the hot keys and a bounded detector', () =>
    simulate(impl, async ({ cluster, mitigator }) => {
      const app = mitigator({ ...OPTIONS, maxTrackedKeys: 50 });
      await cluster.load([['post:viral', 'v1']]);
      for (let i = 0; i < 2_000; i++) await app.get(i % 4 === 0 ? 'post:viral' : `one-off:${i}`);
      const metrics = app.getMetrics();
      expect(metrics.hotKeys, `post:viral was read 500 times${hint('getMetrics')}`).toEqual(['post:viral']);
      expect(metrics.detectorEntries, `maxTrackedKeys is 50${hint('HotKeyDetector')}`).toBeLessThanOrEqual(50);
      expect(metrics.alerts, `one alert so far${hint('getMetrics')}`).toBe(1);
    }));
});

/** Every key stored in the cluster, sorted. */
async function allKeys(cluster: { nodes: number; keysOnNode(node: number): Promise<string[]> }): Promise<string[]> {
  const keys: string[] = [];
  for (let n = 0; n < cluster.nodes; n++) keys.push(...(await cluster.keysOnNode(n)));
  return keys.sort();
}
