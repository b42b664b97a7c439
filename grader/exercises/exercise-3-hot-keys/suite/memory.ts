/** Hidden tests of the mitigator's memory and metrics under a flood of one-off keys. */
import { expect } from 'vitest';
import type { SuiteContext } from './kit.js';

/** Registers the flood and metrics tests. */
export function registerMemoryTests({ scenario, kind }: SuiteContext): void {
  const flood = kind === 'embedded' ? 20_000 : 3_000;
  scenario(`flood: ${flood} distinct one-off keys keep the detector bounded and turn nothing hot`, async ({ cluster, mitigator }) => {
    const app = mitigator({ threshold: 10, maxTrackedKeys: 200 });
    await cluster.load([['post:viral', 'v']]);
    let peak = 0;
    for (let i = 0; i < flood; i++) {
      await app.get(i % 10 === 0 ? 'post:viral' : `one-off:${i}`);
      if (i % 500 === 0) peak = Math.max(peak, app.getMetrics().detectorEntries);
    }
    const metrics = app.getMetrics();
    expect(Math.max(peak, metrics.detectorEntries), 'detector entries with maxTrackedKeys 200').toBeLessThanOrEqual(200);
    expect(metrics.hotKeys, 'only the key read every 10th access is hot').toEqual(['post:viral']);
    expect(
      app.alerts.map((a) => a.key),
      'alerts',
    ).toEqual(['post:viral']);
    expect(metrics.localEntries, 'local copies are kept for hot keys only').toBeLessThanOrEqual(1);
  });

  scenario('metrics: local hits and replica reads are counted; cooling drops the local copy', async ({ cluster, mitigator, sleep }) => {
    const app = mitigator();
    await cluster.load([['post:viral', 'v']]);
    for (let i = 0; i < 10; i++) await app.get('post:viral');
    await app.detectHotKeys();
    const before = app.getMetrics();
    for (let i = 0; i < 20; i++) await app.get('post:viral');
    for (let i = 0; i < 20; i++) {
      await app.get('post:viral');
      await sleep(1);
    }
    const after = app.getMetrics();
    expect(after.localHits - before.localHits, 'reads answered locally').toBeGreaterThanOrEqual(15);
    expect(
      after.replicaReads - before.replicaReads,
      'reads over 20 units, with local copies expiring: some must be answered by replicas',
    ).toBeGreaterThanOrEqual(1);
    // Whether a read keeps a local copy (of a replica's value, say) is the implementation's choice;
    // addLocalCaching keeps one by definition, and cooling down must drop it.
    app.addLocalCaching('post:viral', 'v');
    expect(app.getMetrics().localEntries, 'right after addLocalCaching').toBe(1);
    await sleep(30);
    await app.detectHotKeys();
    expect(app.getMetrics().localEntries, 'after cooling down').toBe(0);
    expect(app.getMetrics().hotKeys).toEqual([]);
  });
}
