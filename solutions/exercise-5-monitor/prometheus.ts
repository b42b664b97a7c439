/**
 * The monitor's figures in the Prometheus text exposition format, through prom-client (the
 * ecosystem's client). Each export builds a fresh Registry so nothing leaks into prom-client's
 * global one. Conventions: base units (bytes, seconds, ratios 0–1), `_total` for counters; the
 * counters are the monitor's own sums of deltas, so they keep growing across server restarts.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { ActiveAlert, PerformanceAnalysis, UpSample } from '../../lib/exercises/exercise-5-monitor/types.js';

/** Sums the monitor keeps across collections. */
export interface Totals {
  hits: number;
  misses: number;
  evictedKeys: number;
  expiredKeys: number;
  collections: number;
  failures: number;
}

/** What one export shows. */
export interface PrometheusInput {
  up: boolean;
  last: UpSample | undefined;
  analysis: PerformanceAnalysis;
  totals: Totals;
  alerts: ActiveAlert[];
}

/** Renders the exposition text. */
export async function renderPrometheus(input: PrometheusInput): Promise<string> {
  const registry = new Registry();
  const registers = [registry];
  const gauge = (name: string, help: string, value: number | null | undefined) => {
    const g = new Gauge({ name, help, registers });
    if (value !== null && value !== undefined && Number.isFinite(value)) g.set(value);
    return g;
  };
  const counter = (name: string, help: string, value: number) => new Counter({ name, help, registers }).inc(value);
  const { last, analysis, totals } = input;
  gauge('cache_up', '1 if the last INFO answered, else 0.', input.up ? 1 : 0);
  gauge('cache_hit_ratio', 'Keyspace hit ratio over the short window (0-1).', analysis.current.hitRatio === null ? null : analysis.current.hitRatio / 100);
  counter('cache_keyspace_hits_total', 'Keyspace hits seen by the monitor.', totals.hits);
  counter('cache_keyspace_misses_total', 'Keyspace misses seen by the monitor.', totals.misses);
  counter('cache_evicted_keys_total', 'Keys evicted by maxmemory.', totals.evictedKeys);
  counter('cache_expired_keys_total', 'Keys removed by TTL.', totals.expiredKeys);
  counter('cache_monitor_collections_total', 'Collections attempted.', totals.collections);
  counter('cache_monitor_collection_failures_total', 'Collections where INFO failed or timed out.', totals.failures);
  gauge('cache_memory_used_bytes', 'used_memory.', last?.usedMemory);
  gauge('cache_memory_max_bytes', 'maxmemory (0 = no limit).', last?.maxMemory);
  gauge('cache_connected_clients', 'connected_clients.', last?.connectedClients);
  gauge('cache_ops_per_second', 'instantaneous_ops_per_sec.', last?.opsPerSec);
  gauge('cache_evictions_per_second', 'Evictions per second over the short window.', analysis.current.evictionsPerSec);
  const latency = new Gauge({
    name: 'cache_client_latency_seconds',
    help: 'Client-side latency percentiles over the short window.',
    labelNames: ['quantile'],
    registers,
  });
  for (const [q, v] of [
    ['0.95', analysis.current.p95Ms],
    ['0.99', analysis.current.p99Ms],
    ['0.5', last?.p50Ms ?? null],
  ] as const) {
    if (v !== null) latency.set({ quantile: q }, v / 1000);
  }
  const alerts = new Gauge({ name: 'cache_alert_active', help: '1 per active alert.', labelNames: ['rule', 'severity'], registers });
  for (const a of input.alerts) alerts.set({ rule: a.rule, severity: a.severity }, 1);
  return registry.metrics();
}
