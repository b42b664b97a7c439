/**
 * One replay of exercise 1's trace through an implementation: set-up calls in the order a deploy
 * makes them (analyse yesterday's keys, choose the policy, warm), then every request in order,
 * measuring hits (a read during which the source loaded nothing for that item), stale or wrong
 * values, and used_memory after every request (every 10th on a real server).
 */
import type { CacheClient } from '../../../backends/types.js';
import { valueFor } from '../../../workload/value.js';
import type { Exercise1Cache } from '../backends.js';
import type { CountedContentSource } from '../source.js';
import type { EvictionPlan, Exercise1Module, KeyPlan, Partition, WarmReport } from '../types.js';
import { MissTracker, type MissCauses } from './misses.js';
import { callEach } from '../../../load/call-each.js';
import type { Exercise1Params } from './params.js';
import type { Exercise1Trace } from './trace.js';

/** What one replay measured. */
export interface ReplayResult {
  reads: number;
  hits: number;
  staleReads: number;
  peakMemory: number;
  maxmemory: number;
  evictions: number;
  /** Keys the server expired (INFO expired_keys). */
  expired: number;
  /** The missed reads (reads − hits) by cause (misses.ts). */
  misses: MissCauses;
  /** Keys per shard over the items of BALANCE_USERS users, or an error. */
  shards: number[] | { error: string };
  plan?: KeyPlan;
  eviction?: EvictionPlan;
  warm?: WarmReport;
  /** A read or write that threw: the replay stopped there. */
  failure?: string;
  /** Set-up calls that threw (the replay went on without them). */
  setupErrors: string[];
  /** maxmemory at the end, when the implementation changed it. */
  budgetChanged?: number;
}

/** How the replay moves time and samples memory on its backend. */
export interface ReplayDriver {
  cache: Exercise1Cache;
  /** The app's connection (already connected, so the budget accounts for it). */
  client: CacheClient;
  source: CountedContentSource;
  /** Lets trace time `tMs` arrive (virtual clock) or does nothing (real server). */
  advanceTo(tMs: number): Promise<void>;
  /** Sample used_memory after every this many requests. */
  memoryEvery: number;
  /** maxmemory the run was given. */
  maxmemory: number;
}

const VERSION = /"version":(\d+),/;

function message(error: unknown): string {
  return error instanceof Error ? `${error.message}` : String(error);
}

/** Replays `trace` through `impl`; never throws for the implementation's errors (they are reported). */
export async function replay(impl: Exercise1Module, trace: Exercise1Trace, params: Exercise1Params, driver: ReplayDriver): Promise<ReplayResult> {
  const { cache } = driver;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- an export of the submission's module, a plain function: it has no `this` to lose
  const misses = new MissTracker(impl.normalizeKey);
  const source = misses.track(driver.source);
  const result: ReplayResult = {
    reads: 0,
    hits: 0,
    staleReads: 0,
    peakMemory: 0,
    maxmemory: driver.maxmemory,
    evictions: 0,
    expired: 0,
    misses: misses.causes,
    shards: [],
    setupErrors: [],
  };
  const optimizer = new impl.CacheHitRatioOptimizer(driver.client, source, { partitions: params.partitions });
  const setup = async <T>(name: string, call: () => T | Promise<T>): Promise<T | undefined> => {
    try {
      return await call();
    } catch (error) {
      result.setupErrors.push(`${name}: ${message(error)}`);
      return undefined;
    }
  };
  result.plan = await setup('optimizeCacheKeys', () => optimizer.optimizeCacheKeys(trace.log));
  result.eviction = await setup('optimizeEvictionPolicy', () => optimizer.optimizeEvictionPolicy());
  result.warm = await setup('warmCache', () => optimizer.warmCache(trace.popular));
  const sample = async () => {
    result.peakMemory = Math.max(result.peakMemory, await cache.usedMemory());
  };
  await sample();
  const space = trace.social.keySpace;
  let loginFailed = false;
  let step = 0;
  for (const op of trace.ops) {
    await driver.advanceTo(op.t);
    try {
      if (op.op === 'login') {
        // A failing preload is reported once; sessions are then simply not preloaded.
        if (!loginFailed) {
          const errors = result.setupErrors.length;
          await setup('implementPredictiveCaching', () => optimizer.implementPredictiveCaching(op.userId));
          loginFailed = result.setupErrors.length > errors;
        }
      } else if (op.op === 'write') {
        await optimizer.write(op.key);
      } else {
        result.reads++;
        const before = source.loadsOf(op.item);
        const prior = misses.before(op.item, op.key);
        const value = await optimizer.read(op.key);
        if (source.loadsOf(op.item) === before) result.hits++;
        else misses.miss(prior);
        if (!(await isCurrent(value, op.item, source, space.sizeAt(space.indexOf(op.item)), result.reads))) result.staleReads++;
      }
    } catch (error) {
      result.failure = `${op.op}("${op.key}"): ${message(error)}`;
      break;
    }
    if (++step % driver.memoryEvery === 0) await sample();
  }
  await sample();
  result.evictions = await cache.infoNumber('stats', 'evicted_keys');
  result.expired = await cache.infoNumber('stats', 'expired_keys').catch(() => Number.NaN);
  result.shards = shardsOf(optimizer, params.partitions);
  return result;
}

/** True when `value` is the item's current value (version and size; every 97th read byte for byte). */
async function isCurrent(value: unknown, item: string, source: CountedContentSource, size: number, n: number): Promise<boolean> {
  if (typeof value !== 'string' || value.length !== size) return false;
  const version = await source.version(item);
  const match = VERSION.exec(value.slice(0, 200));
  if (!match || Number(match[1]) !== version) return false;
  return n % 97 !== 0 || value === valueFor(item, version, size);
}

/** Users whose items the balance is measured over: enough that a good hash lands within a few % of even. */
const BALANCE_USERS = 10_000;
const RESOURCES = ['profile', 'timeline', 'notifications', 'post:0', 'post:1', 'post:2'];

/** Keys per shard over the items of {@link BALANCE_USERS} users, or what went wrong. */
function shardsOf(optimizer: { partitionOf(key: string): Partition }, partitions: number): number[] | { error: string } {
  const counts = new Array<number>(partitions).fill(0);
  const keys: Array<{ key: string; kind: string }> = [];
  for (let user = 0; user < BALANCE_USERS; user++) {
    for (const resource of RESOURCES) keys.push({ key: `user:${user}:${resource}`, kind: resource.split(':')[0]! });
  }
  // One crossing for all of them when the optimizer runs in the grader's sandbox.
  const outcomes = callEach<Partition>(
    optimizer,
    'partitionOf',
    keys.map((k) => [k.key]),
  );
  for (let i = 0; i < keys.length; i++) {
    const { key, kind } = keys[i]!;
    const outcome = outcomes[i];
    if (!outcome) return { error: `partitionOf("${key}") returned nothing` };
    if (!outcome.ok) return { error: `partitionOf: ${message(outcome.value)}` };
    const p = outcome.value;
    if (!Number.isInteger(p?.shard) || p.shard < 0 || p.shard >= partitions) {
      return { error: `partitionOf("${key}") returned shard ${String(p?.shard)}, not an integer in [0, ${partitions})` };
    }
    if (p.type !== kind) return { error: `partitionOf("${key}") returned type "${String(p.type)}", expected "${kind}"` };
    counts[p.shard]!++;
  }
  return counts;
}
