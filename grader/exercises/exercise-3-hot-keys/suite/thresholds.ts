/** Hidden tests of when a key is hot: threshold edges, hysteresis, options and bad input. */
import { expect } from 'vitest';
import { thrownCode, type SuiteContext } from './kit.js';

/** Registers the threshold tests. */
export function registerThresholdTests({ scenario }: SuiteContext): void {
  scenario('threshold: exactly `threshold` accesses make a key hot, one fewer does not', async ({ cluster, mitigator }) => {
    const app = mitigator({ threshold: 5 });
    await cluster.load([
      ['at', 'a'],
      ['below', 'b'],
    ]);
    for (let i = 0; i < 5; i++) await app.get('at');
    for (let i = 0; i < 4; i++) await app.get('below');
    expect(await app.detectHotKeys(), 'threshold 5: "at" read 5 times, "below" 4 times').toEqual(['at']);
    expect(app.alerts.map((a) => `${a.type} ${a.key} ${a.threshold}`)).toEqual(['hot at 5']);
    expect(app.alerts[0]!.estimate, 'the alert carries the estimate').toBeGreaterThanOrEqual(5);
  });

  scenario('threshold: 1 makes every key hot at its first access; writes count as accesses', async ({ cluster, mitigator }) => {
    const app = mitigator({ threshold: 1 });
    await cluster.load([['r', 'r0']]);
    expect(await app.get('r')).toBe('r0');
    await app.set('w', 'w1');
    expect((await app.detectHotKeys()).sort()).toEqual(['r', 'w']);
    expect(await app.get('w'), 'a hot key written by this instance').toBe('w1');
  });

  scenario('threshold: a huge threshold never turns anything hot', async ({ cluster, mitigator, allKeys }) => {
    const app = mitigator({ threshold: 1e9 });
    await cluster.load([['k', 'v']]);
    for (let i = 0; i < 200; i++) await app.get('k');
    expect(await app.detectHotKeys()).toEqual([]);
    expect(app.alerts).toEqual([]);
    expect(await allKeys(), 'no replicas made').toEqual(['k']);
  });

  scenario('hysteresis: a hot key between threshold × coolDownRatio and threshold stays hot (no flapping)', async ({ cluster, mitigator, sleep, base }) => {
    const app = mitigator({ threshold: 20, coolDownRatio: 0.5 });
    await cluster.load([['wavy', 'w']]);
    const readsPerWindow = async (n: number, windows: number) => {
      for (let w = 0; w < windows; w++) {
        for (let i = 0; i < 10; i++) {
          const reads = Math.floor(((i + 1) * n) / 10) - Math.floor((i * n) / 10);
          for (let j = 0; j < reads; j++) await app.get('wavy');
          await app.detectHotKeys();
          await sleep(1);
        }
      }
    };
    await readsPerWindow(30, 2); // hot
    await readsPerWindow(14, 3); // 70% of the threshold: still hot
    expect(
      app.alerts.map((a) => a.type),
      `alerts while the key ran at 30, then 14 accesses per ${base.windowMs} ms window (threshold 20, cool-down below 10)`,
    ).toEqual(['hot']);
    await readsPerWindow(0, 3); // silent: cools
    expect(app.alerts.map((a) => a.type)).toEqual(['hot', 'cool']);
  });

  scenario('options: bad values are refused with E_INVALID_OPTION; good ones work', async ({ cluster, impl }) => {
    const client = cluster.client();
    const bad: Record<string, unknown>[] = [
      { threshold: 0 },
      { threshold: -1 },
      { threshold: Number.NaN },
      { threshold: '10' },
      { windowMs: 0 },
      { replicas: 0 },
      { replicas: 1.5 },
      { maxStalenessMs: 0 },
      { coolDownRatio: 0 },
      { coolDownRatio: 1.5 },
      { maxTrackedKeys: 0 },
      { onAlert: 'log' },
      { random: 0.5 },
    ];
    for (const options of bad)
      expect(await thrownCode(() => new impl.HotKeyMitigator(client, options as never)), JSON.stringify(options)).toBe('E_INVALID_OPTION');
    expect(await thrownCode(() => new impl.HotKeyDetector({ maxTrackedKeys: -5 }))).toBe('E_INVALID_OPTION');
    const app = new impl.HotKeyMitigator(client, { threshold: 2, replicas: 1, maxStalenessMs: 1, coolDownRatio: 1 });
    await app.set('k', 'v');
    expect(await app.get('k')).toBe('v');
    expect(await app.detectHotKeys(), 'threshold 2, two accesses').toEqual(['k']);
  });

  scenario('bad input: keys must be non-empty strings, values strings', async ({ mitigator }) => {
    const app = mitigator();
    for (const key of ['', undefined, 42, null]) {
      expect(await thrownCode(() => app.get(key as string)), `get(${JSON.stringify(key)})`).toBe('E_INVALID_KEY');
      expect(await thrownCode(() => app.set(key as string, 'v')), `set(${JSON.stringify(key)}, 'v')`).toBe('E_INVALID_KEY');
    }
    for (const value of [42, null, undefined, { a: 1 }])
      expect(await thrownCode(() => app.set('k', value as unknown as string)), `set('k', ${JSON.stringify(value)})`).toBe('E_INVALID_VALUE');
    await app.set('k', '');
    expect(await app.get('k'), 'the empty string is a value').toBe('');
    expect(await app.get('missing'), 'a missing key').toBeNull();
  });
}
