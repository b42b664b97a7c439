/**
 * `npm run loadtest -- --compare`: the lab's comparison scenarios in one run (no cache, cache,
 * warmed cache, high concurrency, write-heavy) and a side-by-side table with the speedups over
 * the no-cache baseline.
 */
import type { LabConfig } from './config.js';
import { MAX_THREADS } from './options.js';
import { fixed, int } from './report.js';
import type { RunFigures } from './run.js';

/** One scenario of the comparison. */
export interface Scenario {
  id: string;
  title: string;
  /** What it shows. */
  purpose: string;
  config(base: LabConfig): LabConfig;
}

/** Warm-up reads of the warmed scenario: three draws per pool passenger cover 95% of the pool. */
function warmupReads(base: LabConfig): number {
  return base.mode === 'pool' ? 3 * base.poolSize : 30_000;
}

/** The five scenarios, the baseline first. Every cached one starts from a flushed cache. */
export const SCENARIOS: readonly Scenario[] = [
  { id: 'no-cache', title: 'No cache', purpose: 'baseline: every read queries the database', config: (b) => ({ ...b, cache: false, warmup: 0, flush: false }) },
  { id: 'cache', title: 'Cache', purpose: 'cache-aside, cold start, default TTL', config: (b) => ({ ...b, cache: true, warmup: 0, flush: true }) },
  { id: 'warmed', title: 'Warmed cache', purpose: 'cache-aside after a warm-up', config: (b) => ({ ...b, cache: true, warmup: warmupReads(b), flush: true }) },
  {
    id: 'high-concurrency',
    title: 'High concurrency',
    purpose: '4x the threads: where does it saturate?',
    config: (b) => ({ ...b, cache: true, warmup: 0, flush: true, threads: Math.min(b.threads * 4, MAX_THREADS) }),
  },
  {
    id: 'write-heavy',
    title: 'Write-heavy',
    purpose: '50% writes: every write refreshes an entry',
    config: (b) => ({ ...b, cache: true, warmup: 0, flush: true, readRatio: 50 }),
  },
];

/** One row of the table. */
export interface ComparedRun {
  scenario: Scenario;
  config: LabConfig;
  figures: RunFigures;
  logFile: string;
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

const ratio = (a: number, b: number): string => (Number.isFinite(a / b) && b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');

function latencyChange(base: number, now: number): string {
  if (!(base > 0 && now > 0)) return 'mean latency n/a';
  return now <= base ? `${(base / now).toFixed(2)}x lower mean latency` : `${(now / base).toFixed(2)}x higher mean latency`;
}

/** The side-by-side table and the speedups over the first run (the baseline). */
export function renderComparison(runs: readonly ComparedRun[]): string {
  const base = runs[0];
  if (!base) return 'No scenario ran.';
  const baseDbShare = base.figures.databaseOps / base.figures.totalQueries;
  const header = ['Scenario', 'Threads', 'Reads', 'Hit rate', 'QPS', 'vs base', 'Mean ms', 'p95 ms', 'p99 ms', 'DB ops', 'DB load'];
  const rows = runs.map(({ scenario, config, figures: f }) => {
    const dbShare = f.totalQueries > 0 ? f.databaseOps / f.totalQueries : Number.NaN;
    return [
      scenario.title,
      String(config.threads),
      `${config.readRatio}%`,
      config.cache ? `${fixed(f.hitRatePct, 1)}%` : '-',
      int(f.queriesPerSecond),
      ratio(f.queriesPerSecond, base.figures.queriesPerSecond),
      fixed(f.latency.meanMs, 3),
      fixed(f.latency.p95Ms, 3),
      fixed(f.latency.p99Ms, 3),
      int(f.databaseOps),
      `${Math.round((dbShare / baseDbShare) * 100)}%`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const lines = [pad(header, widths), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => pad(r, widths))];
  lines.push(
    '',
    `"vs base": queries per second over "${base.scenario.title}". "DB load": database operations per query, ${base.scenario.title} = 100%.`,
    'Speedups over the baseline:',
  );
  for (const run of runs.slice(1)) {
    const f = run.figures;
    lines.push(
      `  ${run.scenario.title}: ${ratio(f.queriesPerSecond, base.figures.queriesPerSecond)} the throughput, ` +
        `${latencyChange(base.figures.latency.meanMs, f.latency.meanMs)}, ` +
        `${Math.round((1 - f.databaseOps / f.totalQueries / baseDbShare) * 100)}% less database work per query (${run.scenario.purpose}).`,
    );
  }
  return lines.join('\n');
}
