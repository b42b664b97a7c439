/**
 * Exercise 5's live run: a small cache-aside application reads a Zipf-popular keyspace through the
 * collector's instrumented client while the monitor collects every interval, and incidents are
 * caused for real on the server: FLUSHALL (the hit ratio collapses), one key hammered (a hot key),
 * a burst of large writes (memory full, an eviction storm). Between them come two one-sample
 * blips that are not incidents: a batch job reading cold keys, and a short burst on one key. On the embedded cache it runs on the
 * virtual clock (exact); on real Redis, on a redis-server of its own with time compressed.
 */
import { MetricsCollector } from '../collector.js';
import type { AlertEvent, AlertRuleId, AlertThresholds, Exercise5Module, MetricsSample, MonitorOptions, Recommendation } from '../types.js';
import type { CacheClient } from '../../../backends/types.js';
import type { Clock } from '../../../sim/clock.js';
import { createRng } from '../../../workload/rng.js';
import { zipfSampler } from '../../../workload/zipf.js';

/** Bursts of reads per interval. */
const BURSTS = 10;

/** A server to cause incidents on. */
export interface LiveTarget {
  /** The application's connection (instrumented by the run). */
  app: CacheClient;
  /** The monitor's own connection. */
  monitor: CacheClient;
}

/** Sizes and times of a live run; `unitMs` is one "virtual 10 s" (compressed on real Redis). */
export interface LiveParams {
  unitMs: number;
  keys: number;
  readsPerTick: number;
  valueBytes: number;
  fillValueBytes: number;
  fillWritesPerTick: number;
  /** Phase starts and lengths, in ticks. */
  coldScanAt: number;
  burstAt: number;
  flushAt: number;
  hotAt: number;
  hotTicks: number;
  fillAt: number;
  fillTicks: number;
  totalTicks: number;
  /** An incident counts as found when its alert fires within this many ticks of its start. */
  deadlineTicks: number;
  /** After an incident's window, alerts still count as belonging to it for this many ticks. */
  graceTicks: number;
  thresholds: AlertThresholds;
  options: MonitorOptions;
}

/** One incident caused during the run. */
interface LiveIncident {
  what: string;
  /** The rules that must fire. */
  types: AlertRuleId[];
  start: number;
  end: number;
}

/** What a live run produced (times in ms from its start). */
export interface LiveOutcome {
  incidents: LiveIncident[];
  events: AlertEvent[];
  detected: number;
  required: number;
  falseAlarms: number;
  errors: string[];
  /** The monitor's history at the end (for the dashboard), times as Date.now() gave them. */
  samples: MetricsSample[];
  /** Recommendations made during each incident (for the dashboard). */
  recommendations: { at: number; list: Recommendation[] }[];
  /** Date.now() when the run started. */
  startedAt: number;
}

