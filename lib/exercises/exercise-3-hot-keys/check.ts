/**
 * Exercise 3's load check (public code): replays the social trace (5% of keys draw 80% of the
 * traffic, the hot set moving every epoch) through 3 app instances, each with its own
 * HotKeyMitigator, on a 6-node hash-slot cluster, and measures where the traffic lands (after the
 * local tier), how well each instance detected its hot keys, how much the detectors held, and
 * whether any read came back staler than the bound. Embedded runs are deterministic (virtual
 * clock, seeded randomness); real runs use redis-server processes (or CACHE_CLUSTER_URLS) on the
 * wall clock, or with CACHE_CLUSTER_KIND=redis-cluster a real Redis Cluster (3 masters, node load
 * from their INFO commandstats). The grader passes a secret seed and a larger scale; `npm run check exercise-3` the
 * visible ones.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHotKeyCluster, type HotKeyCluster } from './cluster.js';
import type { Exercise3Module } from './types.js';
import { realClock } from '../../sim/clock.js';
import { runDeterministic } from '../../sim/deterministic.js';
import { figure } from './check/figures.js';
import { loadRatio, topAccesses } from './check/measures.js';
import { exercise3Params, type Exercise3Params } from './check/params.js';
import { replay, type ReplayOutcome } from './check/replay.js';
import { round } from '../../metrics/round.js';
import { exportsOf, type CheckEntry } from '../../load/registry.js';
import type { Figure, LoadCheck, LoadCheckParams, LoadCheckResult } from '../../load/types.js';

const FILES = { HotKeyMitigator: 'hot-key-mitigator.ts', HotKeyDetector: 'hot-key-detector.ts' } as const;

/** Imports the two classes from a folder laid out like exercises/exercise-3-hot-keys/. */
export async function loadImplementation(dir: string): Promise<Exercise3Module> {
  const module: Partial<Record<keyof typeof FILES, unknown>> = {};
  for (const [name, file] of Object.entries(FILES) as [keyof typeof FILES, string][]) {
    const at = path.join(dir, file);
    if (!existsSync(at)) throw new Error(`${at} is missing: exercise 3 needs ${Object.values(FILES).join(' and ')} in ${dir}.`);
    const exports = (await import(pathToFileURL(at).href)) as Record<string, unknown>;
    if (typeof exports[name] !== 'function') throw new Error(`${at} does not export a class ${name}; keep the stub's \`export class ${name}\`.`);
    module[name] = exports[name];
  }
  return module as unknown as Exercise3Module;
}

/** Everything one run measured, figures and the numbers behind them. */
export interface Exercise3Measurement {
  params: Exercise3Params;
  outcome: ReplayOutcome;
  /** Share of backend reads drawn by the top 2% and top 5% of keys, per epoch, in %. */
  top2Share: number;
  top5Share: number;
  /** Busiest node ÷ mean, per epoch. */
  nodeRatios: number[];
}

/**
 * Runs the replay on a fresh cluster (or on `cluster`, flushed first) and measures it. A real
 * Redis Cluster (`cluster`, or CACHE_CLUSTER_KIND=redis-cluster with the real backend) has 3
 * masters: the replay runs on those, and node load is what each master's INFO commandstats counted.
 */
export async function measure(impl: Exercise3Module, params: LoadCheckParams, options: { cluster?: HotKeyCluster } = {}): Promise<Exercise3Measurement> {
  let p = exercise3Params(params);
  const seed = `${params.seed}:hot-keys`;
  const totalMs = p.windowMs * p.windowsPerEpoch * p.epochs;
  const run = async (clock: typeof realClock) => {
    const cluster = options.cluster ?? (await createHotKeyCluster({ backend: params.backend, nodes: p.nodes }));
    if (cluster.nodes !== p.nodes) p = { ...p, nodes: cluster.nodes };
    try {
      if (options.cluster) await cluster.flush();
      const replayed = replay(impl, cluster, clock, p, seed);
      // Virtual time has its own limit (runDeterministic); the wall clock needs one.
      return await (params.backend === 'real' ? withTimeout(replayed, totalMs + REAL_SLACK_MS) : replayed);
    } finally {
      if (!options.cluster) await cluster.close();
      else await cluster.flush();
    }
  };
  const outcome = params.backend === 'embedded' ? await runDeterministic(seed, run, { limitMs: totalMs + 600_000 }) : await run(realClock);
  const share = (fraction: number) => {
    const count = Math.max(1, Math.round(p.keys * fraction));
    let top = 0;
    let total = 0;
    for (const e of outcome.epochs) {
      const t = topAccesses(e.readsByKey, count);
      top += t.top;
      total += t.total;
    }
    return total === 0 ? Number.NaN : (100 * top) / total;
  };
  return { params: p, outcome, top2Share: share(0.02), top5Share: share(0.05), nodeRatios: outcome.epochs.map((e) => loadRatio(e.commandsByNode)) };
}

