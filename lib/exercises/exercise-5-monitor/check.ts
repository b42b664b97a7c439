/**
 * Exercise 5's load check (public code): drives a CachePerformanceMonitor through
 * 1. labelled metric series (series.ts: seeded, several hours each, replayed on the virtual clock
 *    through a synthetic server that speaks Redis 6.2, Redis 7.0 or Valkey 8.0 INFO), scored for
 *    precision and recall per incident type, time to detect, flaps, escalations and
 *    recommendations;
 * 2. a live run (live.ts) on the embedded cache, or on a private redis-server with
 *    `--backend real`, where a flush, a hot key and a memory burst are caused for real.
 * The grader passes a secret seed and a larger scale (more series); `npm run check exercise-5`
 * the visible ones.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createEmbeddedCacheServer } from '../../backends/cache/embedded.js';
import { startPrivateRedis } from './private-redis.js';
import type { Exercise5Module } from './types.js';
import { ALERT_RULES } from './types.js';
import { realClock } from '../../sim/clock.js';
import { DEFAULT_COST_MODEL } from '../../sim/cost-model.js';
import { runDeterministic } from '../../sim/deterministic.js';
import { figure, type FigureId } from './check/figures.js';
import { liveRun, type LiveOutcome } from './check/live.js';
import { checkSetup, type CheckSetup } from './check/params.js';
import { replaySeries, type SeriesOutcome } from './check/replay.js';
import { escalationsCorrect, meanDetectSeconds, precision, recall, recommendationMatch, score } from './check/score.js';
import { generateSeries } from './check/series.js';
import { round } from '../../metrics/round.js';
import { exportsOf, type CheckEntry } from '../../load/registry.js';
import type { Figure, LoadCheck, LoadCheckParams, LoadCheckResult } from '../../load/types.js';

const FILES = { CachePerformanceMonitor: 'monitor.ts', AlertRule: 'alert-rule.ts', parseInfo: 'info-parser.ts' } as const;

/** Imports the monitor, the alert rule and the parser from a folder laid out like exercises/exercise-5-monitor/. */
export async function loadImplementation(dir: string): Promise<Exercise5Module> {
  const module: Partial<Record<keyof typeof FILES, unknown>> = {};
  for (const [name, file] of Object.entries(FILES) as [keyof typeof FILES, string][]) {
    const at = path.join(dir, file);
    if (!existsSync(at)) throw new Error(`${at} is missing: exercise 5 needs ${Object.values(FILES).join(', ')} in ${dir}.`);
    const exports = (await import(pathToFileURL(at).href)) as Record<string, unknown>;
    if (typeof exports[name] !== 'function') throw new Error(`${at} does not export ${name}; keep the stub's \`export\` of it.`);
    module[name] = exports[name];
  }
  return module as unknown as Exercise5Module;
}

/** Replays every labelled series of `params` (always on the virtual clock: they are recordings). */
async function replayAll(impl: Exercise5Module, params: LoadCheckParams, setup: CheckSetup = checkSetup(params)): Promise<SeriesOutcome[]> {
  const series = generateSeries(params.seed, setup.seriesCount);
  return runDeterministic(
    `${params.seed}:series`,
    async (clock) => {
      const out: SeriesOutcome[] = [];
      for (const s of series)
        out.push(await replaySeries(impl, s, { thresholds: setup.thresholds, options: setup.options, recommendEvery: setup.recommendEvery }, clock));
      return out;
    },
    { limitMs: 30 * 24 * 3_600_000 },
  );
}

/** The live run on the embedded cache (virtual clock) or on a private redis-server (wall clock). */
export async function runLive(impl: Exercise5Module, params: LoadCheckParams, setup: CheckSetup = checkSetup(params)): Promise<LiveOutcome> {
  const seed = String(params.seed);
  if (params.backend === 'embedded') {
    return runDeterministic(`${seed}:live`, async (clock) => {
      const server = createEmbeddedCacheServer({ maxmemory: '4mb', policy: 'allkeys-lru', clock, cost: DEFAULT_COST_MODEL });
      try {
        return await liveRun(impl, { app: server.createClient('app'), monitor: server.createClient('monitor') }, setup.live, clock, seed);
      } finally {
        await server.close();
      }
    });
  }
  const redis = await startPrivateRedis({ maxmemory: '4mb', 'maxmemory-policy': 'allkeys-lru' });
  try {
    return await liveRun(impl, { app: redis.client('app'), monitor: redis.client('monitor') }, setup.live, realClock, seed);
  } finally {
    await redis.close();
  }
}

