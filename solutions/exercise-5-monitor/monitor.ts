/**
 * Exercise 5, part 3 (reference solution): the cache performance monitor.
 * - collectMetrics: INFO (server counters, turned into per-interval deltas that survive restarts)
 *   plus the client's own timings and key counts, one sample per call, kept in a bounded history;
 *   then every alert rule is fed its window value.
 * - analyzePerformance: rule values over the short window, trends over the long one, findings.
 * - generateRecommendations: the README's rule table applied to the findings, with evidence.
 * - setupAlerting: one AlertRule per configured rule, events to the listener.
 * - exportPrometheus: the same figures in the Prometheus text format (prom-client).
 */
import type { CacheClient } from '../../lib/backends/types.js';
import type { MetricsCollector } from '../../lib/exercises/exercise-5-monitor/collector.js';
import { InfoTimeoutError } from '../../lib/exercises/exercise-5-monitor/errors.js';
import {
  CHURN_CONNECTIONS_PER_SEC,
  DEFAULT_THRESHOLDS,
  KEYS_LOST_WARM_PCT,
  RULE_UNIT,
  beyond,
  resolveMonitorOptions,
  resolveThresholds,
  type ResolvedMonitorOptions,
} from '../../lib/exercises/exercise-5-monitor/options.js';
import { RECOMMENDATIONS } from '../../lib/exercises/exercise-5-monitor/recommendations.js';
import {
  ALERT_RULES,
  type ActiveAlert,
  type AlertListener,
  type AlertRuleId,
  type AlertThresholds,
  type Finding,
  type MetricsSample,
  type MonitorApi,
  type MonitorOptions,
  type ParsedInfo,
  type PerformanceAnalysis,
  type Recommendation,
  type RecommendationId,
  type ResolvedRuleThresholds,
  type UpSample,
} from '../../lib/exercises/exercise-5-monitor/types.js';
import { AlertRule } from './alert-rule.js';
import { parseInfo } from './info-parser.js';
import { renderPrometheus, type Totals } from './prometheus.js';
import { windowFigures } from './windows.js';

const COUNTERS = ['keyspace_hits', 'keyspace_misses', 'evicted_keys', 'expired_keys', 'total_connections_received', 'rejected_connections'] as const;
type Counter = (typeof COUNTERS)[number];

/** Collects, analyses, recommends and alerts; see the module comment. */
export class CachePerformanceMonitor implements MonitorApi {
  readonly #cache: CacheClient;
  readonly #collector: MetricsCollector;
  readonly #options: ResolvedMonitorOptions;
  readonly #history: MetricsSample[] = [];
  #previous: { at: number; runId: string | undefined; uptime: number; counters: Record<Counter, number> } | undefined;
  #maxClients: number | null | undefined; // undefined: not asked yet (Redis 6 has no maxclients in INFO)
  #rules = new Map<AlertRuleId, AlertRule>();
  #thresholds: Partial<Record<AlertRuleId, ResolvedRuleThresholds>> = {};
  #listener: AlertListener = () => undefined;
  readonly #totals: Totals = { hits: 0, misses: 0, evictedKeys: 0, expiredKeys: 0, collections: 0, failures: 0 };

  constructor(cache: CacheClient, metricsCollector: MetricsCollector, options: MonitorOptions = {}) {
    this.#cache = cache;
    this.#collector = metricsCollector;
    this.#options = resolveMonitorOptions(options);
  }

