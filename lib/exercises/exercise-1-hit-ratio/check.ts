/**
 * Exercise 1's load check (public code): replays the social platform's requests, as the three
 * apps key them, through a CacheHitRatioOptimizer under a memory budget, and returns the hit
 * ratio, peak memory, stale reads, evictions and partition balance beside their targets, the
 * naive baseline's values and the offline optimum (Belady's MIN) for the same trace and budget.
 * Embedded runs are deterministic (virtual clock along the trace's time, seeded eviction); real
 * runs start a redis-server of their own (maxmemory is server-wide) and replay as fast as they can.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { embeddedCache, ownRedis, type Exercise1Cache } from './backends.js';
import { createContentSource } from './source.js';
import type { Exercise1Module } from './types.js';
import { runDeterministic } from '../../sim/deterministic.js';
import { beladyOptimum, type OptimumResult } from './check/belady.js';
import { figure } from './check/figures.js';
import { scenarioParams, type Exercise1Params } from './check/params.js';
import { replay, type ReplayResult } from './check/replay.js';
import { buildTrace, type Exercise1Trace } from './check/trace.js';
import { round } from '../../metrics/round.js';
import type { CheckEntry } from '../../load/registry.js';
import type { Figure, LoadCheck, LoadCheckParams, LoadCheckResult } from '../../load/types.js';

/** What the check runs: the submission's three files, and the folder they came from. */
export interface Exercise1Implementation {
  module: Exercise1Module;
  dir: string;
}

/** Options of {@link runCheck} beyond the check's parameters. */
export interface RunCheckOptions {
  /** Real backend: loopback ports to start the private redis-server on (first free one); default any free port. */
  ports?: readonly number[];
}

/** The policy the platform's Redis runs with before the student's optimizeEvictionPolicy. */
const DEPLOYED_POLICY = 'allkeys-lru';

const EXPORTS = {
  'optimizer.ts': ['CacheHitRatioOptimizer'],
  'cache-keys.ts': ['normalizeKey', 'partitionOf'],
  'value-codec.ts': ['encodeValue', 'decodeValue'],
} as const;

/** Imports the three files from a folder laid out like exercises/exercise-1-hit-ratio/. */
export async function loadImplementation(dir: string): Promise<Exercise1Implementation> {
  const module: Record<string, unknown> = {};
  for (const [file, names] of Object.entries(EXPORTS)) {
    const at = path.join(dir, file);
    if (!existsSync(at)) throw new Error(`${at} is missing: exercise 1 needs ${Object.keys(EXPORTS).join(', ')} in ${dir}.`);
    const exports = (await import(pathToFileURL(at).href)) as Record<string, unknown>;
    for (const name of names) {
      if (typeof exports[name] !== 'function') throw new Error(`${at} does not export ${name}; keep the stub's \`export\` of ${name}.`);
      module[name] = exports[name];
    }
  }
  return { module: module as unknown as Exercise1Module, dir };
}

const prepared = new Map<string, { trace: Exercise1Trace; optimum: OptimumResult }>();

/** The trace and its optimum for `params` (computed once per seed and scale in a process). */
export function prepare(params: LoadCheckParams): { p: Exercise1Params; trace: Exercise1Trace; optimum: OptimumResult } {
  const p = scenarioParams(params);
  const id = `${params.seed}|${params.scale}`;
  let entry = prepared.get(id);
  if (!entry) {
    const trace = buildTrace(params.seed, p);
    entry = { trace, optimum: beladyOptimum(trace, p.dataBudgetBytes) };
    if (prepared.size >= 4) prepared.delete(prepared.keys().next().value!); // a trace is ~20 MB: keep a few
    prepared.set(id, entry);
  }
  return { p, ...entry };
}

