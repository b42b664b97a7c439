/**
 * A model of "your own tests" for exercise 3 (graded under problem solving): small, deterministic
 * tests of the reference solution's own decisions, on the kit's simulated cluster. Students write
 * theirs in exercises/exercise-3-hot-keys/ next to the visible suite.
 *
 * The visible suite checks the happy paths; these tests pin down the decisions behind them: the
 * detector's bounded budget and sliding window, hysteresis and the periodic sweep, the replica
 * layout, the staleness budget (replicas 3/4 of maxStalenessMs, local copies 1/4), what happens
 * when a node goes down, and the typed errors. Every test runs on a virtual clock with seeded
 * randomness; `random: () => 0` makes a mitigator always pick its first replica, so a test can
 * switch exactly that replica's node off.
 */
import { describe, expect, test } from 'vitest';
import { InvalidKeyError, InvalidOptionError, InvalidValueError, NodeDownError } from '../../lib/exercises/exercise-3-hot-keys/errors.js';
import { simulate, type Simulation } from '../../lib/exercises/exercise-3-hot-keys/testing.js';
import type { Exercise3Module, HotKeyAlert, HotKeyMitigatorApi } from '../../lib/exercises/exercise-3-hot-keys/types.js';
import { HotKeyDetector } from './hot-key-detector.js';
import { HotKeyMitigator } from './hot-key-mitigator.js';

const impl: Exercise3Module = { HotKeyMitigator, HotKeyDetector };
/** Threshold 10 per 1 s window; a bound of 100 ms gives replicas a TTL of 75 ms and local copies 25 ms. */
const OPTIONS = { threshold: 10, windowMs: 1_000, replicas: 3, maxStalenessMs: 100 };
const REPLICA_TTL_MS = 75;
const LOCAL_TTL_MS = 25;

/** Reads `key` `times` times, one after the other (enough to cross the threshold). */
async function read(app: HotKeyMitigatorApi, key: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await app.get(key);
}

/** Every key stored in the cluster, sorted. */
async function allKeys(cluster: Simulation['cluster']): Promise<string[]> {
  const keys: string[] = [];
  for (let n = 0; n < cluster.nodes; n++) keys.push(...(await cluster.keysOnNode(n)));
  return keys.sort();
}

const total = (counts: number[]) => counts.reduce((a, b) => a + b, 0);

describe('HotKeyDetector: bounded memory and the sliding window', () => {
  test('guaranteed counts: a one-off key that takes over a large counter still estimates 1', () =>
    simulate(impl, async ({ detector }) => {
      const d = detector({ windowMs: 60_000, maxTrackedKeys: 6 }); // 3 counters per window
      for (let i = 0; i < 100; i++) d.record(`busy:${i % 2}`);
      for (let i = 0; i < 10; i++) d.record(`one-off:${i}`);
      expect(d.record('newcomer')).toBe(1);
      expect(d.estimate('busy:0')).toBe(50);
    }));

  test('the previous window fades out linearly over the current one', () =>
    simulate(impl, async ({ detector, sleep }) => {
      const d = detector({ windowMs: 1_000 });
      for (let i = 0; i < 40; i++) d.record('k');
      await sleep(1_250); // a quarter into the next window
      expect(d.estimate('k')).toBe(30);
    }));

  test('a key seen in both windows adds its faded count to its current one, and record() returns that sum', () =>
    simulate(impl, async ({ detector, sleep }) => {
      const d = detector({ windowMs: 1_000 });
      for (let i = 0; i < 8; i++) d.record('b');
      await sleep(1_500); // half of the previous window still counts: b is at 4
      expect(d.record('b')).toBe(5);
      expect(d.record('b')).toBe(6);
      for (let i = 0; i < 6; i++) d.record('a');
      // Equal estimates are listed by key, so the order does not depend on insertion order.
      expect(d.top()).toEqual([
        { key: 'a', estimate: 6 },
        { key: 'b', estimate: 6 },
      ]);
    }));

  test('when a window ends with more keys than the previous half of the budget, only its largest are kept', () =>
    simulate(impl, async ({ detector, sleep }) => {
      // An odd budget: 3 counters for the current window, 2 for the previous one.
      const d = detector({ windowMs: 1_000, maxTrackedKeys: 5 });
      for (let i = 0; i < 5; i++) d.record('a');
      for (let i = 0; i < 3; i++) d.record('b');
      d.record('c');
      expect(d.size).toBe(3);
      await sleep(1_000); // exactly one window later: the previous window still weighs 1
      d.record('d');
      expect(d.size).toBe(3); // a and b kept from the window that ended, d in the new one
      expect(d.estimate('c'), 'the smallest key of the ended window is dropped').toBe(0);
      expect(d.top()).toEqual([
        { key: 'a', estimate: 5 },
        { key: 'b', estimate: 3 },
        { key: 'd', estimate: 1 },
      ]);
    }));

  test('a budget of one key: the current window takes it, and the ended window is not kept', () =>
    simulate(impl, async ({ detector, sleep }) => {
      const d = detector({ windowMs: 1_000, maxTrackedKeys: 1 });
      d.record('a');
      d.record('b');
      expect(d.size).toBe(1);
      await sleep(1_000);
      d.record('c');
      expect(d.size).toBe(1);
      expect(d.top()).toEqual([{ key: 'c', estimate: 1 }]);
    }));

  test('bad options are refused with a typed E_INVALID_OPTION', () => {
    expect(() => new HotKeyDetector({ windowMs: 0 })).toThrow(InvalidOptionError);
    expect(() => new HotKeyDetector({ maxTrackedKeys: 2.5 })).toThrow(/options\.maxTrackedKeys/);
  });
});

