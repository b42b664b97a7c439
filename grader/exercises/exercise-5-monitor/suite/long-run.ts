/** Hidden test: a monitor left running for days keeps bounded state and keeps working. */
import { expect } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../../../lib/exercises/exercise-5-monitor/options.js';
import { rig } from '../../../../lib/exercises/exercise-5-monitor/testing.js';
import type { SuiteContext } from './kit.js';

/** Registers the long-run test. */
export function registerLongRunTests(ctx: SuiteContext): void {
  ctx.sim('20,000 collections (2.3 days of 10 s samples): history bounded, alerts still work', async (impl) => {
    const r = rig(impl, { options: { historyLimit: 500 }, thresholds: { latency: { ...DEFAULT_THRESHOLDS.latency, forMs: 0 } } });
    for (let i = 0; i < 20_000; i++) {
      const s = await r.step({ readsPerSec: 10, ops: [{ ms: i % 5_000 < 4_990 ? 2 : 90, count: 2 }] });
      if (i % 1_000 === 0) expect(s.up).toBe(true);
    }
    expect(r.monitor.history().length).toBe(500);
    expect(r.monitor.history().at(-1)!.at - r.monitor.history()[0]!.at).toBe(499 * 10_000);
    expect(r.events.filter((e) => e.kind === 'firing').length, 'one latency episode every 5,000 samples').toBe(4);
  });
}
