/**
 * The contract of exercise 5 (given code): the shapes the student's monitor, INFO parser and alert
 * rule must have. The stubs, the reference solution and the grader's baseline implement these
 * interfaces; the suites, the load check and the dashboard are written against them.
 */
import type { CacheClient } from '../../backends/types.js';
import type { MetricsCollector } from './collector.js';

/** The alert rules, one per incident type the monitor must catch. */
export const ALERT_RULES = ['hit-ratio', 'memory', 'latency', 'evictions', 'hot-key', 'connections'] as const;

/** One of {@link ALERT_RULES}. */
export type AlertRuleId = (typeof ALERT_RULES)[number];

/** How bad an alert is. */
export type Severity = 'warning' | 'critical';

/** Thresholds of one rule, in the rule's unit (README, "Alert rules"). */
export interface RuleThresholds {
  /** A value past this is a breach (below it for `hit-ratio`, above it for every other rule). */
  warning: number;
  /** A value past this makes the alert critical at once. */
  critical: number;
  /** The breach must last this long before the alert fires (ms). Default 0. */
  forMs?: number;
  /** A warning still firing this long after it fired becomes critical (ms). Default: never. */
  escalateAfterMs?: number;
  /** The value must come back past `warning` by this much before the alert can resolve. Default 0. */
  hysteresis?: number;
  /** ...and stay there this long (ms). Default 0. */
  clearForMs?: number;
}

/** Thresholds with every default filled in (`escalateAfterMs` is Infinity for "never"). */
export type ResolvedRuleThresholds = Required<RuleThresholds>;

/** What `setupAlerting` receives: thresholds for the rules to alert on. */
export type AlertThresholds = Partial<Record<AlertRuleId, RuleThresholds>>;

/** A notice the alerting sends: an alert fired, got worse, or resolved. */
export interface AlertEvent {
  kind: 'firing' | 'escalated' | 'resolved';
  rule: AlertRuleId;
  /** The alert's severity after this event (a resolved alert keeps its last severity). */
  severity: Severity;
  /** Date.now() of the evaluation that produced the event. */
  at: number;
  /** The rule's value at that evaluation. */
  value: number;
  /** The level the value was compared with (warning, critical, or warning ± hysteresis). */
  threshold: number;
  /** When the alert fired (equal to `at` for a firing event). */
  since: number;
  /** One line for a human, e.g. "hit-ratio 41.2% below 80% (critical)". */
  message: string;
}

/** Receives alert events. */
export type AlertListener = (event: AlertEvent) => void;

/** An alert that has fired and not resolved yet. */
export interface ActiveAlert {
  rule: AlertRuleId;
  severity: Severity;
  /** When it fired. */
  since: number;
  /** The rule's last known value. */
  value: number;
}

/** The per-rule alert state machine the student writes (exercises/exercise-5-monitor/alert-rule.ts). */
export interface AlertRuleApi {
  readonly rule: AlertRuleId;
  /** Feeds one value (null = unknown: nothing changes); returns the event it caused, if any. */
  evaluate(value: number | null, now: number): AlertEvent | null;
  /** The firing alert, or null. */
  readonly active: ActiveAlert | null;
}

/** Constructor of {@link AlertRuleApi}. */
type AlertRuleClass = new (rule: AlertRuleId, thresholds: RuleThresholds) => AlertRuleApi;

/** What `parseInfo` returns for one INFO reply. */
export interface ParsedInfo {
  /** Which server answered: `valkey` when INFO says `server_name:valkey`, else `redis`. */
  server: { name: 'redis' | 'valkey'; version: string };
  /** Every `name:value` line, by name, sections flattened (values are the raw strings). */
  fields: Record<string, string>;
  /** Section names seen, in lower case (`server`, `clients`, ...). */
  sections: string[];
  /** `db0:keys=1,expires=0,avg_ttl=0` lines, by database. */
  keyspace: Record<string, { keys: number; expires: number; avgTtl: number }>;
}

/** A sample when INFO could not be read (server down, too slow, error reply). @public */
export interface DownSample {
  up: false;
  at: number;
  /** Why: the error's message, or that INFO timed out. */
  error: string;
}

/** The keys seen most often by the client in one interval. */
export interface KeyCount {
  key: string;
  count: number;
}