describe('HotKeyMitigator: turning hot and cooling down', () => {
  test('concurrent reads that cross the threshold together give one alert and one set of replicas', () =>
    simulate(impl, async ({ cluster, mitigator, now }) => {
      const alerts: HotKeyAlert[] = [];
      const app = mitigator({ ...OPTIONS, onAlert: (a) => alerts.push(a) });
      await cluster.load([['post:viral', 'v1']]);
      const start = Date.now();
      const values = await Promise.all(Array.from({ length: 25 }, () => app.get('post:viral')));
      expect(values.every((v) => v === 'v1')).toBe(true);
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ type: 'hot', key: 'post:viral', threshold: 10 });
      expect(alerts[0]!.estimate).toBeGreaterThanOrEqual(10);
      expect(alerts[0]!.at).toBeGreaterThanOrEqual(start);
      expect(alerts[0]!.at).toBeLessThanOrEqual(Date.now());
      expect(now()).toBeLessThan(OPTIONS.windowMs); // all within the first window
      expect((await allKeys(cluster)).length, 'the key and exactly 3 replicas').toBe(4);
      expect(app.getMetrics()).toMatchObject({ hotKeys: ['post:viral'], alerts: 1 });
    }));

  test('hysteresis: between threshold × coolDownRatio and the threshold a hot key stays hot; below it, it cools once', () =>
    simulate(impl, async ({ cluster, mitigator, sleep, now }) => {
      const alerts: HotKeyAlert[] = [];
      const app = mitigator({ ...OPTIONS, coolDownRatio: 0.5, onAlert: (a) => alerts.push(a) });
      await cluster.load([['post:viral', 'v1']]);
      await read(app, 'post:viral', 20);
      const elapsed = now();
      expect(elapsed).toBeLessThan(100); // 20 reads, all in the first window
      await sleep(1_400 - elapsed); // 40% into the next window: 20 × 0.6 = 12 ≥ 10
      expect(await app.detectHotKeys()).toEqual(['post:viral']);
      await sleep(200); // 20 × 0.4 = 8: below the threshold, above the cool-down level of 5
      expect(await app.detectHotKeys(), 'a key below the threshold but above 5 stays hot').toEqual(['post:viral']);
      await sleep(200); // 20 × 0.2 = 4 < 5
      expect(await app.detectHotKeys()).toEqual([]);
      expect(await app.detectHotKeys()).toEqual([]);
      expect(alerts.map((a) => `${a.type} ${a.key}`)).toEqual(['hot post:viral', 'cool post:viral']);
      expect(alerts[1]!.estimate).toBeCloseTo(4);
      expect(await allKeys(cluster), 'cooling down deletes the replicas').toEqual(['post:viral']);
    }));

  test('a key that went quiet cools down on the next access to any other key (the periodic sweep)', () =>
    simulate(impl, async ({ cluster, mitigator, sleep }) => {
      const alerts: HotKeyAlert[] = [];
      const app = mitigator({ ...OPTIONS, onAlert: (a) => alerts.push(a) });
      await cluster.load([
        ['post:viral', 'v1'],
        ['post:calm', 'c1'],
      ]);
      await read(app, 'post:viral', 10);
      expect(app.getMetrics().hotKeys).toEqual(['post:viral']);
      await sleep(3_000);
      expect(await app.get('post:calm')).toBe('c1'); // no detectHotKeys() call from the test
      expect(alerts.map((a) => a.type)).toEqual(['hot', 'cool']);
      expect(app.getMetrics()).toMatchObject({ hotKeys: [], localEntries: 0 });
      expect(await allKeys(cluster)).toEqual(['post:calm', 'post:viral']);
    }));

  test('detectHotKeys and getMetrics list the hot keys hottest first', () =>
    simulate(impl, async ({ cluster, mitigator }) => {
      const app = mitigator(OPTIONS);
      await cluster.load([
        ['a', '1'],
        ['b', '2'],
      ]);
      await read(app, 'a', 12);
      await read(app, 'b', 30);
      expect(await app.detectHotKeys()).toEqual(['b', 'a']);
      expect(app.getMetrics().hotKeys).toEqual(['b', 'a']);
    }));

  test('mitigateHotKey is idempotent: a second call sends nothing and keeps the replicas', () =>
    simulate(impl, async ({ cluster, mitigator }) => {
      const app = mitigator(OPTIONS);
      await cluster.load([['k', 'v']]);
      await app.mitigateHotKey('k');
      const keys = await allKeys(cluster);
      expect(keys).toHaveLength(4);
      cluster.traffic.reset();
      await app.mitigateHotKey('k');
      expect(total(cluster.traffic.commandsByNode())).toBe(0);
      expect(await allKeys(cluster)).toEqual(keys);
      expect(app.getMetrics().hotKeys).toEqual(['k']);
    }));
});

