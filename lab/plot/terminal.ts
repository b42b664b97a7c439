/**
 * The five views as text, for `npm run plot -- explain <file> --plot`. Views 4 and 5 use the
 * layout the published results print (a trend line of block characters, then one bar per second); views 1–3
 * use the same bar layout for min/avg/max latency. These are string padding, not a chart engine:
 * line charts (the published results' braille plots) would need a chart library such as asciichart, which the
 * kit does not ship yet. Long runs are grouped into at most MAX_ROWS rows.
 */
import { overallAverages, type LatencyPoint, type Outage, type Views } from './views.js';

/** Rows per view at most; longer runs are grouped into spans of seconds. */
const MAX_ROWS = 40;
const BAR = 40;
const SPARKS = '▁▂▃▄▅▆▇█';

const num = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function bar(value: number, max: number, width = BAR): string {
  const filled = max > 0 ? Math.round((Math.max(0, value) / max) * width) : 0;
  return `[${'█'.repeat(Math.min(width, filled)).padEnd(width)}]`;
}

/** ▁▃▅█ for a list of values (gaps as spaces); a line flat within 5% stays flat instead of magnifying noise. */
function sparkline(values: readonly (number | null)[]): string {
  const real = values.filter((v): v is number => v !== null);
  const lo = Math.min(...real);
  const hi = Math.max(...real);
  const flat = !(hi - lo > 0.05 * Math.abs(hi));
  return values.map((v) => (v === null ? ' ' : SPARKS[flat ? 3 : Math.round(((v - lo) / (hi - lo)) * (SPARKS.length - 1))])).join('');
}

interface Span {
  label: string;
  from: number;
  to: number;
}

function spans(n: number): Span[] {
  const size = Math.max(1, Math.ceil(n / MAX_ROWS));
  const out: Span[] = [];
  for (let from = 0; from < n; from += size) {
    const to = Math.min(n, from + size) - 1;
    out.push({ label: size === 1 ? `+${from}s` : `+${from}-${to}s`, from, to });
  }
  const width = Math.max(...out.map((s) => s.label.length));
  return out.map((s) => ({ ...s, label: s.label.padStart(width) }));
}

function mergeLatency(points: readonly (LatencyPoint | null)[], span: Span): LatencyPoint | null {
  let merged: LatencyPoint | null = null;
  for (let i = span.from; i <= span.to; i++) {
    const p = points[i];
    if (!p) continue;
    if (!merged) merged = { ...p };
    else {
      const count: number = merged.count + p.count;
      merged = { min: Math.min(merged.min, p.min), max: Math.max(merged.max, p.max), avg: (merged.avg * merged.count + p.avg * p.count) / count, count };
    }
  }
  return merged;
}

function latencyView(title: string, points: readonly (LatencyPoint | null)[], rows: Span[]): string {
  const merged = rows.map((s) => mergeLatency(points, s));
  const top = Math.max(0, ...merged.map((p) => p?.avg ?? 0));
  const lines = [title, '', `Trend of the average: ${sparkline(merged.map((p) => p?.avg ?? null))}`, ''];
  rows.forEach((s, i) => {
    const p = merged[i];
    lines.push(
      p
        ? `  ${s.label} ${bar(p.avg, top)} avg ${num(p.avg, 1).padStart(10)} µs   min ${num(p.min, 1)}  max ${num(p.max, 1)}`
        : `  ${s.label} ${bar(0, 1)} (no such operation)`,
    );
  });
  return lines.join('\n');
}

function comparisonView(views: Views, rows: Span[]): string {
  const db = rows.map((s) => mergeLatency(views.database ?? [], s));
  const hit = rows.map((s) => mergeLatency(views.cacheHit ?? [], s));
  const top = Math.max(0, ...db.map((p) => p?.avg ?? 0), ...hit.map((p) => p?.avg ?? 0));
  const { databaseUs, cacheHitUs } = overallAverages(views);
  const lines = ['3. Database vs Cache: Average Latency Comparison (µs)', ''];
  if (databaseUs !== null && cacheHitUs !== null) {
    lines.push(
      `Over the run: database operations ${num(databaseUs, 1)} µs, cache hits ${num(cacheHitUs, 1)} µs: cache hits are ${num(databaseUs / cacheHitUs, 1)}x faster.`,
      '',
    );
  }
  rows.forEach((s, i) => {
    const d = db[i];
    const h = hit[i];
    const speedup = d && h ? `  ${num(d.avg / h.avg, 1)}x` : '';
    lines.push(`  ${s.label} DB    ${bar(d?.avg ?? 0, top)} ${d ? `${num(d.avg, 1)} µs` : '-'}${speedup}`);
    lines.push(`  ${' '.repeat(s.label.length)} cache ${bar(h?.avg ?? 0, top)} ${h ? `${num(h.avg, 1)} µs` : '-'}`);
  });
  return lines.join('\n');
}

