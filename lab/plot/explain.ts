/**
 * `plot explain`: reads a log back to the student the way seed 001 interprets its sample data
 * point — what each field of a one-second bucket means, the hit rate of that second, why the
 * total time of a second can exceed one second — then the run's headline figures.
 */
import type { SecondBucket } from '../../lib/metrics/time-series.js';
import type { LoadedLog } from '../log-read.js';
import { overallAverages, type Views } from './views.js';

const num = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const share = (part: number, whole: number): string => (whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : 'n/a');

function describeRun(loaded: LoadedLog): string[] {
  if (loaded.kind === 'series') {
    return ['A bare per-second series (no configuration or totals): probably written by the seed\'s own tool.', 'Latency cannot be split into database and cache operations, so views 1-3 show every operation together.'];
  }
  const { configuration: c, results: r } = loaded.log;
  const where = c.time_base === 'virtual'
    ? 'the embedded backend, on virtual time priced by lab/cost-model.ts (the same seed gives the same figures on every machine)'
    : `real servers (cache ${c.cache_server}, database ${c.database}), on the wall clock`;
  const lines = [
    `A load test on ${where}.`,
    `Configuration: ${c.threads} threads x ${num(c.queries_per_thread)} queries = ${num(c.total_queries)}, ${c.read_ratio}% reads, ` +
      `TTL ${num(c.cache_ttl_ms)} ms, ${c.passenger_mode === 'pool' ? `pool of ${num(c.pool_size ?? 0)} passengers` : `random passengers (all ${num(c.passengers)})`}` +
      `${c.cache ? '' : ', no cache'}${c.warmup > 0 ? `, ${num(c.warmup)} warm-up reads` : ''}${c.flush ? ', flushed first' : ''}.`,
    `Results: ${num(r.duration_s, 2)} s, ${r.queries_per_second === null ? 'n/a' : num(r.queries_per_second, 2)} queries per second, ` +
      `${r.avg_latency_per_query_ms === null ? 'n/a' : num(r.avg_latency_per_query_ms, 3)} ms per query (duration ÷ queries); ` +
      `each operation took ${r.latency_ms.mean === null ? 'n/a' : num(r.latency_ms.mean, 3)} ms on average (p95 ${r.latency_ms.p95 ?? 'n/a'} ms).`,
  ];
  if (c.cache) {
    lines.push(`Cache: ${num(r.cache_hits)} hits and ${num(r.cache_misses)} misses: a hit rate of ${r.cache_hit_rate_pct === null ? 'n/a' : `${r.cache_hit_rate_pct.toFixed(1)}%`}; ` +
      `${num(r.database_ops)} of ${num(r.total_queries)} operations reached the database.`);
  }
  if (r.errors > 0) lines.push(`Errors: ${num(r.errors)} operations failed, e.g. ${r.error_messages[0] ?? '(no message kept)'}.`);
  return lines;
}

function describeSecond(second: string, offset: number, b: SecondBucket, threads: number | undefined): string[] {
  const reads = b.cache_hits + b.cache_misses;
  const lines = [
    `The busiest second, ${second} (+${offset} s), field by field:`,
    `  count: ${num(b.count)} operations started in this 1-second window (its throughput: ${num(b.count)} QPS)`,
    `  total_time_us: ${num(b.total_time_us, 1)} µs, the sum of their latencies`,
    `  avg_time_us: ${num(b.avg_time_us, 2)} µs (${num(b.avg_time_us / 1000, 3)} ms) = total_time_us ÷ count`,
    `  min_time_us / max_time_us: ${num(b.min_time_us, 1)} µs / ${num(b.max_time_us, 1)} µs, the fastest and slowest operation`,
    `  cache_hits: ${num(b.cache_hits)} (${share(b.cache_hits, b.count)} of operations) served from the cache`,
    `  cache_misses: ${num(b.cache_misses)} (${share(b.cache_misses, b.count)}) required database access, then filled the cache`,
    `  writes: ${num(b.writes)} (${share(b.writes, b.count)}) inserted a booking and refreshed the cache entry`,
    `  reads: ${num(b.reads)}: reads that bypassed the cache (--no-cache); a read through the cache counts as a hit or a miss instead`,
  ];
  if (reads > 0) lines.push(`  Cache hit rate: ${share(b.cache_hits, reads)} (${num(b.cache_hits)} / ${num(reads)} reads through the cache)`);
  const n = threads ?? 'several';
  lines.push(
    '',
    `Why total_time_us can exceed one second: ${n} threads run at once, so their operations overlap. ` +
      `Four 200 ms operations running side by side add up to 800 ms of operation time in 200 ms of wall time. ` +
      `Here ${num(b.total_time_us / 1e6, 2)} s of operation time fit in one second: about ${num(b.total_time_us / 1e6, 1)} operations in flight on average.`,
  );
  return lines;
}

/** The explanation of a log, as plain text. */
export function explainLog(file: string, loaded: LoadedLog, views: Views): string {
  const lines = [`${file}`, '', ...describeRun(loaded), ''];
  const series = loaded.kind === 'full' ? loaded.log.time_series : loaded.series;
  const entries = Object.entries(series);
  if (entries.length === 0) return [...lines, 'The time series is empty: no operation was recorded.'].join('\n');
  const [second, bucket] = entries.reduce((best, e) => (e[1].count > best[1].count ? e : best));
  const threads = loaded.kind === 'full' ? loaded.log.configuration.threads : undefined;
  lines.push(...describeSecond(second, Number(second) - views.firstSecond, bucket, threads), '');
  const { databaseUs, cacheHitUs } = overallAverages(views);
  if (databaseUs !== null && cacheHitUs !== null) {
    lines.push(`Speedup = database average ÷ cache-hit average = ${num(databaseUs, 1)} ÷ ${num(cacheHitUs, 1)} = ${num(databaseUs / cacheHitUs, 1)}x: what each hit saves.`);
  }
  const rates = views.hitRate.map((p) => p.pct).filter((p): p is number => p !== null);
  if (rates.length > 1) {
    lines.push(
      `Hit rate went from ${rates[0]!.toFixed(1)}% in the first second to ${rates[rates.length - 1]!.toFixed(1)}% in the last` +
        `${rates[0]! < rates[rates.length - 1]! - 10 ? ': the cold start, as the cache warms up.' : '.'}`,
    );
  }
  lines.push(`${views.offsets.length} seconds in the series; operations are counted in the second they started.`);
  return lines.join('\n');
}
