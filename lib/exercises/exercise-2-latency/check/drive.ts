/**
 * Runs exercise 2's scenario against an implementation: builds the app instances, lets each
 * prepare its connections, fills the cache through the implementation's own write() (so values
 * are stored in its encoding), then lets the callers send the planned requests — page views
 * (profile, timeline document, the timeline's posts in one readMany) and writes — and records
 * every latency, every value read back, and the network used in that measured phase. `tuning`
 * holds the `--option` values of the options the student may tune (connections, threshold).
 */
import type { NetworkCounters } from '../../../backends/cache/traffic.js';
import type { Exercise2Backend } from '../backends.js';
import { createInstances, type AppInstance } from '../instances.js';
import { CodecMeter } from '../meter.js';
import type { Exercise2Module, LatencyOptions } from '../types.js';
import { LatencyHistogram } from '../../../metrics/histogram.js';
import type { Clock } from '../../../sim/clock.js';
import { createRng } from '../../../workload/rng.js';
import { Catalogue, type PlannedRequest } from './catalogue.js';
import { History } from './history.js';
import type { Exercise2Scenario } from './params.js';
import { ReadCounter } from './read-counter.js';

/** What one run measured. */
export interface RunResult {
  requests: number;
  latency: LatencyHistogram;
  /** Requests that rejected; the first error's message. */
  failed: number;
  firstError?: string;
  /** Values read back that were not what was written (or missing). */
  wrong: number;
  firstWrong?: string;
  staleReads: number;
  maxStalenessMs: number;
  firstStale?: string;
  /** Keys the requests asked for, and keys fetched from the server for them. */
  keysRequested: number;
  keysFetched: number;
  network: NetworkCounters;
  /** Codec ms charged to requests (embedded; 0 on real, where codec work takes real time). */
  codecMs: number;
}

/** Runs the scenario; throws when the implementation cannot even start (the figures then say why). */
export async function drive(
  module: Exercise2Module,
  backend: Exercise2Backend,
  scenario: Exercise2Scenario,
  seed: number | string,
  clock: Clock,
  tuning: LatencyOptions = {},
): Promise<RunResult> {
  const catalogue = new Catalogue(scenario, seed);
  const plan = catalogue.plan();
  const counter = new ReadCounter();
  const meter = new CodecMeter();
  const apps = createInstances(module, backend, {
    count: scenario.instances,
    options: { ...tuning, ...scenario.local }, // `tuning`: --option values of the tunable options only
    pool: scenario.pool,
    wrap: (c) => counter.wrap(c),
  });
  for (const app of apps) meter.instrument(app.optimizer);
  const history = new History(scenario.stalenessBoundMs);
  await Promise.all(apps.map((a) => a.optimizer.optimizeConnections()));
  await warm(apps[0]!, catalogue, plan, history, clock, scenario.warmConcurrency);

  backend.resetNetwork();
  counter.reset();
  const latency = new LatencyHistogram();
  const result = { failed: 0, wrong: 0, keysRequested: 0, codecMs: 0 } as Pick<
    RunResult,
    'failed' | 'wrong' | 'keysRequested' | 'codecMs' | 'firstError' | 'firstWrong'
  >;
  const embedded = backend.kind === 'embedded';

  const check = (key: string, value: unknown, startedAt: number) => {
    result.keysRequested += 1;
    const verdict = catalogue.verify(key, value);
    if ('wrong' in verdict) {
      result.wrong += 1;
      result.firstWrong ??= verdict.wrong;
    } else history.read(key, verdict.version, startedAt);
  };

  const send = async (app: AppInstance, request: PlannedRequest): Promise<void> => {
    const opt = app.optimizer;
    if (request.kind === 'page') {
      const started = clock.now();
      const { codecMs } = await meter.measure(async () => {
        let at = clock.now();
        check(request.profile, await opt.read(request.profile), at);
        at = clock.now();
        check(request.timeline, await opt.read(request.timeline), at);
        at = clock.now();
        const posts = await opt.readMany(request.posts);
        request.posts.forEach((key, i) => check(key, posts[i], at));
      });
      record(clock.now() - started, codecMs);
      return;
    }
    const turn = await history.begin(request.key);
    let completed: number | null = null;
    try {
      const value = catalogue.valueOf(request.key, turn.version);
      const started = clock.now();
      const { codecMs } = await meter.measure(() => opt.write(request.key, value));
      completed = clock.now();
      record(completed - started, codecMs);
    } finally {
      turn.done(completed);
    }
  };

  const record = (waitedMs: number, codecMs: number) => {
    // On the real backend codec work already took wall-clock time; on the virtual clock it is priced.
    latency.recordMs(embedded ? waitedMs + codecMs : waitedMs);
    if (embedded) result.codecMs += codecMs;
  };

  await Promise.all(
    Array.from({ length: scenario.callers }, async (_, c) => {
      const app = apps[c % apps.length]!;
      const think = createRng(`${seed}:caller:${c}`);
      for (let i = c; i < plan.length; i += scenario.callers) {
        await clock.sleep(-Math.log(1 - think.next()) * scenario.thinkMs);
        try {
          await send(app, plan[i]!);
        } catch (error) {
          result.failed += 1;
          result.firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );

  const network = backend.network();
  await Promise.all(apps.map((a) => a.optimizer.close().catch(() => undefined)));
  return {
    ...result,
    requests: plan.length,
    latency,
    staleReads: history.staleReads,
    maxStalenessMs: history.maxStalenessMs,
    firstStale: history.firstStale,
    keysFetched: counter.keys,
    network,
  };
}

/** Writes every key the plan touches, at version 0, through `app` (not measured). */
async function warm(app: AppInstance, catalogue: Catalogue, plan: PlannedRequest[], history: History, clock: Clock, concurrency: number): Promise<void> {
  const keys = new Set<string>();
  for (const r of plan) {
    if (r.kind === 'write') keys.add(r.key);
    else for (const k of [r.profile, r.timeline, ...r.posts]) keys.add(k);
  }
  const queue = [...keys];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
        const turn = await history.begin(key);
        let at: number | null = null;
        try {
          await app.optimizer.write(key, catalogue.valueOf(key, turn.version));
          at = clock.now();
        } catch (error) {
          throw new Error(`filling the cache before the measured phase, write("${key}") failed: ${error instanceof Error ? error.message : String(error)}`, {
            cause: error,
          });
        } finally {
          turn.done(at);
        }
      }
    }),
  );
}
