/**
 * `plot explain`: reads a log back to the student the way the published results
 * interpret their sample data point — what each field of a one-second bucket means, the hit rate of that second, why the
 * total time of a second can exceed one second — then the run's headline figures. A run that did
 * not complete says so first, and an outage in the series (a server down: failures in most
 * operations of a second) is named with its seconds, its server and what it does to the
 * per-second figures, so a post-fault hit rate is not read as the cache warming up.
 */
import type { SecondBucket } from '../../lib/metrics/time-series.js';
import type { LoadedLog } from '../log-read.js';
import { overallAverages, type Outage, type Views } from './views.js';

const num = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const share = (part: number, whole: number): string => (whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : 'n/a');

function describeRun(loaded: LoadedLog): string[] {
  if (loaded.kind === 'series') {
    return [
      "A bare per-second series (no configuration or totals): probably written by the seed's own tool.",
      'Latency cannot be split into database and cache operations, so views 1-3 show every operation together.',
    ];
  }
  const { configuration: c, results: r } = loaded.log;
  const where =
    c.time_base === 'virtual'
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
    lines.push(
      `Cache: ${num(r.cache_hits)} hits and ${num(r.cache_misses)} misses: a hit rate of ${r.cache_hit_rate_pct === null ? 'n/a' : `${r.cache_hit_rate_pct.toFixed(1)}%`}; ` +
        `${num(r.database_ops)} of ${num(r.total_queries)} operations reached the database.`,
    );
  }
  const refresh = r.write_refresh_errors ?? 0;
  if (r.errors > 0 || refresh > 0) {
    const kinds = r.errors_by_kind ? ` (${num(r.errors_by_kind.cache)} at the cache, ${num(r.errors_by_kind.database)} at the database)` : '';
    lines.push(
      `Errors: ${num(r.errors)} operation${r.errors === 1 ? '' : 's'} failed${kinds} and are in no count above` +
        `${(r.writes_unknown ?? 0) > 0 ? `; ${num(r.writes_unknown ?? 0)} of them were writes that lost the connection with the INSERT in flight, which the database may have made` : ''}` +
        `${refresh > 0 ? `; ${num(refresh)} writes were made (the database accepted them, they are counted) but their cache refresh failed` : ''}` +
        `; e.g. ${r.error_messages[0] ?? '(no message kept)'}`,
    );
  }
  return lines;
}

const STATUS_TEXT = {
  interrupted: 'interrupted: a signal (Ctrl-C or SIGTERM) stopped the run early; the figures cover what ran until then.',
  failed: 'failed: an error ended the run; the figures cover what ran until then.',
  running:
    'running: the log was still being written when it was last saved, so the run ended without finishing it (a crash or a kill) or is still going; the figures are those of the last second saved.',
} as const;

function describeStatus(loaded: LoadedLog): string[] {
  if (loaded.kind !== 'full') return [];
  const { status, notes } = loaded.log;
  if (status === undefined || status === 'complete') return (notes ?? []).map((n) => `Note: ${n}`);
  return [`Status: ${STATUS_TEXT[status]}`, ...(notes ?? []).map((n) => `  ${n}`)];
}

const SERVER = { cache: 'the cache (Redis/Valkey)', database: 'the database (MySQL/MariaDB)' } as const;

