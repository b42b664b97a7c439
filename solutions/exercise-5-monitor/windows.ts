/**
 * Window arithmetic for the reference monitor: the rule values over the short window and the
 * trends over the long one. Rates and ratios are sums over the window (a count-weighted mean), not
 * means of per-sample ratios: an interval with 10 reads must not weigh as much as one with 10,000.
 */
import { KEYS_LOST_WARM_PCT } from '../../lib/exercises/exercise-5-monitor/options.js';
import type { PerformanceAnalysis, UpSample, WindowFigures } from '../../lib/exercises/exercise-5-monitor/types.js';

const sum = (xs: readonly UpSample[], f: (s: UpSample) => number) => xs.reduce((a, s) => a + f(s), 0);

function mean(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
}

function perSecond(xs: readonly UpSample[], f: (s: UpSample) => number): number | null {
  const seconds = sum(xs, (s) => s.intervalMs) / 1000;
  return seconds > 0 ? sum(xs, f) / seconds : null;
}

function weighted(xs: readonly UpSample[], f: (s: UpSample) => number | null): number | null {
  let total = 0;
  let weight = 0;
  for (const s of xs) {
    const v = f(s);
    if (v === null || s.ops === 0) continue;
    total += v * s.ops;
    weight += s.ops;
  }
  return weight > 0 ? total / weight : null;
}

function hottest(xs: readonly UpSample[]): WindowFigures['hotKey'] {
  const ops = sum(xs, (s) => s.ops);
  if (ops === 0) return null;
  const counts = new Map<string, number>();
  for (const s of xs) for (const k of s.topKeys) counts.set(k.key, (counts.get(k.key) ?? 0) + k.count);
  let top: [string, number] | null = null;
  for (const entry of counts) if (!top || entry[1] > top[1]) top = entry;
  return top && { key: top[0], sharePct: (100 * top[1]) / ops };
}

/** The largest fall of the key count from its running maximum over `xs`, in % (flush, restart without data). */
export function keysLost(xs: readonly UpSample[]): number | null {
  let runMax = 0;
  let worst: number | null = null;
  for (const s of xs) {
    runMax = Math.max(runMax, s.keys);
    if (runMax > 0) worst = Math.max(worst ?? 0, (100 * (runMax - s.keys)) / runMax);
  }
  return worst;
}

/** Least-squares slope (bytes per ms) and fitted value at `at` of used memory over `xs`. */
function memoryFit(xs: readonly UpSample[], at: number): { slope: number; fitted: number } | null {
  if (xs.length < 3) return null;
  const n = xs.length;
  const mt = sum(xs, (s) => s.at - at) / n;
  const mu = sum(xs, (s) => s.usedMemory) / n;
  let cov = 0;
  let vt = 0;
  for (const s of xs) {
    cov += (s.at - at - mt) * (s.usedMemory - mu);
    vt += (s.at - at - mt) ** 2;
  }
  if (vt === 0) return null;
  const slope = cov / vt;
  return { slope, fitted: mu - slope * mt };
}

/** The samples of the three windows, oldest first. */
export interface Windows {
  short: readonly UpSample[];
  trend: readonly UpSample[];
  long: readonly UpSample[];
}

/** Figures of the short window plus the trends of the longer ones. */
export function windowFigures(w: Windows, now: number, horizonMs: number, trendMs: number): { current: WindowFigures; trend: PerformanceAnalysis['trend'] } {
  const { short, trend: recent, long } = w;
  const reads = sum(short, (s) => s.hits + s.misses);
  const last = long.at(-1);
  const lost = keysLost(long);
  const max = last?.maxMemory ?? 0;
  // A slope fitted over a few samples is mostly noise: wait until half the trend window is filled.
  const spansWindow = recent.length > 0 && recent.at(-1)!.at - recent[0]!.at >= trendMs / 2;
  const fit = max > 0 && spansWindow ? memoryFit(recent, now) : null;
  const memoryPct = mean(short.map((s) => s.memoryPct));
  // After a flush the cache refills: that growth is recovery, not a leak, so do not project it.
  const project = fit !== null && memoryPct !== null && (lost === null || lost < KEYS_LOST_WARM_PCT);
  const projectedMemoryPct = project ? memoryPct + (100 * Math.max(0, fit.slope) * horizonMs) / max : null;
  const current: WindowFigures = {
    hitRatio: reads > 0 ? (100 * sum(short, (s) => s.hits)) / reads : null,
    memoryPct,
    projectedMemoryPct,
    p95Ms: weighted(short, (s) => s.p95Ms),
    p99Ms: weighted(short, (s) => s.p99Ms),
    evictionsPerSec: perSecond(short, (s) => s.evictedKeys),
    expiredPerSec: perSecond(short, (s) => s.expiredKeys),
    newConnectionsPerSec: perSecond(short, (s) => s.connectionsReceived),
    hotKey: hottest(short),
    connectionsPct: mean(short.map((s) => s.connectionsPct)),
    opsPerSec: mean(short.map((s) => s.opsPerSec)),
  };
  const bytesPerSec = fit ? fit.slope * 1000 : null;
  const trend: PerformanceAnalysis['trend'] = {
    memoryBytesPerSec: bytesPerSec,
    secondsToFull: fit && fit.slope > 0 && max > 0 ? Math.max(0, (max - fit.fitted) / (fit.slope * 1000)) : null,
    keysLostPct: lost,
    resets: long.filter((s) => s.reset).length,
    policy: last?.policy ?? null,
  };
  return { current, trend };
}