describe('HotKeyMitigator: replicas', () => {
  test('replicas outlive local copies: 3/4 of the bound against 1/4', () =>
    simulate(impl, async ({ cluster, mitigator }) => {
      const app = mitigator({ maxStalenessMs: 100 });
      await cluster.load([['k', 'v']]);
      for (const r of await app.implementKeySharding('k')) expect(await cluster.pttl(r)).toBe(REPLICA_TTL_MS);
    }));

  test('different keys start their replicas on different nodes', () =>
    simulate(impl, async ({ cluster, mitigator }) => {
      const app = mitigator({ replicas: 1 });
      const used = new Set<number>();
      for (let i = 0; i < 40; i++) {
        const [replica] = await app.implementKeySharding(`post:${i}`);
        used.add(cluster.nodeOf(replica!));
      }
      expect(used.size).toBe(6);
    }));

  test('every instance names the same replicas for a key; a missing key gets names but no writes', () =>
    simulate(impl, async ({ cluster, mitigator }) => {
      const [a, b] = [mitigator(OPTIONS), mitigator(OPTIONS)];
      const names = await a.implementKeySharding('post:missing');
      expect(await b.implementKeySharding('post:missing')).toEqual(names);
      expect(new Set(names.map((r) => cluster.nodeOf(r))).size).toBe(3);
      expect(await allKeys(cluster), 'there was no value to copy').toEqual([]);
    }));

  test('replicas are capped at one per other node: 1 on a 2-node cluster', () =>
    simulate(
      impl,
      async ({ cluster, mitigator }) => {
        const app = mitigator({ ...OPTIONS, replicas: 3 });
        await cluster.load([['k', 'v']]);
        const replicas = await app.implementKeySharding('k');
        expect(replicas).toHaveLength(1);
        expect(cluster.nodeOf(replicas[0]!)).not.toBe(cluster.nodeOf('k'));
      },
      { nodes: 2 },
    ));

  test('on a 1-node cluster a hot key has no replicas and is read from its primary', () =>
    simulate(
      impl,
      async ({ cluster, mitigator }) => {
        const app = mitigator(OPTIONS);
        await cluster.load([['k', 'v']]);
        expect(await app.implementKeySharding('k')).toEqual([]);
        await read(app, 'k', 10);
        expect(app.getMetrics().hotKeys).toEqual(['k']);
        expect(await allKeys(cluster)).toEqual(['k']);
        cluster.traffic.reset();
        expect(await app.get('k')).toBe('v'); // the local copy
        expect(cluster.traffic.reads('k')).toBe(0);
      },
      { nodes: 1 },
    ));

  test('when the replicas have expired, one primary read refills all of them', () =>
    simulate(impl, async ({ cluster, mitigator, sleep }) => {
      const app = mitigator(OPTIONS);
      await cluster.load([['k', 'v1']]);
      await read(app, 'k', 10);
      const replicas = await app.implementKeySharding('k'); // names depend on the key only: the hot key's replicas
      await sleep(REPLICA_TTL_MS + 5); // replicas and local copy expired
      for (const r of replicas) expect(await cluster.peek(r)).toBeNull();
      cluster.traffic.reset();
      expect(await app.get('k')).toBe('v1');
      expect(cluster.traffic.reads('k'), 'one read of the primary').toBe(1);
      await sleep(1); // the refill is not awaited by the read
      for (const r of replicas) expect(await cluster.pttl(r)).toBeGreaterThan(REPLICA_TTL_MS - 5);
      await sleep(LOCAL_TTL_MS + 1); // the local copy expired, the replicas did not
      const replicaReads = app.getMetrics().replicaReads;
      expect(await app.get('k')).toBe('v1');
      expect(app.getMetrics().replicaReads).toBe(replicaReads + 1);
      expect(cluster.traffic.reads('k'), 'the primary was not read again').toBe(1);
    }));

  test('a hot key missing everywhere reads null, and null is not kept as a local copy', () =>
    simulate(impl, async ({ cluster, mitigator }) => {
      const app = mitigator(OPTIONS);
      await read(app, 'ghost', 10);
      expect(app.getMetrics().hotKeys).toEqual(['ghost']);
      expect(await app.get('ghost')).toBeNull();
      expect(app.getMetrics().localEntries).toBe(0);
      expect(await allKeys(cluster)).toEqual([]);
    }));
});

