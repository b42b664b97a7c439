/**
 * Exercise 5 baseline: the monitor most teams write first. Every collection compares the raw
 * values of that one sample with static thresholds — no window, no trend — and takes counter
 * deltas at face value (a restart makes them negative). It knows maxclients only from INFO, and
 * recommends everything it knows for a finding, whatever the evidence says.
 */
import type { CacheClient } from '../../../../lib/backends/types.js';
import type { MetricsCollector } from '../../../../lib/exercises/exercise-5-monitor/collector.js';
import {
  DEFAULT_THRESHOLDS,
  beyond,
  resolveMonitorOptions,
  resolveThresholds,
  type ResolvedMonitorOptions,
} from '../../../../lib/exercises/exercise-5-monitor/options.js';
import { RECOMMENDATIONS } from '../../../../lib/exercises/exercise-5-monitor/recommendations.js';
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
  type PerformanceAnalysis,
  type Recommendation,
  type RecommendationId,
  type ResolvedRuleThresholds,
  type UpSample,
} from '../../../../lib/exercises/exercise-5-monitor/types.js';
import { AlertRule } from './alert-rule.js';
import { parseInfo } from './info-parser.js';

const CANNED: Record<AlertRuleId, RecommendationId[]> = {
  'hit-ratio': ['warm-cache', 'tune-ttl', 'increase-memory'],
  memory: ['compress-values', 'eviction-policy', 'increase-memory'],
  latency: ['connection-pooling', 'pipelining'],
  evictions: ['increase-memory', 'eviction-policy'],
  'hot-key': ['local-cache', 'shard-hot-key'],
  connections: ['connection-pooling'],
};

/** The naive monitor. */
export class CachePerformanceMonitor implements MonitorApi {
  readonly #cache: CacheClient;
  readonly #collector: MetricsCollector;
  readonly #options: ResolvedMonitorOptions;
  readonly #history: MetricsSample[] = [];
  #prev: Record<string, number> | undefined;
  #rules = new Map<AlertRuleId, AlertRule>();
  #thresholds: Partial<Record<AlertRuleId, ResolvedRuleThresholds>> = {};
  #listener: AlertListener = () => undefined;

  constructor(cache: CacheClient, metricsCollector: MetricsCollector, options: MonitorOptions = {}) {
    this.#cache = cache;
    this.#collector = metricsCollector;
    this.#options = resolveMonitorOptions(options);
  }

