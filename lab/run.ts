/**
 * Runs one load test on the backend its configuration names and derives the load test's
 * result figures (duration, QPS, latency, operations, hit rate, errors) from what the workers recorded.
 */
import type { LatencySummary } from '../lib/metrics/histogram.js';
import type { LabConfig } from './config.js';
import { runEmbedded } from './embedded.js';
import type { RunHooks, RunOutcome } from './outcome.js';
import { realServers, runThreads } from './threads.js';

/** Runs `config` on its backend (the real one reads CACHE_URL and DATABASE_URL from `env`). */
export function runLoadTest(config: LabConfig, env: NodeJS.ProcessEnv, hooks: RunHooks = {}): Promise<RunOutcome> {
  if (config.backend === 'embedded') return runEmbedded(config, hooks);
  return runThreads(config, realServers(env), hooks);
}

/** The figures the seed prints after a run. */
export interface RunFigures {
  durationS: number;
  /** Successful operations. */
  totalQueries: number;
  queriesPerSecond: number;
  /** Duration ÷ queries, as the seed computes its "Avg Latency per Query". */
  avgLatencyPerQueryMs: number;
  /** Each operation timed alone. */
  latency: LatencySummary;
  cacheHitLatency: LatencySummary;
  databaseLatency: LatencySummary;
  reads: number;
  writes: number;
  cacheHits: number;
  cacheMisses: number;
  /** hits ÷ (hits + misses) × 100; NaN without cached reads. */
  hitRatePct: number;
  /** Operations that reached the database: misses, writes and uncached reads. */
  databaseOps: number;
  /** Operations that failed (not made): cacheErrors + databaseErrors. */
  errors: number;
  cacheErrors: number;
  databaseErrors: number;
  /** Writes made (counted in `writes`) whose cache refresh failed. */
  writeRefreshErrors: number;
  /** Failed writes the database may have made (the connection was lost with the INSERT in flight). */
  writesUnknown: number;
  errorMessages: string[];
}

/** The seed's figures of `outcome`. */
export function runFigures(outcome: RunOutcome): RunFigures {
  const t = outcome.recorder.totals();
  const ok = t.queries - t.errors;
  const durationS = outcome.durationMs / 1000;
  const cached = t.cacheHits + t.cacheMisses;
  return {
    durationS,
    totalQueries: ok,
    queriesPerSecond: durationS > 0 ? ok / durationS : Number.NaN,
    avgLatencyPerQueryMs: ok > 0 ? outcome.durationMs / ok : Number.NaN,
    latency: outcome.recorder.latency.summary(),
    cacheHitLatency: outcome.recorder.hitLatency.summary(),
    databaseLatency: outcome.recorder.databaseLatency.summary(),
    reads: t.reads,
    writes: t.writes,
    cacheHits: t.cacheHits,
    cacheMisses: t.cacheMisses,
    hitRatePct: cached > 0 ? (t.cacheHits / cached) * 100 : Number.NaN,
    databaseOps: t.databaseOps,
    errors: t.errors,
    cacheErrors: t.cacheErrors,
    databaseErrors: t.databaseErrors,
    writeRefreshErrors: t.writeRefreshErrors,
    writesUnknown: t.writesUnknown,
    errorMessages: t.errorMessages,
  };
}
