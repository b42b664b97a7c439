/**
 * Hidden tests of collectMetrics: the first sample, servers that are down, slow or hanging,
 * counter resets with and without a new run id, no reads, no maxmemory, Redis 6 without
 * maxclients (and a CONFIG that fails), and no NaN anywhere.
 */
import { expect } from 'vitest';
import { rig } from '../../../../lib/exercises/exercise-5-monitor/testing.js';
import { asUp, minutes, type SuiteContext } from './kit.js';

function numbersOf(value: unknown, path = 'sample'): [string, number][] {
  if (typeof value === 'number') return [[path, value]];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => numbersOf(v, `${path}.${k}`));
}

/** Registers the collection tests. */
export function registerCollectTests(ctx: SuiteContext): void {
  ctx.sim('the first sample: no previous counters, so every delta is 0 and the hit ratio unknown', async (impl) => {
    const r = rig(impl);
    r.server.add({ hits: 1_000_000, misses: 50_000 });
    const s = asUp(await r.step());
    expect([s.intervalMs, s.hits, s.misses, s.evictedKeys, s.reset]).toEqual([0, 0, 0, 0, false]);
    expect(s.hitRatio).toBeNull();
    expect(s.server).toEqual({ name: 'redis', version: '7.0.15' });
  });

  ctx.sim('INFO that never answers: a down sample after infoTimeoutMs, not a hang', async (impl) => {
    const r = rig(impl, { options: { infoTimeoutMs: 2_000 } });
    await r.step();
    r.server.mode = { kind: 'hang' };
    const before = Date.now();
    const s = await r.monitor.collectMetrics();
    expect(s.up).toBe(false);
    expect(Date.now() - before, 'waited exactly the timeout (virtual clock)').toBe(2_000);
    expect(s.up === false && s.error.length > 0).toBe(true);
  });

  ctx.sim('INFO that is slow but within the timeout still counts', async (impl) => {
    const r = rig(impl, { options: { infoTimeoutMs: 2_000 } });
    await r.step();
    r.server.mode = { kind: 'slow', delayMs: 1_500 };
    expect((await r.step()).up).toBe(true);
  });

  ctx.sim('a server that goes down and comes back: deltas span the gap, no reset', async (impl) => {
    const r = rig(impl);
    await r.step();
    r.server.mode = { kind: 'down' };
    const down = await r.step({ readsPerSec: 100, hitRatio: 50 });
    expect(down.up).toBe(false);
    r.server.mode = { kind: 'up' };
    const s = asUp(await r.step({ readsPerSec: 100, hitRatio: 50 }));
    expect([s.hits, s.misses, s.reset, s.intervalMs]).toEqual([1_000, 1_000, false, 20_000]);
    expect(r.monitor.history().map((x) => x.up)).toEqual([true, false, true]);
  });

  ctx.sim('counters that fall without a new run id (CONFIG RESETSTAT) are a reset too', async (impl) => {
    const r = rig(impl);
    await r.steps(3);
    const figures = r.server.figures();
    r.server.add({ hits: -figures.hits, misses: -figures.misses, evictedKeys: -figures.evictedKeys });
    const s = asUp(await r.step({ readsPerSec: 100, hitRatio: 70 }));
    expect(s.reset).toBe(true);
    expect([s.hits, s.misses]).toEqual([700, 300]);
    expect(s.hits >= 0 && s.misses >= 0 && s.evictedKeys >= 0 && s.expiredKeys >= 0 && s.connectionsReceived >= 0).toBe(true);
  });

  ctx.sim('a restart that loses the data: reset, keys gone', async (impl) => {
    const r = rig(impl);
    await r.steps(minutes(2), { keys: 40_000 });
    r.server.restart(false);
    const s = asUp(await r.step({ readsPerSec: 100, hitRatio: 10 }));
    expect([s.reset, s.keys, s.hits]).toEqual([true, 0, 100]);
    expect(r.monitor.analyzePerformance().trend.keysLostPct).toBe(100);
  });

  ctx.sim('no traffic at all: nothing is NaN or infinite', async (impl) => {
    const r = rig(impl);
    await r.step({ readsPerSec: 0, ops: [] });
    const s = asUp(await r.step({ readsPerSec: 0, ops: [] }));
    expect([s.hitRatio, s.p50Ms, s.p95Ms, s.p99Ms, s.ops]).toEqual([null, null, null, null, 0]);
    const bad = numbersOf(s).filter(([, v]) => !Number.isFinite(v));
    expect(bad, 'non-finite numbers in the sample').toEqual([]);
    const a = r.monitor.analyzePerformance();
    expect(
      numbersOf(a, 'analysis').filter(([, v]) => !Number.isFinite(v)),
      'non-finite numbers in the analysis',
    ).toEqual([]);
    expect(a.ruleValues['hit-ratio']).toBeNull();
    expect(a.findings).toEqual([]);
  });

  ctx.sim('maxmemory 0 (no limit): memory % unknown, no memory finding or alert', async (impl) => {
    const r = rig(impl, { maxMemory: 0, thresholds: { memory: { warning: 80, critical: 95 } } });
    r.server.set({ usedMemory: 50_000_000_000 });
    await r.steps(minutes(3));
    const s = asUp(r.monitor.history().at(-1));
    expect([s.maxMemory, s.memoryPct]).toEqual([0, null]);
    expect(r.monitor.analyzePerformance().ruleValues.memory).toBeNull();
    expect(r.events).toEqual([]);
  });

  ctx.sim('Redis 6: CONFIG GET maxclients asked once, not on every sample', async (impl) => {
    const r = rig(impl, { flavour: 'redis-6.2', maxClients: 2_000 });
    let configs = 0;
    const client = r.server.client();
    const counting = new Proxy(client, {
      get: (t, p) => (p === 'config' ? (...a: unknown[]) => ((configs += 1), (t.config as (...x: unknown[]) => unknown)(...a)) : Reflect.get(t, p)),
    });
    const monitor = new impl.CachePerformanceMonitor(counting, r.collector);
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      const s = asUp(await monitor.collectMetrics());
      expect(s.maxClients).toBe(2_000);
    }
    expect(configs, 'CONFIG GET calls over 5 samples').toBe(1);
  });

  ctx.sim('Redis 6 with CONFIG disabled: maxclients unknown, no exception', async (impl) => {
    const r = rig(impl, { flavour: 'redis-6.2' });
    const client = r.server.client();
    const noConfig = new Proxy(client, {
      get: (t, p) => (p === 'config' ? () => Promise.reject(new Error("ERR unknown command 'CONFIG'")) : Reflect.get(t, p)),
    });
    const monitor = new impl.CachePerformanceMonitor(noConfig, r.collector);
    const s = asUp(await monitor.collectMetrics());
    expect([s.maxClients, s.connectionsPct]).toEqual([null, null]);
  });

  ctx.sim('Valkey 8 and Redis 6 samples carry the same figures as Redis 7', async (impl) => {
    const figures = [];
    for (const flavour of ['redis-6.2', 'redis-7.0', 'valkey-8.0'] as const) {
      const r = rig(impl, { flavour, maxClients: 1_000 });
      await r.step();
      const s = asUp(await r.step({ readsPerSec: 500, hitRatio: 80, evictionsPerSec: 2, memoryPct: 30, clients: 300, keys: 1_234 }));
      figures.push([s.hits, s.misses, s.evictedKeys, Math.round(s.memoryPct!), s.connectedClients, Math.round(s.connectionsPct!), s.keys, s.policy]);
    }
    expect(figures[0]).toEqual(figures[1]);
    expect(figures[2]).toEqual(figures[1]);
  });
}
