/** Hidden tests of HotKeyDetector: windows, ordering, the memory bound, edge sizes. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect } from 'vitest';
import type { SuiteContext } from './kit.js';

/** A garbage collector to call, so retained memory can be measured without noise. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Registers the detector tests. */
export function registerDetectorTests({ scenario }: SuiteContext): void {
  scenario('detector: counts within a window are exact while few keys are tracked, and top() is sorted', async ({ detector }) => {
    const d = detector({ windowMs: 60_000, maxTrackedKeys: 100 });
    const plan: Record<string, number> = { 'post:a': 7, 'post:b': 3, 'user:{1}:c': 12, 'ключ 🔑': 1 };
    for (const [key, n] of Object.entries(plan))
      for (let i = 0; i < n; i++) expect(d.record(key), `record returns the estimate after counting (${key}, access ${i + 1})`).toBe(i + 1);
    for (const [key, n] of Object.entries(plan)) expect(d.estimate(key), key).toBe(n);
    expect(d.top()).toEqual([
      { key: 'user:{1}:c', estimate: 12 },
      { key: 'post:a', estimate: 7 },
      { key: 'post:b', estimate: 3 },
      { key: 'ключ 🔑', estimate: 1 },
    ]);
    expect(d.size, 'keys tracked').toBe(4);
  });

  scenario('detector: a steady rate keeps a steady estimate across windows; silence brings it to 0', async ({ detector, sleep, u }) => {
    const d = detector({ windowMs: 10 * u, maxTrackedKeys: 100 });
    const seen: number[] = [];
    // 2 accesses per u: 20 per window, for 5 windows.
    for (let t = 0; t < 50; t++) {
      d.record('steady');
      d.record('steady');
      if (t >= 15 && t % 5 === 2) seen.push(d.estimate('steady'));
      await sleep(1);
    }
    for (const e of seen) expect(e, `estimates sampled across windows at a steady 20 per window: ${seen.join(', ')}`).toBeGreaterThanOrEqual(14);
    for (const e of seen) expect(e, `estimates sampled across windows at a steady 20 per window: ${seen.join(', ')}`).toBeLessThanOrEqual(26);
    await sleep(25);
    expect(d.estimate('steady'), '2.5 windows of silence').toBe(0);
    expect(d.top(), 'nothing accessed in the last window').toEqual([]);
  });

  scenario('detector: maxTrackedKeys 1 still works', async ({ detector }) => {
    const d = detector({ windowMs: 60_000, maxTrackedKeys: 1 });
    for (let i = 0; i < 5; i++) d.record('only');
    expect(d.estimate('only')).toBe(5);
    d.record('other');
    expect(d.size, 'maxTrackedKeys 1').toBeLessThanOrEqual(1);
  });

  scenario('detector: 200,000 distinct one-off keys: bounded entries, bounded memory, the heavy key found', async ({ detector }) => {
    const gc = collector();
    const d = detector({ windowMs: 600_000, maxTrackedKeys: 500 });
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 200_000; i++) {
      d.record(`flood:${i}:${'x'.repeat(20)}`);
      if (i % 10 === 0) d.record('heavy');
    }
    gc();
    const retainedMb = (process.memoryUsage().heapUsed - before) / 1e6;
    expect(d.size, 'keys tracked with maxTrackedKeys 500').toBeLessThanOrEqual(500);
    // A Map of every key would hold ≈ 40 MB here; 500 entries hold well under 1 MB.
    expect(retainedMb, `the detector retains ${retainedMb.toFixed(1)} MB after 200,000 distinct keys: it must not keep every key`).toBeLessThan(10);
    expect(d.top()[0]?.key, 'the key with 20,000 accesses').toBe('heavy');
    expect(d.estimate('heavy'), 'the heavy key was accessed 20,000 times').toBeGreaterThanOrEqual(18_000);
    expect(d.estimate(`flood:123:${'x'.repeat(20)}`), 'a one-off key').toBeLessThan(1_000);
  });
}
