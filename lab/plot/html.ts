/**
 * The HTML page of `plot explain --html`: the run's summary, the five views of the published results as inline
 * SVG charts and the explanation text, rendered with handlebars (which escapes every value from
 * the log). One file, no script and no network access when it is opened.
 */
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import type { LoadedLog } from '../log-read.js';
import { barChart, lineChart, type LineSeries } from '../../lib/render/svg.js';
import type { LatencyPoint, Views } from './views.js';

const template = Handlebars.compile(readFileSync(new URL('./page.hbs', import.meta.url), 'utf8'), { strict: true });

const COLORS = { max: '#d64545', avg: '#2f6fdf', min: '#2f9e6a', db: '#d64545', cache: '#2f9e6a', bars: '#2f6fdf' };
const X = 'Time (seconds since the start)';

function minAvgMax(points: readonly (LatencyPoint | null)[]): LineSeries[] {
  return [
    { name: 'Max', color: COLORS.max, values: points.map((p) => p?.max ?? null) },
    { name: 'Avg', color: COLORS.avg, values: points.map((p) => p?.avg ?? null) },
    { name: 'Min', color: COLORS.min, values: points.map((p) => p?.min ?? null) },
  ];
}

const num = (n: number | null | undefined, digits = 0): string =>
  n === null || n === undefined ? 'n/a' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function summary(loaded: LoadedLog): { label: string; value: string }[] {
  if (loaded.kind !== 'full') return [];
  const { configuration: c, results: r } = loaded.log;
  return [
    { label: 'Backend', value: `${c.backend} (${c.time_base === 'virtual' ? 'virtual time' : 'wall clock'})` },
    { label: 'Threads × queries', value: `${c.threads} × ${num(c.queries_per_thread)}` },
    { label: 'Read ratio', value: `${c.read_ratio}%` },
    { label: 'TTL', value: `${num(c.cache_ttl_ms)} ms` },
    { label: 'Passengers', value: c.passenger_mode === 'pool' ? `pool of ${num(c.pool_size)}` : `random (all ${num(c.passengers)})` },
    { label: 'Duration', value: `${num(r.duration_s, 2)} s` },
    { label: 'Queries per second', value: num(r.queries_per_second, 2) },
    { label: 'Mean / p95 / p99 latency', value: `${num(r.latency_ms.mean, 3)} / ${num(r.latency_ms.p95, 3)} / ${num(r.latency_ms.p99, 3)} ms` },
    { label: 'Reads / writes', value: `${num(r.reads)} / ${num(r.writes)}` },
    { label: 'Cache hits / misses', value: c.cache ? `${num(r.cache_hits)} / ${num(r.cache_misses)} (${num(r.cache_hit_rate_pct, 1)}% hits)` : 'no cache' },
    {
      label: 'Errors',
      value:
        `${num(r.errors)}${r.errors_by_kind && r.errors > 0 ? ` (cache ${num(r.errors_by_kind.cache)}, database ${num(r.errors_by_kind.database)})` : ''}` +
        `${(r.write_refresh_errors ?? 0) > 0 ? `; ${num(r.write_refresh_errors)} writes made without a cache refresh` : ''}`,
    },
    ...(loaded.log.status && loaded.log.status !== 'complete' ? [{ label: 'Status', value: loaded.log.status }] : []),
    { label: 'Seed', value: c.seed },
  ];
}

/** The page for one log. */
export function renderHtml(file: string, loaded: LoadedLog, views: Views, explanation: string): string {
  const charts: { heading: string; svg: string; caption: string }[] = [];
  if (views.database && views.cacheHit) {
    charts.push(
      {
        heading: '1. Database operations latency (cache misses + writes)',
        svg: lineChart({ title: 'Database Operations Latency Over Time', xLabel: X, yLabel: 'Latency (µs)' }, minAvgMax(views.database)),
        caption: 'Operations that reached the database. Expect the slowest start (cold cache) and spikes where the database queues.',
      },
      {
        heading: '2. Cache hit latency',
        svg: lineChart({ title: 'Cache Hit Latency Over Time', xLabel: X, yLabel: 'Latency (µs)' }, minAvgMax(views.cacheHit)),
        caption: 'Reads the cache answered: one round trip to Redis/Valkey, flat through the run.',
      },
      {
        heading: '3. Database vs cache: average latency',
        svg: lineChart({ title: 'Database vs Cache: Average Latency', xLabel: X, yLabel: 'Average latency (µs)' }, [
          { name: 'DB avg (misses + writes)', color: COLORS.db, values: views.database.map((p) => p?.avg ?? null) },
          { name: 'Cache avg (hits)', color: COLORS.cache, values: views.cacheHit.map((p) => p?.avg ?? null) },
        ]),
        caption: 'The gap between the two lines is what every hit saves (the speedup in the text below).',
      },
    );
  } else {
    charts.push({
      heading: '1–3. Latency of every operation',
      svg: lineChart({ title: 'Latency Over Time (all operations)', xLabel: X, yLabel: 'Latency (µs)' }, minAvgMax(views.all)),
      caption: 'This file has no split by operation, so database and cache latency cannot be told apart.',
    });
  }
  charts.push(
    {
      heading: '4. Throughput',
      svg: barChart({ title: 'Throughput Over Time', xLabel: X, yLabel: 'Operations per second' }, views.throughput, COLORS.bars),
      caption: 'Operations started in each second. It rises as the cache warms and drops in the last, partial second.',
    },
    {
      heading: '5. Cache hit rate',
      svg: barChart(
        { title: 'Cache Hit Rate Over Time', xLabel: X, yLabel: 'Hit rate (%)', yMax: 100 },
        views.hitRate.map((p) => p.pct),
        COLORS.cache,
        '%',
      ),
      caption: 'Hits ÷ reads through the cache, per second. The climb from the first seconds is the cold start.',
    },
  );
  if (views.errors?.some((e) => e.errors + e.writeRefresh > 0)) {
    const outages = views.outages.map((o) => `+${o.from}${o.to > o.from ? `–${o.to}` : ''} s (${o.server})`).join(', ');
    charts.push({
      heading: '6. Failed operations',
      svg: barChart(
        { title: 'Failed Operations Over Time', xLabel: X, yLabel: 'Failed operations per second' },
        views.errors.map((e) => e.errors),
        COLORS.max,
      ),
      caption: `Operations that failed in each second (they are in no other chart).${outages ? ` Outage: ${outages}; the hit rate of those seconds is the outage, not the cache at work.` : ''}`,
    });
  }
  const full = loaded.kind === 'full' ? loaded.log : undefined;
  return template({
    title: 'Cache-aside load test',
    subtitle: full ? `${file}, started ${full.started_at}` : file,
    note:
      full?.configuration.time_base === 'virtual'
        ? 'Embedded backend: times are virtual, priced by lab/cost-model.ts, and identical on every machine for the same seed.'
        : '',
    summary: summary(loaded),
    views: charts,
    explanation,
    file,
  });
}