describe('HotKeyMitigator: writes and local copies', () => {
  test("a write to a key that is not hot drops this instance's local copy of it", () =>
    simulate(impl, async ({ cluster, mitigator }) => {
      const app = mitigator(OPTIONS);
      app.addLocalCaching('k', 'old');
      expect(app.getMetrics().localEntries).toBe(1);
      await app.set('k', 'new');
      expect(app.getMetrics().localEntries).toBe(0);
      expect(await app.get('k')).toBe('new');
      expect(await cluster.peek('k')).toBe('new');
    }));

  test("a write to a hot key renews every replica's TTL and this instance's local copy", () =>
    simulate(impl, async ({ cluster, mitigator, sleep }) => {
      const app = mitigator(OPTIONS);
      await cluster.load([['k', 'v1']]);
      await read(app, 'k', 10);
      const replicas = await app.implementKeySharding('k');
      await sleep(50);
      await app.set('k', 'v2');
      for (const r of replicas) {
        expect(await cluster.peek(r)).toBe('v2');
        expect(await cluster.pttl(r)).toBe(REPLICA_TTL_MS);
      }
      cluster.traffic.reset();
      expect(await app.get('k')).toBe('v2');
      expect(total(cluster.traffic.readsByNode()), 'read from the fresh local copy').toBe(0);
    }));

  test('a local copy is served for maxStalenessMs / 4, then the read goes to the cluster', () =>
    simulate(impl, async ({ cluster, mitigator, sleep }) => {
      const app = mitigator(OPTIONS);
      app.addLocalCaching('k', 'local');
      await sleep(LOCAL_TTL_MS - 1);
      expect(await app.get('k')).toBe('local');
      await sleep(1);
      expect(await app.get('k'), 'the copy expired; the cluster has nothing').toBeNull();
      expect(app.getMetrics().localHits).toBe(1);
      expect(cluster.traffic.reads('k')).toBe(1);
    }));
});

