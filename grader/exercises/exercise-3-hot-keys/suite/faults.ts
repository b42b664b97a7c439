/** Hidden tests of a node going down: hot keys keep being served, writes behave, nothing stays stale. */
import { expect } from 'vitest';
import type { SuiteContext } from './kit.js';

/** Registers the node-failure tests. */
export function registerFaultTests({ scenario, clusterKind }: SuiteContext): void {
  // The tests below take a node down with the client's switch (setDown: its commands fail with
  // E_NODE_DOWN), on every backend; a real Redis Cluster also fails over for real.
  if (clusterKind === 'redis-cluster') registerFailoverTest(scenario);
  scenario("node down: a replica's node fails; reads and writes of the hot key go on, and nothing stale is read", async ({ cluster, mitigator, sleep }) => {
    const [a, b] = [mitigator(), mitigator()];
    await cluster.load([['post:viral', 'v1']]);
    for (let i = 0; i < 10; i++) await Promise.all([a.get('post:viral'), b.get('post:viral')]);
    const replicas = await a.implementKeySharding('post:viral');
    const down = cluster.nodeOf(replicas[0]!);
    cluster.setDown(down, true);
    for (let i = 0; i < 30; i++) expect(await a.get('post:viral'), `read ${i + 1} with node ${down} (a replica's) down`).toBe('v1');
    await b.set('post:viral', 'v2');
    await sleep(6); // the bound is 5 units
    for (let i = 0; i < 30; i++) expect(await a.get('post:viral'), `read ${i + 1} after b wrote v2, node ${down} still down`).toBe('v2');
    cluster.setDown(down, false);
    await sleep(6);
    for (let i = 0; i < 30; i++) expect(await a.get('post:viral'), `read ${i + 1} after node ${down} came back with a replica that missed v2`).toBe('v2');
  });

  scenario("node down: the key's own node fails; reads of the hot key are served from its copies, writes fail loudly", async ({ cluster, mitigator }) => {
    const app = mitigator();
    await cluster.load([['post:viral', 'v1']]);
    for (let i = 0; i < 10; i++) await app.get('post:viral');
    await app.detectHotKeys();
    const home = cluster.nodeOf('post:viral');
    cluster.setDown(home, true);
    for (let i = 0; i < 20; i++)
      expect(await app.get('post:viral'), `read ${i + 1} with the key's own node ${home} down: its replicas and local copy hold it`).toBe('v1');
    const error = await app.set('post:viral', 'v2').then(
      () => 'resolved',
      (e: unknown) => e,
    );
    expect(error, 'a write whose primary node is down must reject (the write did not happen)').toBeInstanceOf(Error);
    cluster.setDown(home, false);
    await app.set('post:viral', 'v3');
    expect(await app.get('post:viral'), 'after the node came back').toBe('v3');
  });

  scenario('node down: cooling down a key whose replica node is down does not throw', async ({ cluster, mitigator, sleep }) => {
    const app = mitigator();
    await cluster.load([['post:1', 'v']]);
    for (let i = 0; i < 10; i++) await app.get('post:1');
    const replicas = await app.implementKeySharding('post:1');
    await app.mitigateHotKey('post:1');
    cluster.setDown(cluster.nodeOf(replicas[1]!), true);
    await app.coolDownHotKey('post:1');
    await sleep(30);
    expect(await app.detectHotKeys(), 'cooled').toEqual([]);
    cluster.setDown(cluster.nodeOf(replicas[1]!), false);
    expect(await app.get('post:1')).toBe('v');
  });
}

/**
 * Redis Cluster only: the hot key's master hands its slots to its replica (CLUSTER FAILOVER) while
 * two instances read and write the key. The clients get MOVED from the old master and follow it;
 * no request of the mitigator may fail, and reads catch up with the last write within the bound.
 */
function registerFailoverTest(scenario: SuiteContext['scenario']): void {
  scenario(
    "failover (Redis Cluster): the hot key's master fails over to its replica during reads and writes; no request fails",
    async ({ cluster, mitigator, sleep }) => {
      const [reader, writer] = [mitigator(), mitigator()];
      await cluster.load([['post:viral', 'v0']]);
      for (let i = 0; i < 10; i++) await Promise.all([reader.get('post:viral'), writer.get('post:viral')]);
      await Promise.all([reader.detectHotKeys(), writer.detectHotKeys()]);
      const home = cluster.nodeOf('post:viral');
      const failures: string[] = [];
      let going = true;
      let writes = 0;
      const loop = async (step: () => Promise<unknown>) => {
        while (going) {
          await step().catch((e: unknown) => failures.push(e instanceof Error ? e.message : String(e)));
          await sleep(0.1);
        }
      };
      const loops = [loop(() => reader.get('post:viral')), loop(() => writer.set('post:viral', `v${++writes}`)), loop(() => writer.get('post:viral'))];
      await cluster.failover!(home);
      await sleep(4);
      going = false;
      await Promise.all(loops);
      expect(failures, `requests that failed while node ${home} failed over`).toEqual([]);
      expect(writes, 'writes during the failover').toBeGreaterThan(5);
      expect(cluster.nodeOf('post:viral'), 'the shard keeps its index when its replica takes over').toBe(home);
      await writer.set('post:viral', 'after');
      await sleep(6); // the bound is 5 units
      for (let i = 0; i < 10; i++) expect(await reader.get('post:viral'), `read ${i + 1} after the failover and a write`).toBe('after');
      expect(await cluster.peek('post:viral'), 'on the new master').toBe('after');
    },
  );
}