/** Runs the check on `params.backend`. */
export async function runCheck(impl: Exercise1Implementation, params: LoadCheckParams, options: RunCheckOptions = {}): Promise<LoadCheckResult> {
  const { p, trace, optimum } = prepare(params);
  let outcome: ReplayResult | { error: string };
  try {
    outcome =
      params.backend === 'embedded'
        ? await runDeterministic(
            `${params.seed}:replay`,
            (clock) => {
              const t0 = clock.now();
              // Whole seconds are enough: Redis's LRU clock and TTLs tick in seconds.
              const advanceTo = async (t: number) => {
                const due = t0 + Math.floor(t / 1000) * 1000;
                if (due > clock.now()) await clock.sleep(due - clock.now());
              };
              return onCache(embeddedCache(`${params.seed}`), impl, trace, p, advanceTo);
            },
            { limitMs: trace.ops.at(-1)!.t + 3_600_000 },
          )
        : await withTimeout(await ownRedis(options.ports), (cache) => onCache(cache, impl, trace, p, async () => undefined));
  } catch (error) {
    outcome = { error: error instanceof Error ? error.message : String(error) };
  }
  return { exercise: 1, params, figures: figures(outcome, optimum), notes: notes(outcome, trace, p, optimum, params) };
}

const REAL_TIMEOUT_MS = 300_000;

// A real run has no virtual-time limit: stop the server after REAL_TIMEOUT_MS, which ends the replay.
async function withTimeout<T>(cache: Exercise1Cache, work: (cache: Exercise1Cache) => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`the replay did not finish within ${REAL_TIMEOUT_MS / 1000} s on real Redis: is a promise never settled?`));
      void cache.close().catch(() => undefined);
    }, REAL_TIMEOUT_MS);
  });
  const run = work(cache);
  run.catch(() => undefined);
  return Promise.race([run, timeout]).finally(() => clearTimeout(timer));
}

async function onCache(
  cache: Exercise1Cache,
  impl: Exercise1Implementation,
  trace: Exercise1Trace,
  p: Exercise1Params,
  advanceTo: (t: number) => Promise<void>,
): Promise<ReplayResult> {
  try {
    const client = cache.client();
    await client.ping();
    // INFO's and CONFIG's latency histograms belong to the empty server, not to the data.
    await cache.admin().config('GET', 'maxmemory');
    await cache.usedMemory();
    const maxmemory = (await cache.usedMemory()) + p.dataBudgetBytes;
    await cache.setBudget(maxmemory, DEPLOYED_POLICY);
    const source = createContentSource(trace.social.keySpace);
    const result = await replay(impl.module, trace, p, { cache, client, source, advanceTo, memoryEvery: cache.kind === 'embedded' ? 1 : 10, maxmemory });
    const after = Number(((await cache.admin().config('GET', 'maxmemory')) as string[])[1]);
    if (after !== maxmemory) result.budgetChanged = after;
    return result;
  } finally {
    await cache.close();
  }
}

function figures(r: ReplayResult | { error: string }, optimum: OptimumResult): Figure[] {
  const hitLabel = `hit ratio: reads served from the cache (offline optimum ${round(optimum.hitRatio, 2)}%)`;
  if ('error' in r) {
    return [
      figure('hit-ratio', NaN, { error: r.error, label: hitLabel }),
      ...(['peak-memory', 'stale-reads', 'evictions', 'partition-balance'] as const).map((id) => figure(id, NaN, { error: r.error })),
    ];
  }
  const error = r.failure ? `the replay stopped at ${r.failure}` : r.reads === 0 ? 'no read was replayed' : undefined;
  const budget =
    r.budgetChanged === undefined
      ? undefined
      : `maxmemory was changed from ${r.maxmemory} to ${r.budgetChanged}: the budget is fixed, choose the policy and what you store instead`;
  const shards = Array.isArray(r.shards) ? r.shards : undefined;
  const mean = shards ? shards.reduce((a, b) => a + b, 0) / shards.length : 0;
  return [
    figure('hit-ratio', round((100 * r.hits) / r.reads, 2), { error, label: hitLabel }),
    figure('peak-memory', round((100 * r.peakMemory) / r.maxmemory, 2), { error: error ?? budget }),
    figure('stale-reads', r.staleReads, { error }),
    figure('evictions', round((1000 * r.evictions) / r.reads, 2), { error: error ?? budget }),
    figure('partition-balance', shards && mean > 0 ? round(Math.max(...shards) / mean, 3) : NaN, {
      error: Array.isArray(r.shards) ? (mean > 0 ? undefined : 'no keys to partition') : r.shards.error,
    }),
  ];
}