/** The outage a row of seconds falls in, if any. */
function outageOf(views: Views, span: Span): Outage | undefined {
  return views.outages.find((o) => span.from <= o.to && span.to >= o.from);
}

function throughputView(views: Views, rows: Span[]): string {
  const perSecond = rows.map((s) => views.throughput.slice(s.from, s.to + 1).reduce((a, b) => a + b, 0) / (s.to - s.from + 1));
  const failed = rows.map((s) => (views.errors ?? []).slice(s.from, s.to + 1).reduce((a, e) => a + e.errors, 0) / (s.to - s.from + 1));
  const top = Math.max(0, ...perSecond);
  const lines = ['4. Throughput Over Time (operations/second)', '', `Trend: ${sparkline(perSecond)}`, ''];
  rows.forEach((s, i) => {
    const outage = outageOf(views, s);
    const failures = failed[i]! > 0 ? `   ✗ ${num(failed[i]!)} failed${outage ? ` (outage: ${outage.server})` : ''}` : '';
    lines.push(`  ${s.label} ${bar(perSecond[i]!, top)} ${num(perSecond[i]!)}${failures}`);
  });
  if (failed.some((f) => f > 0)) lines.push('', '  ✗ operations that failed (not in the bars): time_series_errors');
  return lines.join('\n');
}

/** ✓ excellent (≥ 95%), ○ good (≥ 70%, the published results' target), ! below target. */
function hitMarker(pct: number): string {
  return pct >= 95 ? '✓' : pct >= 70 ? '○' : '!';
}

function hitRateView(views: Views, rows: Span[]): string {
  const points = views.hitRate;
  const merged = rows.map((s) => {
    const part = points.slice(s.from, s.to + 1);
    const hits = part.reduce((a, p) => a + p.hits, 0);
    const reads = part.reduce((a, p) => a + p.reads, 0);
    return reads > 0 ? (hits / reads) * 100 : null;
  });
  const hits = points.reduce((a, p) => a + p.hits, 0);
  const reads = points.reduce((a, p) => a + p.reads, 0);
  const avg = reads > 0 ? ` (avg: ${((hits / reads) * 100).toFixed(1)}%)` : '';
  const lines = ['5. Cache Hit Rate Over Time (%)', '', `Trend: ${sparkline(merged)}${avg}`, ''];
  rows.forEach((s, i) => {
    const pct = merged[i] ?? null;
    const outage = outageOf(views, s);
    const mark = outage ? `   ← outage (${outage.server === 'cache' ? 'the cache' : 'the database'} failing): not the cache at work` : '';
    lines.push(
      pct === null
        ? `  ${s.label} ${bar(0, 100)}      - (no cached reads)${mark}`
        : `  ${s.label} ${bar(pct, 100)} ${pct.toFixed(1).padStart(5)}% ${hitMarker(pct)}${mark}`,
    );
  });
  lines.push('', '  ✓ ≥ 95% excellent   ○ ≥ 70% on target   ! below the 70% target');
  return lines.join('\n');
}

/** The five views as text. */
export function renderTerminalViews(views: Views): string {
  if (views.offsets.length === 0) return 'The time series is empty: the run recorded no operation, so there is nothing to plot.';
  // (a series with failures only still has its seconds: views.offsets spans them too)
  const rows = spans(views.offsets.length);
  const out: string[] = [];
  if (views.database && views.cacheHit) {
    out.push(latencyView('1. Database Operations Latency Over Time (cache misses + writes, µs)', views.database, rows));
    out.push(latencyView('2. Cache Hit Latency Over Time (µs)', views.cacheHit, rows));
    out.push(comparisonView(views, rows));
  } else {
    out.push(
      latencyView(
        '1-3. Latency Over Time, every operation (µs); this file has no split by operation, so database and cache latency cannot be told apart',
        views.all,
        rows,
      ),
    );
  }
  out.push(throughputView(views, rows), hitRateView(views, rows));
  return out.join('\n\n');
}