  async collectMetrics(): Promise<MetricsSample> {
    const at = Date.now();
    const client = this.#collector.snapshot();
    let text: string;
    try {
      text = await this.#cache.info();
    } catch (error) {
      const down: MetricsSample = { up: false, at, error: String(error) };
      this.#history.push(down);
      return down;
    }
    const f = parseInfo(text).fields;
    const n = (k: string) => Number(f[k] ?? 0);
    const prev = this.#prev;
    const d = (k: string) => (prev ? n(k) - (prev[k] ?? 0) : 0);
    this.#prev = Object.fromEntries(['keyspace_hits', 'keyspace_misses', 'evicted_keys', 'expired_keys', 'total_connections_received'].map((k) => [k, n(k)]));
    const hits = d('keyspace_hits');
    const misses = d('keyspace_misses');
    const maxClients = f.maxclients ? n('maxclients') : null;
    const keys = Number(/keys=(\d+)/.exec(f.db0 ?? '')?.[1] ?? 0);
    const sample: UpSample = {
      up: true,
      at,
      server: { name: 'redis', version: f.redis_version ?? '' },
      intervalMs: 10_000,
      reset: false,
      hits,
      misses,
      hitRatio: (100 * hits) / (hits + misses),
      evictedKeys: d('evicted_keys'),
      expiredKeys: d('expired_keys'),
      connectionsReceived: d('total_connections_received'),
      rejectedConnections: 0,
      usedMemory: n('used_memory'),
      maxMemory: n('maxmemory'),
      memoryPct: (100 * n('used_memory')) / n('maxmemory'),
      policy: f.maxmemory_policy ?? '',
      keys,
      connectedClients: n('connected_clients'),
      maxClients,
      connectionsPct: maxClients ? (100 * n('connected_clients')) / maxClients : null,
      opsPerSec: n('instantaneous_ops_per_sec'),
      ops: client.count,
      p50Ms: client.p50Ms,
      p95Ms: client.p95Ms,
      p99Ms: client.p99Ms,
      topKeys: client.topKeys,
    };
    this.#history.push(sample);
    if (this.#history.length > this.#options.historyLimit) this.#history.shift();
    const values = this.analyzePerformance().ruleValues;
    for (const [rule, state] of this.#rules) {
      const event = state.evaluate(values[rule], at);
      if (event) this.#listener(event);
    }
    return sample;
  }

  analyzePerformance(): PerformanceAnalysis {
    const last = this.#history.at(-1);
    const s = last?.up ? last : undefined;
    const hot = s && s.ops > 0 && s.topKeys[0] ? { key: s.topKeys[0].key, sharePct: (100 * s.topKeys[0].count) / s.ops } : null;
    const current = {
      hitRatio: s?.hitRatio ?? null,
      memoryPct: s?.memoryPct ?? null,
      projectedMemoryPct: null,
      p95Ms: s?.p95Ms ?? null,
      p99Ms: s?.p99Ms ?? null,
      evictionsPerSec: s ? s.evictedKeys / 10 : null,
      expiredPerSec: s ? s.expiredKeys / 10 : null,
      newConnectionsPerSec: s ? s.connectionsReceived / 10 : null,
      hotKey: hot,
      connectionsPct: s?.connectionsPct ?? null,
      opsPerSec: s?.opsPerSec ?? null,
    };
    const ruleValues: Record<AlertRuleId, number | null> = {
      'hit-ratio': current.hitRatio,
      memory: current.memoryPct,
      latency: current.p95Ms,
      evictions: current.evictionsPerSec,
      'hot-key': hot?.sharePct ?? null,
      connections: current.connectionsPct,
    };
    const findings: Finding[] = [];
    for (const rule of ALERT_RULES) {
      const v = ruleValues[rule];
      const t = this.#thresholds[rule] ?? DEFAULT_THRESHOLDS[rule];
      if (v !== null && beyond(rule, v, t.warning))
        findings.push({ rule, severity: beyond(rule, v, t.critical) ? 'critical' : 'warning', value: v, threshold: t.warning, evidence: `${rule} ${v}` });
    }
    return {
      at: last?.at ?? Date.now(),
      samples: this.#history.length,
      up: last?.up ?? false,
      current,
      ruleValues,
      trend: { memoryBytesPerSec: null, secondsToFull: null, keysLostPct: null, resets: 0, policy: s?.policy ?? null },
      findings,
    };
  }

  generateRecommendations(): Recommendation[] {
    return this.analyzePerformance().findings.flatMap((f) =>
      CANNED[f.rule].map((id) => ({ id, because: f.rule, title: RECOMMENDATIONS[id].title, evidence: f.evidence })),
    );
  }

  setupAlerting(thresholds: AlertThresholds, listener: AlertListener = () => undefined): void {
    this.#thresholds = resolveThresholds(thresholds);
    this.#rules = new Map(Object.entries(this.#thresholds).map(([r, t]) => [r as AlertRuleId, new AlertRule(r as AlertRuleId, t)]));
    this.#listener = listener;
  }

  activeAlerts(): ActiveAlert[] {
    return [...this.#rules.values()].map((r) => r.active).filter((a): a is ActiveAlert => a !== null);
  }

  history(): readonly MetricsSample[] {
    return this.#history;
  }

  async exportPrometheus(): Promise<string> {
    const s = this.#history.at(-1);
    return s?.up ? `cache_up 1\ncache_memory_used_bytes ${s.usedMemory}\n` : 'cache_up 0\n';
  }
}