  async collectMetrics(): Promise<MetricsSample> {
    const at = Date.now();
    const client = this.#collector.snapshot(); // always: the next window starts now either way
    this.#totals.collections += 1;
    let info: ParsedInfo;
    try {
      info = parseInfo(await this.#infoWithin(this.#options.infoTimeoutMs));
    } catch (error) {
      this.#totals.failures += 1;
      return this.#keep({ up: false, at, error: error instanceof Error ? error.message : String(error) });
    }
    const f = info.fields;
    const num = (name: string): number => {
      const v = Number(f[name]);
      return Number.isFinite(v) ? v : 0;
    };
    const counters = Object.fromEntries(COUNTERS.map((c) => [c, num(c)])) as Record<Counter, number>;
    const uptime = num('uptime_in_seconds');
    const prev = this.#previous;
    // A restart (new run_id, uptime going back) or CONFIG RESETSTAT makes counters fall: count from zero.
    const reset = !!prev && (f.run_id !== prev.runId || uptime < prev.uptime || COUNTERS.some((c) => counters[c] < prev.counters[c]));
    const delta = (c: Counter) => (!prev ? 0 : reset ? counters[c] : counters[c] - prev.counters[c]);
    this.#previous = { at, runId: f.run_id, uptime, counters };
    const hits = delta('keyspace_hits');
    const misses = delta('keyspace_misses');
    const maxMemory = num('maxmemory');
    const maxClients = f.maxclients !== undefined ? num('maxclients') : await this.#maxClientsFromConfig();
    const sample: UpSample = {
      up: true,
      at,
      server: info.server,
      intervalMs: prev ? at - prev.at : 0,
      reset,
      hits,
      misses,
      hitRatio: hits + misses > 0 ? (100 * hits) / (hits + misses) : null,
      evictedKeys: delta('evicted_keys'),
      expiredKeys: delta('expired_keys'),
      connectionsReceived: delta('total_connections_received'),
      rejectedConnections: delta('rejected_connections'),
      usedMemory: num('used_memory'),
      maxMemory,
      memoryPct: maxMemory > 0 ? (100 * num('used_memory')) / maxMemory : null,
      policy: f.maxmemory_policy ?? 'unknown',
      keys: Object.values(info.keyspace).reduce((a, db) => a + db.keys, 0),
      connectedClients: num('connected_clients'),
      maxClients,
      connectionsPct: maxClients ? (100 * num('connected_clients')) / maxClients : null,
      opsPerSec: num('instantaneous_ops_per_sec'),
      ops: client.count,
      p50Ms: client.p50Ms,
      p95Ms: client.p95Ms,
      p99Ms: client.p99Ms,
      topKeys: client.topKeys,
    };
    Object.assign(this.#totals, {
      hits: this.#totals.hits + hits,
      misses: this.#totals.misses + misses,
      evictedKeys: this.#totals.evictedKeys + sample.evictedKeys,
      expiredKeys: this.#totals.expiredKeys + sample.expiredKeys,
    });
    return this.#keep(sample);
  }