describe('HotKeyMitigator: a node going down', () => {
  /** A hot key with 3 replicas holding v1 and no fresh local copy; `random: () => 0` reads replica 0 first. */
  async function hotKeyWithReplicas(sim: Simulation) {
    const app = sim.mitigator({ ...OPTIONS, random: () => 0 });
    await sim.cluster.load([['k', 'v1']]);
    await read(app, 'k', 10);
    const replicas = await app.implementKeySharding('k'); // names depend on the key only: the hot key's replicas
    await sim.sleep(LOCAL_TTL_MS + 1);
    sim.cluster.traffic.reset();
    return { app, replicas, primary: sim.cluster.nodeOf('k'), nodeOf: (key: string) => sim.cluster.nodeOf(key) };
  }

  test("a read falls back to the primary when the chosen replica's node is down", () =>
    simulate(impl, async (sim) => {
      const { app, replicas, nodeOf } = await hotKeyWithReplicas(sim);
      const replicaReads = app.getMetrics().replicaReads;
      sim.cluster.setDown(nodeOf(replicas[0]!), true);
      expect(await app.get('k')).toBe('v1');
      expect(sim.cluster.traffic.reads('k')).toBe(1);
      expect(app.getMetrics().replicaReads, 'the primary answered, not a replica').toBe(replicaReads);
    }));

  test('a read falls back to the other replicas when the primary is down too', () =>
    simulate(impl, async (sim) => {
      const { app, replicas, primary, nodeOf } = await hotKeyWithReplicas(sim);
      sim.cluster.setDown(nodeOf(replicas[0]!), true);
      sim.cluster.setDown(primary, true);
      expect(await app.get('k')).toBe('v1');
      expect(sim.cluster.traffic.reads(replicas[1]!)).toBe(1);
    }));

  test("a read fails with the cache's E_NODE_DOWN when every copy is down", () =>
    simulate(impl, async (sim) => {
      const { app } = await hotKeyWithReplicas(sim);
      for (let n = 0; n < sim.cluster.nodes; n++) sim.cluster.setDown(n, true);
      await expect(app.get('k')).rejects.toBeInstanceOf(NodeDownError);
    }));

  test('a read of a key that is not hot does not hide a node that is down', () =>
    simulate(impl, async ({ cluster, mitigator }) => {
      const app = mitigator(OPTIONS);
      await cluster.load([['calm', 'c']]);
      cluster.setDown(cluster.nodeOf('calm'), true);
      await expect(app.get('calm')).rejects.toMatchObject({ code: 'E_NODE_DOWN' });
    }));

  test('a write whose primary is down fails with E_NODE_DOWN, and no replica gets ahead of it', () =>
    simulate(impl, async (sim) => {
      const { app, replicas, primary } = await hotKeyWithReplicas(sim);
      sim.cluster.setDown(primary, true);
      await expect(app.set('k', 'v2')).rejects.toMatchObject({ code: 'E_NODE_DOWN' });
      for (const r of replicas) expect(await sim.cluster.peek(r)).toBe('v1');
    }));

  test("a write succeeds when a replica's node is down; the missed replica expires within the bound", () =>
    simulate(impl, async (sim) => {
      const { app, replicas, nodeOf } = await hotKeyWithReplicas(sim);
      sim.cluster.setDown(nodeOf(replicas[0]!), true);
      await app.set('k', 'v2');
      expect(await sim.cluster.peek('k')).toBe('v2');
      expect(await sim.cluster.peek(replicas[1]!)).toBe('v2');
      expect(await sim.cluster.peek(replicas[2]!)).toBe('v2');
      expect(await sim.cluster.peek(replicas[0]!), 'the replica that missed the write').toBe('v1');
      await sim.sleep(REPLICA_TTL_MS);
      expect(await sim.cluster.peek(replicas[0]!)).toBeNull();
    }));

  test("cooling down with a replica's node down still forgets the key and deletes the other replicas", () =>
    simulate(impl, async (sim) => {
      const { app, replicas, nodeOf } = await hotKeyWithReplicas(sim);
      await app.get('k'); // a fresh local copy
      expect(app.getMetrics().localEntries).toBe(1);
      sim.cluster.setDown(nodeOf(replicas[0]!), true);
      await app.coolDownHotKey('k');
      expect(app.getMetrics()).toMatchObject({ hotKeys: [], localEntries: 0 });
      expect(await sim.cluster.peek(replicas[1]!)).toBeNull();
      expect(await sim.cluster.peek(replicas[2]!)).toBeNull();
      sim.cluster.setDown(nodeOf(replicas[0]!), false);
      sim.cluster.traffic.reset();
      expect(await app.get('k')).toBe('v1');
      expect(sim.cluster.traffic.reads('k'), 'a cold key is read from its primary').toBe(1);
    }));
});

describe('HotKeyMitigator: typed errors', () => {
  test('bad keys and values are refused with E_INVALID_KEY / E_INVALID_VALUE before reaching the cluster', () =>
    simulate(impl, async ({ cluster, mitigator }) => {
      const app = mitigator(OPTIONS);
      await expect(app.get('')).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(app.set('', 'v')).rejects.toMatchObject({ code: 'E_INVALID_KEY' });
      await expect(app.set('k', 42 as never)).rejects.toBeInstanceOf(InvalidValueError);
      await expect(app.mitigateHotKey('')).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(app.implementKeySharding('')).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(app.coolDownHotKey('')).rejects.toBeInstanceOf(InvalidKeyError);
      expect(() => app.addLocalCaching('k', { a: 1 } as never)).toThrow(InvalidValueError);
      expect(() => app.addLocalCaching('', 'v')).toThrow(InvalidKeyError);
      expect(total(cluster.traffic.commandsByNode())).toBe(0);
      expect(app.getMetrics().localEntries).toBe(0);
    }));

  test('bad options are refused with E_INVALID_OPTION', () =>
    simulate(impl, async ({ mitigator }) => {
      expect(() => mitigator({ replicas: 0 })).toThrow(InvalidOptionError);
      expect(() => mitigator({ coolDownRatio: 1.5 })).toThrow(/options\.coolDownRatio/);
    }));
});