/** A sample when INFO answered: server counters as deltas since the previous up sample. */
export interface UpSample {
  up: true;
  at: number;
  server: { name: 'redis' | 'valkey'; version: string };
  /** ms since the previous up sample (0 for the first). */
  intervalMs: number;
  /** The server's counters went backwards (restart or CONFIG RESETSTAT) since the previous sample. */
  reset: boolean;
  /** keyspace_hits / keyspace_misses in this interval. */
  hits: number;
  misses: number;
  /** 100 · hits / (hits + misses), or null when there were no reads. */
  hitRatio: number | null;
  /** evicted_keys, expired_keys, total_connections_received, rejected_connections in this interval. */
  evictedKeys: number;
  expiredKeys: number;
  connectionsReceived: number;
  rejectedConnections: number;
  usedMemory: number;
  /** maxmemory; 0 means no limit. */
  maxMemory: number;
  /** 100 · used / max, or null without a limit. */
  memoryPct: number | null;
  policy: string;
  /** Keys in all databases. */
  keys: number;
  connectedClients: number;
  /** maxclients (INFO on Redis 7+, CONFIG GET on Redis 6), or null if unknown. */
  maxClients: number | null;
  /** 100 · connected / max, or null. */
  connectionsPct: number | null;
  /** instantaneous_ops_per_sec. */
  opsPerSec: number;
  /** Client-side: operations the collector saw in this interval and their latency percentiles. */
  ops: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  /** Client-side: the most used keys of this interval, most used first. */
  topKeys: KeyCount[];
}

/** One collection. */
export type MetricsSample = UpSample | DownSample;

/** The rule values over the short window (README, "The window"). */
export interface WindowFigures {
  hitRatio: number | null;
  memoryPct: number | null;
  /** Usage projected `horizonMs` ahead from the trend, or null when it does not apply. */
  projectedMemoryPct: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  evictionsPerSec: number | null;
  expiredPerSec: number | null;
  newConnectionsPerSec: number | null;
  hotKey: { key: string; sharePct: number } | null;
  connectionsPct: number | null;
  opsPerSec: number | null;
}

/** Something wrong right now, with the numbers that show it. */
export interface Finding {
  rule: AlertRuleId;
  severity: Severity;
  value: number;
  threshold: number;
  evidence: string;
}

/** What `analyzePerformance` returns. */
export interface PerformanceAnalysis {
  at: number;
  /** Up samples in the long window. */
  samples: number;
  /** Whether the last collection reached the server. */
  up: boolean;
  current: WindowFigures;
  /** The rule values the alerting compares with thresholds (null = unknown). */
  ruleValues: Record<AlertRuleId, number | null>;
  /** Memory growth over `trendMs`; keys lost and resets over `baselineMs`. */
  trend: {
    memoryBytesPerSec: number | null;
    secondsToFull: number | null;
    /** How much of the keyspace was lost (flush, restart without data): 0–100. */
    keysLostPct: number | null;
    resets: number;
    policy: string | null;
  };
  findings: Finding[];
}

/** The recommendations the monitor can make (README, "Recommendations"). @public */
export const RECOMMENDATION_IDS = [
  'warm-cache',
  'tune-ttl',
  'compress-values',
  'eviction-policy',
  'increase-memory',
  'connection-pooling',
  'pipelining',
  'local-cache',
  'shard-hot-key',
] as const;

/** One of {@link RECOMMENDATION_IDS}. */
export type RecommendationId = (typeof RECOMMENDATION_IDS)[number];

/** A recommendation with the finding that triggered it. */
export interface Recommendation {
  id: RecommendationId;
  /** The rule whose finding triggered it. */
  because: AlertRuleId;
  /** Short title from the catalogue (RECOMMENDATIONS in recommendations.ts). */
  title: string;
  /** The numbers that triggered it, for a human. */
  evidence: string;
}

/** Options of the monitor (defaults and checks in options.ts). */
export interface MonitorOptions {
  /** Short window the rule values are computed over (ms). Default 60,000. */
  windowMs?: number;
  /** Window the memory growth (least-squares slope) is fitted over (ms). Default 900,000. */
  trendMs?: number;
  /** Long window: keys lost (flush, restart), resets counted (ms). Default 1,800,000. */
  baselineMs?: number;
  /** How far ahead memory growth is projected (ms). Default 1,800,000. */
  horizonMs?: number;
  /** Samples kept; older ones are dropped. Default 1,000. */
  historyLimit?: number;
  /** How long to wait for INFO before the sample counts as down (ms). Default 1,000. */
  infoTimeoutMs?: number;
}

/** The student's monitor (exercises/exercise-5-monitor/monitor.ts). */
export interface MonitorApi {
  collectMetrics(): Promise<MetricsSample>;
  analyzePerformance(): PerformanceAnalysis;
  generateRecommendations(): Recommendation[];
  setupAlerting(thresholds: AlertThresholds, listener?: AlertListener): void;
  activeAlerts(): ActiveAlert[];
  history(): readonly MetricsSample[];
  exportPrometheus(): Promise<string>;
}

/** Constructor of {@link MonitorApi}. */
type MonitorClass = new (cache: CacheClient, metricsCollector: MetricsCollector, options?: MonitorOptions) => MonitorApi;

/** The three things a submission exports, as the suites and the load check use them. */
export interface Exercise5Module {
  CachePerformanceMonitor: MonitorClass;
  AlertRule: AlertRuleClass;
  parseInfo(text: string): ParsedInfo;
}
