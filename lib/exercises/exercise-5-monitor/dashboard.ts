/**
 * The monitoring dashboard (given code): one static, self-contained HTML page per run — inline SVG
 * time series (drawn by lib/render/svg.ts, no script, nothing to load), the alert timeline, the
 * recommendations with their evidence, and the incidents that were caused. Open it from disk in
 * any browser; `lib/exercises/exercise-5-monitor/dashboard-cli.ts` writes one for your monitor.
 * The page is dashboard.html.hbs beside this file, rendered with handlebars: it escapes every value
 * (titles, alert messages, evidence) and inserts the charts' SVG, which lib/render escaped, as is.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { lineChart, type LineSeries } from '../../render/svg.js';
import type { AlertEvent, MetricsSample, Recommendation, UpSample } from './types.js';

/** What a dashboard shows. Times are Date.now() values except where `startedAt` says otherwise. */
export interface DashboardInput {
  title: string;
  /** One line under the title (backend, parameters). */
  subtitle?: string;
  samples: readonly MetricsSample[];
  /** Alert events with `at` in ms since `startedAt`. */
  events: readonly AlertEvent[];
  recommendations: readonly { at: number; list: readonly Recommendation[] }[];
  /** Caused or labelled incidents, in ms since `startedAt`. */
  incidents?: readonly { what: string; start: number; end: number }[];
  startedAt: number;
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];

const clock = (ms: number): string => {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

function series(samples: readonly MetricsSample[], pick: (s: UpSample) => number | null, name: string, color: string): LineSeries {
  return { name, color, values: samples.map((s) => (s.up ? pick(s) : null)) };
}

function topShare(s: UpSample): number | null {
  return s.ops > 0 && s.topKeys[0] ? (100 * s.topKeys[0].count) / s.ops : null;
}

function perSecond(s: UpSample, count: number): number | null {
  return s.intervalMs > 0 ? (1000 * count) / s.intervalMs : null;
}

/** The charts of a run, in reading order. */
function dashboardCharts(samples: readonly MetricsSample[]): string[] {
  const x = `sample (${describeInterval(samples)})`;
  return [
    lineChart({ title: 'Hit ratio (per interval)', xLabel: x, yLabel: '%', yMax: 100 }, [series(samples, (s) => s.hitRatio, 'hit ratio', COLORS[0]!)]),
    lineChart({ title: 'Memory used, % of maxmemory', xLabel: x, yLabel: '%', yMax: 100 }, [series(samples, (s) => s.memoryPct, 'used', COLORS[1]!)]),
    lineChart({ title: 'Client latency', xLabel: x, yLabel: 'ms' }, [
      series(samples, (s) => s.p50Ms, 'p50', COLORS[2]!),
      series(samples, (s) => s.p95Ms, 'p95', COLORS[0]!),
      series(samples, (s) => s.p99Ms, 'p99', COLORS[1]!),
    ]),
    lineChart({ title: 'Evictions and expirations per second', xLabel: x, yLabel: 'keys/s' }, [
      series(samples, (s) => perSecond(s, s.evictedKeys), 'evicted', COLORS[1]!),
      series(samples, (s) => perSecond(s, s.expiredKeys), 'expired', COLORS[4]!),
    ]),
    lineChart({ title: 'Busiest key, % of client operations', xLabel: x, yLabel: '%', yMax: 100 }, [series(samples, topShare, 'top key', COLORS[3]!)]),
    lineChart({ title: 'Connections, % of maxclients', xLabel: x, yLabel: '%', yMax: 100 }, [
      series(samples, (s) => s.connectionsPct, 'connected', COLORS[2]!),
    ]),
    lineChart({ title: 'Server operations per second', xLabel: x, yLabel: 'ops/s' }, [
      series(samples, (s) => s.opsPerSec, 'instantaneous_ops_per_sec', COLORS[0]!),
    ]),
  ];
}

function describeInterval(samples: readonly MetricsSample[]): string {
  const ups = samples.filter((s): s is UpSample => s.up && s.intervalMs > 0);
  if (ups.length === 0) return 'one per collection';
  const ms = ups.reduce((a, s) => a + s.intervalMs, 0) / ups.length;
  return `about ${ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms)} ms`} apart`;
}

/** A table of the page: its header, its rows of cells, and the line shown instead when it has no row. */
interface Table {
  head: string[];
  rows: string[][];
  empty: string;
}

let page: Handlebars.TemplateDelegate | undefined;

/** The page template, compiled on first use. */
function template(): Handlebars.TemplateDelegate {
  page ??= Handlebars.create().compile(readFileSync(path.join(import.meta.dirname, 'dashboard.html.hbs'), 'utf8'), { strict: true });
  return page;
}

/** The whole page. */
export function renderDashboard(input: DashboardInput): string {
  const samples = input.samples;
  const ups = samples.filter((s): s is UpSample => s.up);
  const down = samples.length - ups.length;
  const last = ups.at(-1);
  const events: Table = {
    head: ['time', 'event', 'rule', 'severity', 'message'],
    rows: input.events.map((e) => [clock(e.at), e.kind, e.rule, e.severity, e.message]),
    empty: 'No alert fired.',
  };
  const seen = new Set<string>();
  const recommendations: Table = {
    head: ['time', 'recommendation', 'because', 'evidence'],
    rows: input.recommendations.flatMap((r) =>
      r.list.filter((x) => !seen.has(`${x.id}/${x.because}`) && seen.add(`${x.id}/${x.because}`)).map((x) => [clock(r.at), x.title, x.because, x.evidence]),
    ),
    empty: 'No recommendation was made.',
  };
  const incidents: Table = {
    head: ['from', 'to', 'what'],
    rows: (input.incidents ?? []).map((i) => [clock(i.start), clock(i.end), i.what]),
    empty: 'No incident was caused.',
  };
  const summary = [
    `${samples.length} samples (${down} down)`,
    last ? `server ${last.server.name} ${last.server.version}` : 'server never answered',
    last ? `policy ${last.policy}` : '',
    `${input.events.filter((e) => e.kind === 'firing').length} alerts fired`,
  ].filter(Boolean);
  return template()({
    title: input.title,
    subtitle: input.subtitle ?? '',
    summary,
    charts: dashboardCharts(samples),
    incidents,
    events,
    recommendations,
  });
}
