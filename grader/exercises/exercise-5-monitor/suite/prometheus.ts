/**
 * Hidden tests of exportPrometheus: the text format itself (every line a comment or a sample),
 * cache_up after a failed collection, counters that keep growing across a restart, labelled
 * latency quantiles and active alerts.
 */
import { expect } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../../../lib/exercises/exercise-5-monitor/options.js';
import { rig } from '../../../../lib/exercises/exercise-5-monitor/testing.js';
import { minutes, type SuiteContext } from './kit.js';

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="[^"]*"(,[a-zA-Z_][a-zA-Z0-9_]*="[^"]*")*\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/;

function value(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** Registers the Prometheus tests. */
export function registerPrometheusTests(ctx: SuiteContext): void {
  ctx.sim('every line is a comment or a sample; types are declared', async (impl) => {
    const r = rig(impl);
    await r.steps(3);
    const text = await r.monitor.exportPrometheus();
    for (const line of text.split('\n').filter((l) => l !== '')) {
      expect(line.startsWith('# HELP ') || line.startsWith('# TYPE ') || SAMPLE.test(line), line).toBe(true);
    }
    expect(text).toMatch(/^# TYPE cache_keyspace_hits_total counter$/m);
    expect(text).toMatch(/^# TYPE cache_memory_used_bytes gauge$/m);
    expect(value(text, 'cache_memory_used_bytes')).toBe(500_000_000);
    expect(value(text, 'cache_memory_max_bytes')).toBe(1_000_000_000);
  });

  ctx.sim('cache_up is 0 after a failed collection, 1 again after a good one', async (impl) => {
    const r = rig(impl);
    await r.step();
    r.server.mode = { kind: 'down' };
    await r.step();
    expect(value(await r.monitor.exportPrometheus(), 'cache_up')).toBe(0);
    r.server.mode = { kind: 'up' };
    await r.step();
    expect(value(await r.monitor.exportPrometheus(), 'cache_up')).toBe(1);
  });

  ctx.sim('counters never go down, even across a server restart', async (impl) => {
    const r = rig(impl);
    await r.steps(5, { readsPerSec: 100, hitRatio: 50 });
    const before = value(await r.monitor.exportPrometheus(), 'cache_keyspace_hits_total')!;
    r.server.restart();
    await r.step({ readsPerSec: 100, hitRatio: 50 });
    const after = value(await r.monitor.exportPrometheus(), 'cache_keyspace_hits_total')!;
    expect(before).toBe(2_000);
    expect(after).toBe(2_500);
  });

  ctx.sim('latency quantiles in seconds, and one series per active alert', async (impl) => {
    const r = rig(impl, { thresholds: { latency: { ...DEFAULT_THRESHOLDS.latency, forMs: 0 } } });
    await r.steps(minutes(1), { ops: [{ ms: 80, count: 100 }] });
    const text = await r.monitor.exportPrometheus();
    expect(value(text, 'cache_client_latency_seconds', '{quantile="0.95"}')).toBeCloseTo(0.08, 9);
    expect(value(text, 'cache_alert_active', '{rule="latency",severity="warning"}')).toBe(1);
  });
}