/** Runs the live scenario against `target` on `clock`. */
export async function liveRun(module: Exercise5Module, target: LiveTarget, p: LiveParams, clock: Clock, seed: string): Promise<LiveOutcome> {
  const collector = new MetricsCollector();
  const app = collector.instrument(target.app);
  const events: AlertEvent[] = [];
  const errors: string[] = [];
  const rng = createRng(`exercise-5-live:${seed}`);
  const zipf = zipfSampler(p.keys, 0.8, rng.fork('zipf'));
  const value = 'v'.repeat(p.valueBytes);
  const big = 'x'.repeat(p.fillValueBytes);
  const key = (k: number) => `item:${k}`;
  // Warm the cache before the monitor starts: a cold start is not an incident.
  for (let k = 0; k < p.keys; k += 200) {
    const batch = target.app.pipeline();
    for (let j = k; j < Math.min(p.keys, k + 200); j++) batch.set(key(j), value, 'EX', 86_400);
    await batch.exec();
  }
  // Alert times come from Date.now() (virtual under the VirtualClock): measure from it too.
  const start = Date.now();
  const monitor = new module.CachePerformanceMonitor(target.monitor, collector, p.options);
  monitor.setupAlerting(p.thresholds, (e) => events.push({ ...e, at: e.at - start, since: e.since - start }));
  const u = p.unitMs;
  const incidents: LiveIncident[] = [
    { what: 'FLUSHALL', types: ['hit-ratio'], start: p.flushAt * u, end: (p.flushAt + 6) * u },
    { what: 'one key hammered', types: ['hot-key'], start: p.hotAt * u, end: (p.hotAt + p.hotTicks) * u },
    { what: 'burst of large writes', types: ['memory', 'evictions'], start: p.fillAt * u, end: (p.fillAt + p.fillTicks) * u },
  ];
  let fill = 0;
  const recommendations: LiveOutcome['recommendations'] = [];
  const askAt = new Set(incidents.map((i) => Math.round(i.end / u) - 1));
  for (let tick = 0; tick < p.totalTicks; tick++) {
    const tickStart = clock.now();
    try {
      if (tick === p.flushAt) await target.app.flushall();
      const hot = tick >= p.hotAt && tick < p.hotAt + p.hotTicks;
      // The reads are spread over the interval in bursts, as traffic is (INFO's ops/s sees them).
      for (let burst = 0; burst < BURSTS; burst++) {
        for (let r = (burst * p.readsPerTick) / BURSTS; r < ((burst + 1) * p.readsPerTick) / BURSTS; r++) {
          // Blips: half the reads of one interval go to cold keys (a batch job's misses, not
          // cached), or to one key. Neither is an incident.
          if (tick === p.coldScanAt && r % 2 !== 0) {
            await app.get(`cold:${tick}:${r}`);
            continue;
          }
          const k = hot && rng.next() < 0.8 ? 'item:hot' : tick === p.burstAt && r % 2 === 0 ? 'item:burst' : key(zipf.sample());
          if ((await app.get(k)) === null) await app.set(k, value, 'EX', 86_400);
        }
        if (burst === 0 && tick >= p.fillAt && tick < p.fillAt + p.fillTicks) {
          const batch = target.app.pipeline();
          for (let w = 0; w < p.fillWritesPerTick; w++) batch.set(`upload:${fill++}`, big, 'EX', 86_400);
          await batch.exec();
        }
        if (burst < BURSTS - 1) await clock.sleep(Math.max(0, tickStart + ((burst + 1) * u) / BURSTS - clock.now()));
      }
    } catch (error) {
      if (errors.length < 3) errors.push(`tick ${tick}: ${error instanceof Error ? error.message : String(error)}`);
    }
    await clock.sleep(Math.max(0, tickStart + u - clock.now()));
    try {
      await monitor.collectMetrics();
      if (askAt.has(tick)) recommendations.push({ at: Date.now() - start, list: monitor.generateRecommendations() });
    } catch (error) {
      if (errors.length < 3) errors.push(`collectMetrics at tick ${tick}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  let samples: MetricsSample[] = [];
  try {
    samples = [...monitor.history()];
  } catch (error) {
    if (errors.length < 3) errors.push(`history: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { incidents, events, errors, samples, recommendations, startedAt: start, ...judge(incidents, events, p) };
}

function judge(incidents: LiveIncident[], events: AlertEvent[], p: LiveParams): Pick<LiveOutcome, 'detected' | 'required' | 'falseAlarms'> {
  const firings = events.filter((e) => e.kind === 'firing');
  const deadline = p.deadlineTicks * p.unitMs;
  const grace = p.graceTicks * p.unitMs;
  let detected = 0;
  let required = 0;
  for (const i of incidents) {
    for (const type of i.types) {
      required += 1;
      if (firings.some((e) => e.rule === type && e.at >= i.start && e.at <= i.start + deadline)) detected += 1;
    }
  }
  // Anything that fires while a caused incident is under way (or just after) is not a false alarm:
  // a flush also empties memory, a burst of writes also evicts the working set.
  const falseAlarms = firings.filter((e) => !incidents.some((i) => e.at >= i.start && e.at <= i.end + grace)).length;
  return { detected, required, falseAlarms };
}
