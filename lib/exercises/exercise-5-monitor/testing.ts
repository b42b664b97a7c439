/**
 * Test helpers for exercise 5 (given code; use them in your own tests too). `simulate` runs a test
 * body on a virtual clock with seeded randomness; `rig` wires a monitor to a synthetic server and
 * a collector, and `step` moves the server by one interval of traffic and collects — so a test can
 * say "ten minutes of 90% hits, then a flush" in a few lines, exactly and instantly.
 */
import { runDeterministic } from '../../sim/deterministic.js';
import type { Clock } from '../../sim/clock.js';
import { MetricsCollector } from './collector.js';
import type { InfoFlavour } from './info-render.js';
import { SyntheticServer } from './synthetic-server.js';
import type { AlertEvent, AlertThresholds, Exercise5Module, MetricsSample, MonitorApi, MonitorOptions } from './types.js';

/** One interval of traffic, as `step` applies it. Rates are per second, levels absolute. */
interface Traffic {
  /** Reads per second and their hit ratio in % (default 1,000 at 90%). */
  readsPerSec?: number;
  hitRatio?: number;
  evictionsPerSec?: number;
  expiredPerSec?: number;
  newConnectionsPerSec?: number;
  /** Levels: memory in % of maxmemory, clients, keys. */
  memoryPct?: number;
  clients?: number;
  keys?: number;
  /** Client operations recorded in the collector: `count` of `ms` each, on `key` (default 100 of 2 ms on distinct keys). */
  ops?: { ms: number; count: number; key?: string }[];
}

/** A monitor on a synthetic server, with the events it sent. */
export interface Rig {
  server: SyntheticServer;
  collector: MetricsCollector;
  monitor: MonitorApi;
  events: AlertEvent[];
  /** Applies `traffic` for `ms` (default 10 s), waits `ms`, collects; resolves to the sample. */
  step(traffic?: Traffic, ms?: number): Promise<MetricsSample>;
  /** `count` steps of the same traffic; resolves to the last sample. */
  steps(count: number, traffic?: Traffic, ms?: number): Promise<MetricsSample>;
}

/** Options of {@link rig}. */
export interface RigOptions {
  flavour?: InfoFlavour;
  maxMemory?: number;
  maxClients?: number;
  policy?: string;
  options?: MonitorOptions;
  /** When given, `setupAlerting(thresholds, listener)` is called with a listener that fills `events`. */
  thresholds?: AlertThresholds;
}

let distinct = 0;

/** Wires a monitor from `module` to a fresh synthetic server and collector. */
export function rig(module: Exercise5Module, o: RigOptions = {}): Rig {
  const server = new SyntheticServer({
    flavour: o.flavour ?? 'redis-7.0',
    maxMemory: o.maxMemory ?? 1_000_000_000,
    maxClients: o.maxClients ?? 1_000,
    policy: o.policy ?? 'allkeys-lru',
  });
  server.set({ keys: 10_000, usedMemory: 500_000_000, connectedClients: 100 });
  const collector = new MetricsCollector();
  const monitor = new module.CachePerformanceMonitor(server.client(), collector, o.options);
  const events: AlertEvent[] = [];
  if (o.thresholds) monitor.setupAlerting(o.thresholds, (e) => events.push(e));
  const step = async (t: Traffic = {}, ms = 10_000): Promise<MetricsSample> => {
    const s = ms / 1000;
    const reads = Math.round((t.readsPerSec ?? 1_000) * s);
    const hits = Math.round((reads * (t.hitRatio ?? 90)) / 100);
    server.add({
      hits,
      misses: reads - hits,
      evictedKeys: Math.round((t.evictionsPerSec ?? 0) * s),
      expiredKeys: Math.round((t.expiredPerSec ?? 0) * s),
      connectionsReceived: Math.round((t.newConnectionsPerSec ?? 0) * s),
      commandsProcessed: reads,
    });
    const max = server.figures().maxMemory;
    server.set({
      opsPerSec: t.readsPerSec ?? 1_000,
      ...(t.memoryPct !== undefined && max > 0 ? { usedMemory: Math.round((t.memoryPct * max) / 100) } : {}),
      ...(t.clients !== undefined ? { connectedClients: t.clients } : {}),
      ...(t.keys !== undefined ? { keys: t.keys, expires: Math.round(t.keys / 2) } : {}),
    });
    for (const op of t.ops ?? [{ ms: 2, count: 100 }]) {
      for (let i = 0; i < op.count; i++) collector.record(op.ms, op.key ?? `key:${(distinct += 1)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, ms));
    return monitor.collectMetrics();
  };
  return {
    server,
    collector,
    monitor,
    events,
    step,
    async steps(count, t, ms) {
      let last: MetricsSample | undefined;
      for (let i = 0; i < count; i++) last = await step(t, ms);
      return last!;
    },
  };
}

/** What a simulated test body receives. */
export interface Simulation {
  clock: Clock;
  /** Virtual ms since the simulation started. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Runs `body` on a fresh virtual clock with Math.random seeded; see the module comment. */
export function simulate<T>(body: (sim: Simulation) => Promise<T>, options: { seed?: number | string } = {}): Promise<T> {
  return runDeterministic(
    options.seed ?? 'exercise-5',
    (clock) => {
      const start = clock.now();
      return body({ clock, now: () => clock.now() - start, sleep: (ms) => clock.sleep(ms) });
    },
    { limitMs: 7 * 24 * 3_600_000 },
  );
}
