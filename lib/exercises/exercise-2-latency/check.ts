/**
 * Exercise 2's load check (public code): drives a LatencyOptimizer through a peak-hour request mix
 * of the social platform and returns its figures beside their targets and the naive baseline's.
 * Callers of 4 app instances send page views (a profile, a timeline document of up to 10 MiB, the
 * timeline's 20–50 posts) and writes (20%), as the social trace draws them (5% of the keys take 80%
 * of the traffic). Embedded runs are deterministic: the network follows the kit's cost model on a
 * virtual clock and codec work is priced (lib/exercises/exercise-2-latency/meter.ts). Real runs use Redis
 * at CACHE_URL on the wall clock. The grader passes a secret seed and a larger scale.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { embeddedBackend, realBackend, type Exercise2Backend } from './backends.js';
import type { Exercise2Module, LatencyOptions } from './types.js';
import { drive, type RunResult } from './check/drive.js';
import { figure as embeddedFigure, FIGURE_IDS, realFigure } from './check/figures.js';
import { scenarioFor } from './check/params.js';
import { round } from '../../metrics/round.js';
import { exportsOf, type CheckEntry } from '../../load/registry.js';
import type { Figure, LoadCheck, LoadCheckParams, LoadCheckResult } from '../../load/types.js';

/** What the check runs: the submission's classes, and the folder they came from. */
export interface Exercise2Implementation {
  module: Exercise2Module;
  dir: string;
}

const FILES = { LatencyOptimizer: 'latency-optimizer.ts', LocalTier: 'local-tier.ts' } as const;
const REAL_TIMEOUT_MS = 120_000;

/** Imports the classes from a folder laid out like exercises/exercise-2-latency/. */
export async function loadImplementation(dir: string): Promise<Exercise2Implementation> {
  const module: Partial<Record<keyof typeof FILES, unknown>> = {};
  for (const [name, file] of Object.entries(FILES) as [keyof typeof FILES, string][]) {
    const at = path.join(dir, file);
    if (!existsSync(at)) throw new Error(`${at} is missing: exercise 2 needs ${Object.values(FILES).join(', ')} in ${dir}.`);
    const exports = (await import(pathToFileURL(at).href)) as Record<string, unknown>;
    if (typeof exports[name] !== 'function') throw new Error(`${at} does not export a class ${name}; keep the stub's \`export class ${name}\`.`);
    module[name] = exports[name];
  }
  return { module: module as unknown as Exercise2Module, dir };
}

/** The options README §4 leaves to the student, and the figures each one moves. */
const TUNABLE = {
  connections: 'long-lived connections each optimizer keeps (default 4): p95 and p99 latency (small replies wait behind large ones on one connection)',
  compressionThreshold: 'encoded size from which values are deflated (default 4096 bytes): kib-per-request, and the latencies through transfer and codec time',
} as const satisfies Partial<Record<keyof LatencyOptions, string>>;

/** `--option` values as optimizer options; only the tunable ones reach the implementation. */
function tuningOf(options: Record<string, number> | undefined): Partial<Pick<LatencyOptions, keyof typeof TUNABLE>> {
  const tuning: Partial<Pick<LatencyOptions, keyof typeof TUNABLE>> = {};
  for (const name of Object.keys(TUNABLE) as (keyof typeof TUNABLE)[]) {
    const value = options?.[name];
    if (value !== undefined) tuning[name] = value;
  }
  return tuning;
}