function notes(r: ReplayResult | { error: string }, trace: Exercise1Trace, p: Exercise1Params, optimum: OptimumResult, params: LoadCheckParams): string[] {
  const minutes = Math.round(trace.ops.at(-1)!.t / 60_000);
  const out = [
    `trace: ${trace.reads} reads, ${trace.ops.length - trace.reads - trace.logins} writes and ${trace.logins} logins over ${p.keys} items (${minutes} min of trace time${params.backend === 'real' ? ', replayed as fast as the server answers' : ''}); the top 5% of items draw ${Math.round(p.hotTrafficShare * 100)}% of reads.`,
    `budget: maxmemory = the empty server's used_memory + ${Math.round(p.dataBudgetBytes / 1024)} KiB of data${'error' in r ? '' : ` = ${r.maxmemory} bytes`}; the server starts with maxmemory-policy ${DEPLOYED_POLICY}.`,
    `offline optimum (Belady's MIN, size-aware, values deflated, same warm-up and session preloads): ${round(optimum.hitRatio, 2)}% of reads.`,
  ];
  if ('error' in r) return out;
  if (r.plan)
    out.push(
      `optimizeCacheKeys: ${r.plan.distinct} items among yesterday's ${trace.log.length} keys (${round(r.plan.duplication, 2)} legacy keys per item); volatile parts: ${r.plan.volatileParams.join(', ') || 'none'}.`,
    );
  if (r.eviction) out.push(`optimizeEvictionPolicy: ${r.eviction.policy}; ${r.eviction.reason}`);
  if (r.warm)
    out.push(
      `warmCache: ${r.warm.warmed.length} warmed, ${r.warm.skipped.length} already cached, ${r.warm.failed.length} failed, ${r.warm.invalid.length} invalid.`,
    );
  const misses = missesNote(r);
  if (misses) out.push(misses);
  for (const e of r.setupErrors) out.push(`not used: ${e}`);
  return out;
}

/** The misses (reads − hits) by cause, as lib/exercises/exercise-1-hit-ratio/check/misses.ts decides them; none when the replay stopped. */
function missesNote(r: ReplayResult): string | undefined {
  if (r.failure) return undefined;
  const m = r.misses;
  const total = r.reads - r.hits;
  if (total === 0) return 'misses by cause: none, every read was a hit.';
  const expired = Number.isNaN(r.expired) ? '' : ` and expired ${r.expired}`;
  return `misses by cause: ${total} = ${m.firstRead} first reads (item never loaded before) + ${m.afterWrite} after a write (item written since its last load) + ${m.otherKey} through another key (item loaded since, but not under this read's normalizeKey) + ${m.dropped} dropped (cached under this key since its last load, then evicted, expired or deleted; the server evicted ${r.evictions} keys${expired} in all).`;
}

/** The check. */
export const check: LoadCheck<Exercise1Implementation> = {
  exercise: 1,
  title: 'Cache hit ratio optimizer',
  visible: { seed: 'exercise-1-visible', scale: 1, backend: 'embedded' },
  run: (impl, params) => runCheck(impl, params),
};

/** The registry entry (lib/load/registry.ts). */
export const entry: CheckEntry<Exercise1Implementation> = {
  check,
  loadImplementation,
  exports: EXPORTS,
  fromModule: (module, dir) => ({ module: module as unknown as Exercise1Module, dir }),
};
