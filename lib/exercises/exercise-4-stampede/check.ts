/**
 * Exercise 4's load check (public code): drives a CacheStampedePrevention implementation through
 * three scenarios and returns its figures beside their targets and the naive baseline's values.
 * 1. hot-key expiry: 1,000 simultaneous callers over 4 app instances read one expired key;
 * 2. peak hour: a seeded Zipf trace over 10,000 keys warmed at once, read across their expiry;
 * 3. faults: an outage, a slow source, holders that pause or die mid-refresh.
 * Embedded runs are deterministic (virtual clock, seeded randomness); real runs use Redis at
 * CACHE_URL on the wall clock, with each app instance of scenario 1 in its own process.
 * The grader passes a secret seed and a larger scale; `npm run check exercise-4` the visible ones.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { embeddedBackend, realBackend, type Exercise4Backend } from './backends.js';
import type { Exercise4Module } from './types.js';
import { faults, outageCallBound, type FaultResult } from './check/faults.js';
import { figure } from './check/figures.js';
import { hotKeyInProcess, hotKeyInProcesses, type HotKeyResult } from './check/hot-key.js';
import { scenarioParams } from './check/params.js';
import { peakHour, type PeakHourResult } from './check/peak-hour.js';
import { exportsOf, type CheckEntry } from '../../load/registry.js';
import type { Figure, LoadCheck, LoadCheckParams, LoadCheckResult } from '../../load/types.js';
import { round } from '../../metrics/round.js';

/** What the check runs: the three classes, and the folder they came from (real runs start processes on it). */
export interface Exercise4Implementation {
  module: Exercise4Module;
  dir: string;
}

const FILES = { CacheStampedePrevention: 'stampede.ts', LockManager: 'lock-manager.ts', CircuitBreaker: 'circuit-breaker.ts' } as const;
const REAL_TIMEOUT_MS = 120_000;

/** Imports the three classes from a folder laid out like exercises/exercise-4-stampede/. */
export async function loadImplementation(dir: string): Promise<Exercise4Implementation> {
  const module: Partial<Record<keyof typeof FILES, unknown>> = {};
  for (const [name, file] of Object.entries(FILES) as [keyof typeof FILES, string][]) {
    const at = path.join(dir, file);
    if (!existsSync(at)) throw new Error(`${at} is missing: exercise 4 needs ${Object.values(FILES).join(', ')} in ${dir}.`);
    const exports = (await import(pathToFileURL(at).href)) as Record<string, unknown>;
    if (typeof exports[name] !== 'function') throw new Error(`${at} does not export a class ${name}; keep the stub's \`export class ${name}\`.`);
    module[name] = exports[name];
  }
  return { module: module as unknown as Exercise4Module, dir };
}

/** The check. */
export const check: LoadCheck<Exercise4Implementation> = {
  exercise: 4,
  title: 'Cache stampede prevention',
  visible: { seed: 'exercise-4-visible', scale: 1, backend: 'embedded' },
  async run(impl, params) {
    const p = scenarioParams(params);
    const fresh = (label: string) =>
      params.backend === 'embedded' ? Promise.resolve(embeddedBackend({ seed: `${params.seed}:${label}`, limitMs: 24 * 3_600_000 })) : realBackend();
    const notes: string[] = [];
    const hot = await attempt(params, () =>
      withBackend(fresh('hot-key'), (b) => (b.kind === 'real' ? hotKeyInProcesses(impl.dir, b, p.hotKey) : hotKeyInProcess(impl.module, b, p.hotKey))),
    );
    const peak = await attempt(params, () => withBackend(fresh('peak-hour'), (b) => peakHour(impl.module, b, p.peakHour, params.seed)));
    const fault = await attempt(params, () => faults(impl.module, () => fresh('faults'), p.faults));
    notes.push(
      `hot key: ${p.hotKey.callers} callers over ${p.hotKey.instances} instances${params.backend === 'real' ? ' (one process each)' : ''}, source latency ${p.hotKey.latencyMs} ms, TTL ${p.hotKey.ttlMs} ms.`,
      `peak hour: ${p.peakHour.keys} keys, ${p.peakHour.callers} callers, TTL ${p.peakHour.ttlMs} ms ± ${p.peakHour.jitter * 100}%, source latency ${p.peakHour.latencyMs} ms up to ${p.peakHour.capacity} concurrent calls, slower beyond.`,
      `faults: source down for ${p.faults.outageMs} ms, slow by 3 lock TTLs, holders paused for 6 and 2.5 lock TTLs (the second's load fails: it only releases) and one killed; lock TTL ${p.faults.lockTtlMs} ms.`,
    );
    const figures: Figure[] = [...hotFigures(hot, p.hotKey.callers), ...peakFigures(peak), ...faultFigures(fault, hot, peak, outageCallBound(p.faults))];
    const firstError = [hot, peak, fault].map((r) => (r.ok ? r.value.firstError : undefined)).find(Boolean);
    if (firstError) notes.push(`first error a caller saw: ${firstError}`);
    return { exercise: 4, params, figures, notes } satisfies LoadCheckResult;
  },
};