function describeOutage(o: Outage, views: Views, loaded: LoadedLog): string[] {
  const seconds = o.to - o.from + 1;
  const span = o.untilEnd ? `from +${o.from} s to the end of the run (+${o.to} s)` : `from +${o.from} s to +${o.to} s`;
  const message =
    loaded.kind === 'full'
      ? loaded.log.results.error_messages.find((m) => (o.server === 'cache' ? /CACHE_URL|cache/i : /DATABASE_URL|database|MySQL/i).test(m))
      : undefined;
  const lines = [
    `Outage of ${SERVER[o.server]} ${span}, ${seconds} second${seconds === 1 ? '' : 's'}: ${num(o.errors)} operations failed ` +
      `(${num(o.cache)} at the cache, ${num(o.database)} at the database)` +
      `${o.writeRefresh > 0 ? ` and ${num(o.writeRefresh)} writes were made but could not refresh the cache` : ''}.` +
      `${message ? ` Error: ${message}` : ''}`,
  ];
  const during = views.hitRate.slice(o.from, o.to + 1);
  const hits = during.reduce((a, p) => a + p.hits, 0);
  const reads = during.reduce((a, p) => a + p.reads, 0);
  if (o.server === 'database') {
    lines.push(
      `  In these seconds only the reads the cache answered could succeed (a miss and a write need the database), so the hit rate reads ` +
        `${reads > 0 ? `${((hits / reads) * 100).toFixed(1)}%` : 'nothing'}: that is the outage, not a warm cache.`,
    );
  } else {
    lines.push(
      `  In these seconds reads failed at the cache, so the hit rate has ${reads > 0 ? `only ${num(reads)} successful reads` : 'no successful read'} to show, ` +
        'and the throughput counts mostly the writes the database still accepted: these seconds are the outage, not the cache at work.',
    );
  }
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
  const status = describeStatus(loaded);
  const lines = [`${file}`, '', ...(status.length > 0 ? [...status, ''] : []), ...describeRun(loaded), ''];
  const series = loaded.kind === 'full' ? loaded.log.time_series : loaded.series;
  const entries = Object.entries(series);
  const outages = views.outages;
  if (outages.length > 0) lines.push(...outages.flatMap((o) => describeOutage(o, views, loaded)), '');
  if (entries.length === 0) {
    const failed = (views.errors ?? []).reduce((a, e) => a + e.errors, 0);
    return [...lines, failed > 0 ? `No operation succeeded: all ${num(failed)} failed.` : 'The time series is empty: no operation was recorded.'].join('\n');
  }
  // Field by field on a second of normal work: outside any outage when there is one.
  const inOutage = (second: string) => outages.some((o) => Number(second) - views.firstSecond >= o.from && Number(second) - views.firstSecond <= o.to);
  const candidates = entries.filter(([second]) => !inOutage(second));
  const [second, bucket] = (candidates.length > 0 ? candidates : entries).reduce((best, e) => (e[1].count > best[1].count ? e : best));
  const threads = loaded.kind === 'full' ? loaded.log.configuration.threads : undefined;
  lines.push(...describeSecond(second, Number(second) - views.firstSecond, bucket, threads));
  const failedThere = views.errors?.[Number(second) - views.firstSecond];
  if (failedThere && failedThere.errors + failedThere.writeRefresh > 0) {
    lines.push(
      `  (and in time_series_errors: ${num(failedThere.errors)} operations that started in this second failed, ${num(failedThere.writeRefresh)} writes could not refresh the cache)`,
    );
  }
  lines.push('');
  const { databaseUs, cacheHitUs } = overallAverages(views);
  if (databaseUs !== null && cacheHitUs !== null) {
    lines.push(
      `Speedup = database average ÷ cache-hit average = ${num(databaseUs, 1)} ÷ ${num(cacheHitUs, 1)} = ${num(databaseUs / cacheHitUs, 1)}x: what each hit saves.`,
    );
  }
  // The hit-rate trend of normal work: up to the first outage.
  const end = outages.length > 0 ? outages[0]!.from : views.hitRate.length;
  const rates = views.hitRate
    .slice(0, end)
    .map((p, i) => ({ pct: p.pct, i }))
    .filter((p): p is { pct: number; i: number } => p.pct !== null);
  if (rates.length > 1) {
    const firstRate = rates[0]!;
    const lastRate = rates[rates.length - 1]!;
    const where = outages.length > 0 ? `in the last second before the outage (+${lastRate.i} s)` : 'in the last';
    lines.push(
      `Hit rate went from ${firstRate.pct.toFixed(1)}% in the first second to ${lastRate.pct.toFixed(1)}% ${where}` +
        `${firstRate.pct < lastRate.pct - 10 ? ': the cold start, as the cache warms up.' : '.'}`,
    );
  } else if (outages.length > 0 && outages[0]!.from <= 1) {
    lines.push('The outage began in the first seconds, so the series shows no normal work to read a hit-rate trend from.');
  }
  lines.push(`${views.offsets.length} seconds in the series; operations are counted in the second they started.`);
  return lines.join('\n');
}