  analyzePerformance(): PerformanceAnalysis {
    const last = this.#history.at(-1);
    const now = last?.at ?? Date.now();
    const ups = this.#history.filter((s): s is UpSample => s.up);
    const within = (ms: number) => ups.filter((s) => s.at > now - ms);
    const long = within(this.#options.baselineMs);
    const windows = { short: within(this.#options.windowMs), trend: within(this.#options.trendMs), long };
    const { current, trend } = windowFigures(windows, now, this.#options.horizonMs, this.#options.trendMs);
    const memory = current.memoryPct === null ? null : Math.max(current.memoryPct, current.projectedMemoryPct ?? -Infinity);
    const ruleValues: Record<AlertRuleId, number | null> = {
      'hit-ratio': current.hitRatio,
      memory,
      latency: current.p95Ms,
      evictions: current.evictionsPerSec,
      'hot-key': current.hotKey?.sharePct ?? null,
      connections: current.connectionsPct,
    };
    const findings: Finding[] = [];
    for (const rule of ALERT_RULES) {
      const value = ruleValues[rule];
      const t = this.#thresholds[rule] ?? DEFAULT_THRESHOLDS[rule];
      if (value === null || !beyond(rule, value, t.warning)) continue;
      const critical = beyond(rule, value, t.critical);
      findings.push({
        rule,
        severity: critical ? 'critical' : 'warning',
        value,
        threshold: critical ? t.critical : t.warning,
        evidence: this.#evidence(rule, value, current, trend),
      });
    }
    return { at: now, samples: long.length, up: last?.up ?? false, current, ruleValues, trend, findings };
  }

  generateRecommendations(): Recommendation[] {
    const analysis = this.analyzePerformance();
    const out: Recommendation[] = [];
    const add = (id: RecommendationId, finding: Finding, why: string) =>
      out.push({ id, because: finding.rule, title: RECOMMENDATIONS[id].title, evidence: `${finding.evidence}; ${why}` });
    const { current, trend } = analysis;
    for (const f of analysis.findings) {
      switch (f.rule) {
        case 'hit-ratio':
          if ((trend.keysLostPct ?? 0) >= KEYS_LOST_WARM_PCT)
            add('warm-cache', f, `${fmt(trend.keysLostPct)}% of the keys were lost in the long window (flush or restart)`);
          else add('tune-ttl', f, `keys are still there (${fmt(current.expiredPerSec)} expirations/s): entries expire before reuse`);
          break;
        case 'memory':
          add('compress-values', f, 'the same data in fewer bytes');
          if (trend.policy === 'noeviction') add('eviction-policy', f, 'maxmemory-policy is noeviction: writes will fail when memory is full');
          break;
        case 'latency':
          if ((current.newConnectionsPerSec ?? 0) >= CHURN_CONNECTIONS_PER_SEC)
            add('connection-pooling', f, `${fmt(current.newConnectionsPerSec)} new connections/s: connections are not reused`);
          else add('pipelining', f, 'connections are reused: cut round trips instead');
          break;
        case 'evictions':
          add('increase-memory', f, 'keys still in use are being evicted');
          break;
        case 'hot-key':
          add('local-cache', f, `key ${current.hotKey?.key ?? '?'}`);
          add('shard-hot-key', f, `key ${current.hotKey?.key ?? '?'}`);
          break;
        case 'connections':
          add('connection-pooling', f, 'connections are piling up towards maxclients');
          break;
      }
    }
    return out;
  }

  setupAlerting(thresholds: AlertThresholds, listener: AlertListener = () => undefined): void {
    this.#thresholds = resolveThresholds(thresholds); // throws InvalidThresholdsError naming the field
    this.#rules = new Map(Object.entries(this.#thresholds).map(([rule, t]) => [rule as AlertRuleId, new AlertRule(rule as AlertRuleId, t)]));
    this.#listener = listener;
  }

  activeAlerts(): ActiveAlert[] {
    return [...this.#rules.values()].map((r) => r.active).filter((a): a is ActiveAlert => a !== null);
  }

  history(): readonly MetricsSample[] {
    return this.#history;
  }

  async exportPrometheus(): Promise<string> {
    const last = [...this.#history].reverse().find((s): s is UpSample => s.up);
    const analysis = this.analyzePerformance();
    return renderPrometheus({ up: this.#history.at(-1)?.up ?? false, last, analysis, totals: this.#totals, alerts: this.activeAlerts() });
  }

  #keep(sample: MetricsSample): MetricsSample {
    this.#history.push(sample);
    if (this.#history.length > this.#options.historyLimit) this.#history.splice(0, this.#history.length - this.#options.historyLimit);
    if (sample.up && this.#rules.size > 0) {
      const values = this.analyzePerformance().ruleValues;
      for (const [rule, state] of this.#rules) {
        const event = state.evaluate(values[rule], sample.at);
        if (event) this.#listener(event);
      }
    }
    return sample;
  }

  async #infoWithin(ms: number): Promise<string> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const reply = this.#cache.info();
    reply.catch(() => undefined); // a late failure after the timeout must not be unhandled
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new InfoTimeoutError(ms)), ms);
    });
    try {
      return await Promise.race([reply, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async #maxClientsFromConfig(): Promise<number | null> {
    if (this.#maxClients !== undefined) return this.#maxClients;
    try {
      const reply = (await this.#cache.config('GET', 'maxclients')) as string[];
      const value = Number(reply[1]);
      this.#maxClients = Number.isFinite(value) && value > 0 ? value : null;
    } catch {
      this.#maxClients = null; // CONFIG may be renamed or forbidden on managed servers
    }
    return this.#maxClients;
  }

  #evidence(rule: AlertRuleId, value: number, c: PerformanceAnalysis['current'], t: PerformanceAnalysis['trend']): string {
    const v = `${rule} ${fmt(value)}${RULE_UNIT[rule]}`;
    switch (rule) {
      case 'memory':
        return `${v} (used ${fmt(c.memoryPct)}%${c.projectedMemoryPct === null ? '' : `, projected ${fmt(c.projectedMemoryPct)}%`}${t.secondsToFull === null ? '' : `, full in ${fmt(t.secondsToFull)} s at the current growth`})`;
      case 'hot-key':
        return `${v} of operations on ${c.hotKey?.key ?? '?'}`;
      case 'latency':
        return `${v} p95 (p99 ${fmt(c.p99Ms)} ms)`;
      default:
        return v;
    }
  }
}

function fmt(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : String(Math.round(v * 10) / 10);
}
