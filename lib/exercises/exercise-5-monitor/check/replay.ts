/**
 * Replays a labelled series into a monitor on the virtual clock: every 10 s the synthetic server's
 * counters and levels move as the series says, the collector records the interval's client
 * operations (latencies whose percentiles are the series' p50/p95/p99, keys whose top share is the
 * series' hot-key share), the clock advances and the monitor collects. Every minute it is asked
 * for recommendations. What it reports (alert events, recommendations) goes to score.ts.
 */
import { MetricsCollector } from '../collector.js';
import { SyntheticServer } from '../synthetic-server.js';
import type { AlertEvent, AlertThresholds, Exercise5Module, MonitorOptions, Recommendation } from '../types.js';
import type { Clock } from '../../../sim/clock.js';
import type { LabelledSeries, Point } from './series.js';

/** What a monitor did during one series; times in ms from the series start. */
export interface SeriesOutcome {
  series: LabelledSeries;
  events: AlertEvent[];
  recommendations: { at: number; list: Recommendation[] }[];
  /** Calls that threw (first few), with the series time. */
  errors: string[];
  errorCount: number;
}

/** How the monitor is set up for a replay. */
export interface ReplaySetup {
  thresholds: AlertThresholds;
  options: MonitorOptions;
  /** Recommendations are asked for every this many samples. */
  recommendEvery: number;
}

/** Client operations recorded per sample. */
export const OPS_PER_SAMPLE = 100;

/** Latency of the j-th of 100 operations, so that their percentiles come out as the point says. */
export function latencyAt(j: number, p: Pick<Point, 'p50Ms' | 'p95Ms' | 'p99Ms'>): number {
  const u = (j + 1) / OPS_PER_SAMPLE;
  const knots: [number, number][] = [
    [0, p.p50Ms * 0.3],
    [0.5, p.p50Ms],
    [0.95, p.p95Ms],
    [0.99, p.p99Ms],
    [1, p.p99Ms * 1.2],
  ];
  for (let k = 1; k < knots.length; k++) {
    const [u1, v1] = knots[k]!;
    const [u0, v0] = knots[k - 1]!;
    if (u <= u1) return Math.round((v0 + ((v1 - v0) * (u - u0)) / (u1 - u0)) * 1000) / 1000;
  }
  return p.p99Ms * 1.2;
}

/** Replays `series` into a fresh monitor from `module`; resolves when the series is done. */
export async function replaySeries(module: Exercise5Module, series: LabelledSeries, setup: ReplaySetup, clock: Clock): Promise<SeriesOutcome> {
  const start = clock.now();
  const server = new SyntheticServer({ flavour: series.flavour, maxMemory: series.maxMemory, maxClients: series.maxClients, policy: series.policy });
  const collector = new MetricsCollector();
  const outcome: SeriesOutcome = { series, events: [], recommendations: [], errors: [], errorCount: 0 };
  const fail = (what: string, error: unknown) => {
    outcome.errorCount += 1;
    if (outcome.errors.length < 3)
      outcome.errors.push(`${series.id} at ${Math.round((clock.now() - start) / 1000)} s, ${what}: ${error instanceof Error ? error.message : String(error)}`);
  };
  let monitor;
  try {
    monitor = new module.CachePerformanceMonitor(server.client(), collector, setup.options);
    monitor.setupAlerting(setup.thresholds, (event) => outcome.events.push({ ...event, at: event.at - start, since: event.since - start }));
  } catch (error) {
    fail('setting up the monitor', error);
    return outcome;
  }
  const seconds = series.intervalMs / 1000;
  const hotKey = `user:${series.id}:profile`;
  for (const [i, p] of series.points.entries()) {
    if (p.restart) server.restart(true);
    const reads = Math.round(series.readsPerSec * seconds);
    const hits = Math.round((reads * p.hitRatio) / 100);
    server.add({
      hits,
      misses: reads - hits,
      evictedKeys: Math.round(p.evictionsPerSec * seconds),
      expiredKeys: Math.round(p.expiredPerSec * seconds),
      connectionsReceived: Math.round(p.newConnPerSec * seconds),
      commandsProcessed: Math.round(reads * 1.25),
    });
    server.set({
      connectedClients: Math.round((p.clientsPct * series.maxClients) / 100),
      usedMemory: Math.round((p.memoryPct * series.maxMemory) / 100),
      opsPerSec: Math.round(series.readsPerSec * 1.25),
      keys: p.keys,
      expires: Math.round(p.keys * 0.6),
    });
    const onHot = Math.round((p.hotSharePct * OPS_PER_SAMPLE) / 100);
    for (let j = 0; j < OPS_PER_SAMPLE; j++) collector.record(latencyAt(j, p), j < onHot ? hotKey : `post:${i}:${j}`);
    await clock.sleep(series.intervalMs);
    try {
      await monitor.collectMetrics();
    } catch (error) {
      fail('collectMetrics', error);
    }
    if ((i + 1) % setup.recommendEvery === 0) {
      try {
        outcome.recommendations.push({ at: clock.now() - start, list: monitor.generateRecommendations() });
      } catch (error) {
        fail('generateRecommendations', error);
      }
    }
  }
  return outcome;
}