/** The check. */
export const check: LoadCheck<Exercise2Implementation> = {
  exercise: 2,
  title: 'Latency optimizer',
  visible: { seed: 'exercise-2-visible', scale: 1, backend: 'embedded' },
  tunable: TUNABLE,
  async run(impl, params) {
    const scenario = scenarioFor(params);
    const tuning = tuningOf(params.options);
    const notes = [
      `${scenario.requests} requests (80% page views: a profile, a timeline document of ${kib(scenario.timelineBytes.min)}–${kib(scenario.timelineBytes.max)}, ` +
        `${scenario.postsPerTimeline.min}–${scenario.postsPerTimeline.max} posts; 20% writes) from ${scenario.callers} callers over ${scenario.instances} instances, ` +
        `${scenario.keys} keys, pool of ${scenario.pool.max} connections per instance, local tier of ${kib(scenario.local.localMaxBytes)} and ${scenario.local.localTtlMs} ms per instance.`,
      params.backend === 'embedded'
        ? 'Embedded: network priced by the cost model on a virtual clock (1 ms a round trip, 3 ms a connection, 0.018 ms a KiB), codec work priced per KiB; the same code always gets the same figures.'
        : 'Real Redis: wall-clock latency on this machine (loopback: far below the modelled network), counted round trips, bytes and connections; no baseline (the naive code is calibrated on the embedded scenario).',
    ];
    if (Object.keys(tuning).length > 0) {
      notes.push(
        `options set for this run: ${Object.entries(tuning)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')} (the grader runs your code's defaults: make the values you keep your constructor's defaults).`,
      );
    }
    let result: RunResult;
    let backend: Exercise2Backend | undefined;
    try {
      backend = params.backend === 'embedded' ? embeddedBackend({ seed: params.seed, limitMs: 24 * 3_600_000 }) : await realBackend();
      const b = backend;
      const work = b.run((clock) => drive(impl.module, b, scenario, params.seed, clock, tuning));
      result = params.backend === 'real' ? await withTimeout(work, REAL_TIMEOUT_MS) : await work;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { exercise: 2, params, figures: FIGURE_IDS.map((id) => figureOn(params.backend)(id, NaN, { error: message })), notes } satisfies LoadCheckResult;
    } finally {
      await backend?.close().catch(() => undefined);
    }
    for (const note of [
      result.firstError && `first failed request: ${result.firstError}`,
      result.firstWrong && `first wrong value: ${result.firstWrong}`,
      result.firstStale && `first stale read: ${result.firstStale}`,
    ]) {
      if (note) notes.push(note);
    }
    return { exercise: 2, params, figures: figuresOf(result, figureOn(params.backend)), notes } satisfies LoadCheckResult;
  },
};

/** The registry entry (lib/load/registry.ts). */
export const entry: CheckEntry<Exercise2Implementation> = {
  check,
  loadImplementation,
  exports: exportsOf(FILES),
  fromModule: (module, dir) => ({ module: module as unknown as Exercise2Module, dir }),
};

function figuresOf(r: RunResult, figure: typeof embeddedFigure): Figure[] {
  const bad = r.failed + r.wrong;
  // Fast answers that are wrong or missing say nothing about latency.
  const error = bad > 0 ? `${r.failed} requests failed and ${r.wrong} values read were wrong (see the notes)` : undefined;
  const s = r.latency.summary();
  const n = r.requests;
  const net = r.network;
  return [
    figure('mean-latency', round(s.meanMs, 2), { error }),
    figure('p95-latency', round(s.p95Ms, 2), { error }),
    figure('p99-latency', round(s.p99Ms, 2), { error }),
    figure('round-trips-per-request', round(net.roundTrips / n, 2), { error }),
    figure('kib-per-request', round((net.bytesSent + net.bytesReceived) / 1024 / n, 1), { error }),
    figure('connections-per-request', round(net.connectionsOpened / n, 3), { error }),
    figure('local-hit-ratio', round(100 * (1 - r.keysFetched / Math.max(1, r.keysRequested)), 1), { error }),
    figure('stale-reads', r.staleReads, { error }),
    figure('failed-requests', bad),
  ];
}

/** Figures with the embedded baselines, or none on real Redis (a smaller scenario on the wall clock). */
function figureOn(backend: LoadCheckParams['backend']): typeof embeddedFigure {
  return backend === 'embedded' ? embeddedFigure : realFigure;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the run did not finish within ${ms / 1000} s: is a promise never settled?`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function kib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB` : `${Math.round(bytes / 1024)} KiB`;
}