/** The check. */
export const check: LoadCheck<Exercise5Module> = {
  exercise: 5,
  title: 'Cache performance monitor',
  visible: { seed: 'exercise-5-visible', scale: 1, backend: 'embedded' },
  async run(impl, params) {
    const setup = checkSetup(params);
    const notes: string[] = [];
    const series = await attempt(() => replayAll(impl, params, setup));
    const live = await attempt(() => runLive(impl, params, setup));
    const figures: Figure[] = [...seriesFigures(series), ...liveFigures(live)];
    if (series.ok) {
      const labelled = series.value.flatMap((o) => o.series.incidents).length;
      notes.push(
        `labelled series: ${series.value.length} (${series.value.map((o) => `${o.series.id} ${o.series.flavour} ${o.series.policy}`).join('; ')}), ${labelled} incidents, 10 s samples.`,
      );
    }
    notes.push(
      `live run: ${params.backend === 'embedded' ? 'embedded cache with the network cost model, virtual time' : 'private redis-server, time compressed 50×'}; FLUSHALL, one key hammered, a burst of large writes into maxmemory 4 MB (allkeys-lru).`,
    );
    const firstError = [series.ok ? series.value.flatMap((o) => o.errors)[0] : series.error, live.ok ? live.value.errors[0] : live.error].find(Boolean);
    if (firstError) notes.push(`first error: ${firstError}`);
    return { exercise: 5, params, figures, notes } satisfies LoadCheckResult;
  },
};

/** The registry entry (lib/load/registry.ts). */
export const entry: CheckEntry<Exercise5Module> = {
  check,
  loadImplementation,
  exports: exportsOf(FILES),
  fromModule: (module) => module as unknown as Exercise5Module,
};

type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

async function attempt<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function seriesFigures(r: Outcome<SeriesOutcome[]>): Figure[] {
  const ids: FigureId[] = [
    ...ALERT_RULES.map((t) => `recall-${t}` as const),
    ...ALERT_RULES.map((t) => `precision-${t}` as const),
    'false-alarms',
    'flaps',
    'time-to-detect',
    'escalations-correct',
    'recommendation-match',
  ];
  // A monitor that throws is not measured: every figure is missing and says why.
  const error = !r.ok
    ? r.error
    : r.value.find((o) => o.errorCount > 0) && `${r.value.reduce((a, o) => a + o.errorCount, 0)} calls threw (first: ${r.value.flatMap((o) => o.errors)[0]})`;
  if (!r.ok || error) return ids.map((id) => figure(id, Number.NaN, { error: error || 'not measured' }));
  const s = score(r.value);
  return [
    ...ALERT_RULES.map((t) => figure(`recall-${t}`, round(recall(s, t), 1))),
    ...ALERT_RULES.map((t) => figure(`precision-${t}`, round(precision(s, t), 1))),
    figure('false-alarms', s.falseAlarms.length),
    figure('flaps', s.flaps),
    figure('time-to-detect', round(meanDetectSeconds(s), 1)),
    figure('escalations-correct', round(escalationsCorrect(s), 1)),
    figure('recommendation-match', round(recommendationMatch(s), 1)),
  ];
}

function liveFigures(r: Outcome<LiveOutcome>): Figure[] {
  const error = !r.ok ? r.error : r.value.errors.length > 0 ? `the live run failed: ${r.value.errors[0]}` : undefined;
  if (!r.ok || error) return [figure('live-detected', Number.NaN, { error }), figure('live-false-alarms', Number.NaN, { error })];
  return [figure('live-detected', round((100 * r.value.detected) / r.value.required, 1)), figure('live-false-alarms', r.value.falseAlarms)];
}
