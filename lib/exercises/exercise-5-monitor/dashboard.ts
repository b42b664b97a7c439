/**
 * The monitoring dashboard (given code): one static, self-contained HTML page per run — inline SVG
 * time series (drawn by lab/plot/svg.ts, no script, nothing to load), the alert timeline, the
 * recommendations with their evidence, and the incidents that were caused. Open it from disk in
 * any browser; `lib/exercises/exercise-5-monitor/dashboard-cli.ts` writes one for your monitor.
 */
import { escapeXml, lineChart, type LineSeries } from '../../render/svg.js';
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

function table(head: string[], rows: string[][], empty: string): string {
  if (rows.length === 0) return `<p class="empty">${escapeXml(empty)}</p>`;
  const th = head.map((h) => `<th>${escapeXml(h)}</th>`).join('');
  const trs = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeXml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${trs}\n</tbody></table>`;
}

/** The whole page. */
export function renderDashboard(input: DashboardInput): string {
  const samples = input.samples;
  const ups = samples.filter((s): s is UpSample => s.up);
  const down = samples.length - ups.length;
  const last = ups.at(-1);
  const events = table(
    ['time', 'event', 'rule', 'severity', 'message'],
    input.events.map((e) => [clock(e.at), e.kind, e.rule, e.severity, e.message]),
    'No alert fired.',
  );
  const seen = new Set<string>();
  const recs = table(
    ['time', 'recommendation', 'because', 'evidence'],
    input.recommendations.flatMap((r) =>
      r.list.filter((x) => !seen.has(`${x.id}/${x.because}`) && seen.add(`${x.id}/${x.because}`)).map((x) => [clock(r.at), x.title, x.because, x.evidence]),
    ),
    'No recommendation was made.',
  );
  const incidents = table(
    ['from', 'to', 'what'],
    (input.incidents ?? []).map((i) => [clock(i.start), clock(i.end), i.what]),
    'No incident was caused.',
  );
  const summary = [
    `${samples.length} samples (${down} down)`,
    last ? `server ${last.server.name} ${last.server.version}` : 'server never answered',
    last ? `policy ${last.policy}` : '',
    `${input.events.filter((e) => e.kind === 'firing').length} alerts fired`,
  ].filter(Boolean);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeXml(input.title)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1600px; color: #222; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
.sub, .empty { color: #666; } .summary span { margin-right: 18px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 12px; }
.chart { width: 100%; height: auto; border: 1px solid #ddd; border-radius: 4px; background: #fff; }
.chart-title { font-size: 14px; font-weight: 600; } .tick, .legend { font-size: 11px; fill: #444; } .label { font-size: 12px; fill: #333; }
.grid { stroke: #eee; } .axis { stroke: #888; }
table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid #e4e4e4; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f6f6; }
</style>
</head>
<body>
<h1>${escapeXml(input.title)}</h1>
${input.subtitle ? `<p class="sub">${escapeXml(input.subtitle)}</p>` : ''}
<p class="summary">${summary.map((s) => `<span>${escapeXml(s)}</span>`).join('')}</p>
<h2>Time series</h2>
<div class="charts">
${dashboardCharts(samples).join('\n')}
</div>
<h2>Incidents</h2>
${incidents}
<h2>Alerts</h2>
${events}
<h2>Recommendations</h2>
${recs}
</body>
</html>
`;
}