/** The registry entry (lib/load/registry.ts). */
export const entry: CheckEntry<Exercise4Implementation> = {
  check,
  loadImplementation,
  exports: exportsOf(FILES),
  fromModule: (module, dir) => ({ module: module as unknown as Exercise4Module, dir }),
};

type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

async function attempt<T>(params: LoadCheckParams, work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    const value = params.backend === 'real' ? await withTimeout(work(), REAL_TIMEOUT_MS) : await work();
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

async function withBackend<T>(backend: Promise<Exercise4Backend>, work: (b: Exercise4Backend) => Promise<T>): Promise<T> {
  const b = await backend;
  try {
    return await work(b);
  } finally {
    await b.close();
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the scenario did not finish within ${ms / 1000} s: is a promise never settled?`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

// A scenario whose reads failed says nothing about stampedes: its figures are reported missing.
function readsFailed(r: { errors: number; requests: number; firstError?: string; drainError?: string }): string | undefined {
  return r.errors > 0 ? `${r.errors} of ${r.requests} reads failed (first: ${r.firstError ?? 'unknown'})` : r.drainError;
}

function hotFigures(r: Outcome<HotKeyResult>, callers: number): Figure[] {
  if (!r.ok) return [figure('hot-key-source-calls', NaN, { error: r.error, baseline: callers })];
  return [figure('hot-key-source-calls', Math.max(...r.value.callsPerRound), { error: readsFailed(r.value), baseline: callers })];
}

function peakFigures(r: Outcome<PeakHourResult>): Figure[] {
  if (!r.ok) return [figure('peak-hour-calls-per-expiry', NaN, { error: r.error }), figure('peak-hour-concurrent-loads', NaN, { error: r.error })];
  const error = readsFailed(r.value);
  return [
    figure('peak-hour-calls-per-expiry', round(r.value.calls / r.value.distinctExpiries, 3), { error }),
    figure('peak-hour-concurrent-loads', round((100 * r.value.peakConcurrent) / r.value.callers, 2), { error }),
  ];
}

function faultFigures(r: Outcome<FaultResult>, hot: Outcome<HotKeyResult>, peak: Outcome<PeakHourResult>, bound: number): Figure[] {
  const ids = ['outage-source-calls', 'takeover-lock-ttls', 'stale-overwrites', 'duplicate-loads'] as const;
  if (!r.ok)
    return [
      figure('caller-errors', NaN, { error: r.error }),
      ...ids.map((id) => figure(id, NaN, { error: r.error, target: id === 'outage-source-calls' ? bound : undefined })),
    ];
  const f = r.value;
  const errors = f.errors + (hot.ok ? hot.value.errors : 0) + (peak.ok ? peak.value.errors : 0);
  // Most reads failing means nothing was served: counts of calls, overwrites and duplicates are then meaningless.
  const error = f.errors * 2 > f.requests ? readsFailed(f) : f.drainError;
  return [
    figure('caller-errors', errors),
    figure('outage-source-calls', f.outageCalls, { error, target: bound }),
    figure('takeover-lock-ttls', round(f.takeoverLockTtls, 2), {
      error: error ?? (Number.isFinite(f.takeoverLockTtls) ? undefined : 'no other instance loaded the key after its holder died'),
    }),
    figure('stale-overwrites', f.staleOverwrites, { error }),
    figure('duplicate-loads', f.duplicateLoads, { error }),
  ];
}