/** The check. */
export const check: LoadCheck<Exercise3Module> = {
  exercise: 3,
  title: 'Hot key mitigator',
  visible: { seed: 'exercise-3-visible', scale: 1, backend: 'embedded' },
  async run(impl, params) {
    try {
      return resultOf(await measure(impl, params), params);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return { exercise: 3, params, figures: missing(why, exercise3Params(params).options.maxTrackedKeys), notes: [] };
    }
  },
};

/** The figures and notes of a measurement (what `check.run` returns). */
export function resultOf(m: Exercise3Measurement, params: LoadCheckParams): LoadCheckResult {
  const { params: p, outcome: o } = m;
  // Mostly failing operations say nothing about traffic or staleness: report those figures missing.
  const opsError = o.errors * 100 > o.ops ? `${o.errors} of ${o.ops} operations failed (first: ${o.firstError})` : undefined;
  const figures: Figure[] = [
    figure('hot-key-traffic-share', round(m.top2Share, 1), { error: opsError }),
    figure('node-load-ratio', round(Math.max(...m.nodeRatios), 2), { error: opsError }),
    figure('detection-precision', round(o.detection.precision(), 1), { error: o.detectionError }),
    figure('detection-recall', round(o.detection.recall(), 1), { error: o.detectionError }),
    figure('detector-entries', o.detectorEntries, { error: o.metricsError, target: p.options.maxTrackedKeys }),
    figure('stale-reads', o.staleness.stale, { error: opsError }),
  ];
  const notes = [
    `${p.keys} keys, ${p.instances} app instances, ${p.nodes} nodes, ${p.ratePerSec} requests/s; the hot set moves every ${p.windowsPerEpoch} windows of ${p.windowMs} ms (${p.epochs} epochs); options ${JSON.stringify(p.options)}.`,
  ];
  if (!opsError) {
    notes.push(
      `backend reads: the top 5% of keys drew ${round(m.top5Share, 1)}% (the scenario's current state: 80%); node load ratio per epoch: ${m.nodeRatios.map((r) => round(r, 2)).join(', ')}.`,
      `staleness: ${o.staleness.reads} reads judged, worst lag behind a completed write ${round(o.staleness.worstMs, 1)} ms (bound ${p.options.maxStalenessMs} ms${p.stalenessSlackMs ? ` + ${p.stalenessSlackMs} ms wall-clock slack` : ''}).`,
    );
  }
  const counted = o.epochs.filter((e) => e.clientCommandsByNode);
  if (counted.length > 0) {
    const perEpoch = (pick: (e: (typeof counted)[number]) => number[] | undefined) => counted.map((e) => pick(e)!.join('/')).join(', ');
    notes.push(
      `Redis Cluster, ${p.nodes} masters: commands per master by epoch from their INFO commandstats ${perEpoch((e) => e.commandsByNode)} (reads ${perEpoch((e) => e.serverReadsByNode)}); the clients counted ${perEpoch((e) => e.clientCommandsByNode)}.`,
    );
  }
  if (o.errors > 0) notes.push(`${o.errors} of ${o.ops} operations failed; first: ${o.firstError}`);
  if (o.staleness.firstProblem) notes.push(`first stale read: ${o.staleness.firstProblem}`);
  if (o.maxLagMs > p.windowMs / 4) notes.push(`the replay fell ${Math.round(o.maxLagMs)} ms behind the trace at worst: figures on this machine may be off.`);
  return { exercise: 3, params, figures, notes };
}

/** The registry entry (lib/load/registry.ts). */
export const entry: CheckEntry<Exercise3Module> = {
  check,
  loadImplementation,
  exports: exportsOf(FILES),
  fromModule: (module) => module as unknown as Exercise3Module,
};

function missing(why: string, maxTrackedKeys: number): Figure[] {
  return [
    figure('hot-key-traffic-share', Number.NaN, { error: why }),
    figure('node-load-ratio', Number.NaN, { error: why }),
    figure('detection-precision', Number.NaN, { error: why }),
    figure('detection-recall', Number.NaN, { error: why }),
    figure('detector-entries', Number.NaN, { error: why, target: maxTrackedKeys }),
    figure('stale-reads', Number.NaN, { error: why }),
  ];
}

// A real run that takes this much longer than the trace is stuck (a promise never settled).
const REAL_SLACK_MS = 120_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the replay did not finish within ${Math.round(ms / 1000)} s: is a promise in get, set or detectHotKeys never settled?`)),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
