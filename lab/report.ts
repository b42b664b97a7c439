/**
 * The load test's terminal output, laid out as the published results print it: the configuration, then the
 * results (duration, QPS, latency, operations, cache performance), plus what the seed left out
 * (percentiles, errors) and, with --verbose, the SQL and the key format with a sample.
 */
import { INSERT_BOOKING_SQL, READ_BOOKINGS_SQL, type BookingRow } from '../lib/backends/source/airport-store.js';
import type { LatencySummary } from '../lib/metrics/histogram.js';
import type { LabConfig } from './config.js';
import type { RunFigures } from './run.js';

/** 12,345 */
export const int = (n: number): string => Math.round(n).toLocaleString('en-US');
/** 12,345.68 */
export const fixed = (n: number, digits = 2): string =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a';
/** 75.6% of `whole` (n/a when whole is 0). */
const pct = (part: number, whole: number): string => (whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : 'n/a');

function ttlLabel(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} hour${ms === 3_600_000 ? '' : 's'}`;
  if (ms % 60_000 === 0) return `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`;
  if (ms % 1000 === 0) return `${ms / 1000} second${ms === 1000 ? '' : 's'}`;
  return `${ms / 1000} s`;
}

/** Where the run happens, for the configuration block. */
export interface ServersLabel {
  cache: string;
  database: string;
  timeBase: 'virtual' | 'wall';
  /** Worker threads of the real backend (0 on the embedded one). */
  workerThreads: number;
  /** What was found in the database (lab/database-check.ts), one line each, shown under it. */
  databaseNotes?: string[];
}

/** The configuration block. */
export function renderConfiguration(config: LabConfig, servers: ServersLabel, passengers?: number): string {
  const mode =
    config.mode === 'pool'
      ? `pool (${int(Math.min(config.poolSize, passengers ?? config.poolSize))} passengers, drawn again and again)`
      : `random (all ${passengers === undefined ? '' : `${int(passengers)} `}passengers)`;
  const lines = [
    'Test Configuration:',
    `  Backend: ${config.backend}${servers.timeBase === 'virtual' ? ' (virtual time, priced by lab/cost-model.ts)' : ''}`,
    `    Cache: ${config.cache ? servers.cache : 'none (--no-cache: every read queries the database)'}`,
    `    Database: ${servers.database}`,
    ...(servers.databaseNotes ?? []).map((n) => `      ${n}`),
    `  Threads: ${config.threads} (${servers.timeBase === 'virtual' ? 'async workers sharing one cache and one store' : `sessions with their own connections, on ${servers.workerThreads} worker thread${servers.workerThreads === 1 ? '' : 's'}; --workers to change`})`,
    `  Queries per thread: ${int(config.queries)}`,
    `  Total queries: ${int(config.threads * config.queries)}`,
    `  Read ratio: ${config.readRatio}%`,
    `  Cache TTL: ${int(config.ttlMs)} ms (${ttlLabel(config.ttlMs)})`,
    `  Passenger mode: ${mode}`,
  ];
  if (config.warmup > 0) lines.push(`  Warm-up: ${int(config.warmup)} reads before measuring`);
  if (config.flush) lines.push(`  Flush: delete ${config.keyPrefix}bookings:* first`);
  lines.push(`  Seed: ${config.seed}`);
  return lines.join('\n');
}

/** --verbose: the SQL each operation runs and the cache key with a sample entry. */
export function renderVerbose(config: LabConfig, sample: { passengerId: number; row: BookingRow | null }): string {
  const sql = (text: string) => text.replace(/ (FROM|JOIN|WHERE|GROUP BY|VALUES) /g, '\n      $1 ');
  return [
    'Read (cache-aside):',
    `  1. GET ${config.keyPrefix}bookings:{passenger_id}`,
    '  2. on a miss:',
    `      ${sql(READ_BOOKINGS_SQL)}`,
    `  3. SET ${config.keyPrefix}bookings:{passenger_id} <row as JSON> PX ${config.ttlMs}`,
    'Write:',
    `  1. ${sql(INSERT_BOOKING_SQL)}`,
    `  2. the read query again, then SET the fresh row with the same TTL${config.cache ? '' : ' (skipped with --no-cache)'}`,
    `Key format: ${config.keyPrefix}bookings:{passenger_id}`,
    `  sample: ${config.keyPrefix}bookings:${sample.passengerId} = ${JSON.stringify(sample.row)}`,
    '  (null: the passenger has no booking yet, so the JOIN returns no row; null is cached too)',
  ].join('\n');
}

function latencyLine(label: string, s: LatencySummary): string {
  if (s.count === 0) return `  ${label}: none`;
  return `  ${label}: mean ${fixed(s.meanMs, 3)} ms, p50 ${fixed(s.p50Ms, 3)}, p95 ${fixed(s.p95Ms, 3)}, p99 ${fixed(s.p99Ms, 3)}, max ${fixed(s.maxMs, 3)} ms`;
}

/** The results block. */
export function renderResults(f: RunFigures, config: LabConfig, timeBase: 'virtual' | 'wall'): string {
  const ops = f.reads + f.writes;
  const cached = f.cacheHits + f.cacheMisses;
  const lines = [
    `Results${timeBase === 'virtual' ? ' (virtual time of the embedded backend)' : ''}:`,
    `  Total Duration: ${fixed(f.durationS)} seconds`,
    `  Queries per Second: ${fixed(f.queriesPerSecond)}`,
    `  Avg Latency per Query: ${fixed(f.avgLatencyPerQueryMs, 3)} ms (duration ÷ queries, as the seed computes it)`,
    '',
    `  Latency of one operation (${config.threads} in flight at a time):`,
    latencyLine('all', f.latency),
  ];
  if (config.cache) lines.push(latencyLine('cache hits', f.cacheHitLatency));
  lines.push(
    latencyLine('database (misses, writes)', f.databaseLatency),
    '',
    '  Operations:',
    `    Reads: ${int(f.reads)} (${pct(f.reads, ops)})`,
    `    Writes: ${int(f.writes)} (${pct(f.writes, ops)})`,
    '',
  );
  if (config.cache) {
    lines.push(
      '  Cache Performance:',
      `    Cache Hits: ${int(f.cacheHits)} (${pct(f.cacheHits, cached)})`,
      `    Cache Misses: ${int(f.cacheMisses)} (${pct(f.cacheMisses, cached)})`,
      `    Database operations: ${int(f.databaseOps)} of ${int(ops)} (${pct(f.databaseOps, ops)})`,
    );
  } else {
    lines.push('  Cache Performance: no cache (--no-cache)', `    Database operations: ${int(f.databaseOps)} of ${int(ops)} (100%)`);
  }
  if (f.errors === 0 && f.writeRefreshErrors === 0) {
    lines.push('', '  Errors: 0');
  } else {
    lines.push(
      '',
      `  Errors: ${int(f.errors)} operation${f.errors === 1 ? '' : 's'} failed and ${f.errors === 1 ? 'is' : 'are'} in no count above (${int(f.cacheErrors)} at the cache, ${int(f.databaseErrors)} at the database)`,
    );
    if (f.writesUnknown > 0) {
      lines.push(
        `    of which ${int(f.writesUnknown)} write${f.writesUnknown === 1 ? '' : 's'} lost the connection with the INSERT in flight: the database may have made ${f.writesUnknown === 1 ? 'it' : 'them'} (nobody can tell)`,
      );
    }
    if (f.writeRefreshErrors > 0) {
      lines.push(
        `  Writes whose cache refresh failed: ${int(f.writeRefreshErrors)} (counted as writes: the database accepted them; their entries may be stale or missing)`,
      );
    }
  }
  for (const message of f.errorMessages) lines.push(`    - ${message}`);
  return lines.join('\n');
}
