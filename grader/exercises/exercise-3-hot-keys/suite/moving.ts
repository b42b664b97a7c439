/** Hidden tests of a hot set that moves: old keys cool down and lose their replicas, new ones heat up. */
import { expect } from 'vitest';
import type { SuiteContext } from './kit.js';

/** Registers the moving-hot-set tests. */
export function registerMovingTests({ scenario, nodes }: SuiteContext): void {
  // Replicas a hot key gets with the base options (3), at most one per other node.
  const fit = Math.min(3, nodes - 1);
  scenario(
    'moving hot set: old hot keys cool down (alert, replicas deleted, local copy dropped), new ones turn hot',
    async ({ cluster, mitigator, sleep, allKeys }) => {
      const app = mitigator();
      const phase1 = ['post:1', 'user:{5}:timeline'];
      const phase2 = ['post:2', 'post:3'];
      await cluster.load([...phase1, ...phase2].map((k) => [k, `${k}@0`]));
      const drive = async (keys: string[], windows: number) => {
        for (let step = 0; step < windows * 10; step++) {
          for (const k of keys) for (let i = 0; i < 3; i++) await app.get(k);
          await sleep(1);
        }
      };
      await drive(phase1, 2);
      expect((await app.detectHotKeys()).sort(), 'phase 1').toEqual([...phase1].sort());
      await drive(phase2, 3);
      expect((await app.detectHotKeys()).sort(), 'phase 2: the hot set moved').toEqual([...phase2].sort());
      const events = app.alerts.map((a) => `${a.type} ${a.key}`);
      for (const k of phase1)
        expect(
          events.filter((e) => e.endsWith(` ${k}`)),
          `alerts of ${k}`,
        ).toEqual([`hot ${k}`, `cool ${k}`]);
      for (const k of phase2)
        expect(
          events.filter((e) => e.endsWith(` ${k}`)),
          `alerts of ${k}`,
        ).toEqual([`hot ${k}`]);
      await sleep(6); // replicas refilled by a read racing the cool-down expire within the bound (5 units)
      for (const k of phase2) await app.get(k); // replicas live as long as their key is read
      const stored = await allKeys();
      expect(stored.length, `4 keys and ${fit} replicas of each of the 2 hot ones; the cooled keys' replicas must be gone. Stored: ${stored.join(', ')}`).toBe(
        4 + 2 * fit,
      );
      expect(app.getMetrics().hotKeys.sort()).toEqual([...phase2].sort());
      // A cooled key is read from its primary again: a write there is seen at once.
      await cluster.load([['post:1', 'post:1@changed']]);
      expect(await app.get('post:1'), 'post:1 cooled down: no local copy may answer for it').toBe('post:1@changed');
    },
  );

  scenario('concurrency: a key turning hot under 50 concurrent reads gets one alert and one set of replicas', async ({ cluster, mitigator, allKeys }) => {
    const app = mitigator({ threshold: 5, replicas: 2 });
    await cluster.load([['post:burst', 'b']]);
    const values = await Promise.all(Array.from({ length: 50 }, () => app.get('post:burst')));
    expect(new Set(values)).toEqual(new Set(['b']));
    await app.detectHotKeys();
    expect(
      app.alerts.map((a) => `${a.type} ${a.key}`),
      'alerts',
    ).toEqual(['hot post:burst']);
    expect((await allKeys()).length, `the key and 2 replicas: ${(await allKeys()).join(', ')}`).toBe(3);
    expect(app.getMetrics().alerts).toBe(1);
  });

  scenario('several instances: each detects and mitigates on its own traffic; replicas are shared', async ({ cluster, mitigator, allKeys }) => {
    const apps = [mitigator(), mitigator(), mitigator()];
    await cluster.load([['post:shared', 's']]);
    for (const app of apps) for (let i = 0; i < 10; i++) await app.get('post:shared');
    for (const app of apps) expect(await app.detectHotKeys()).toEqual(['post:shared']);
    expect((await allKeys()).length, `instances agree on the replica names: 1 key + ${fit} replicas in all`).toBe(1 + fit);
  });
}
