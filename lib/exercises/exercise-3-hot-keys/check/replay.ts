/**
 * Exercise 3's replay: the social trace (5% of keys draw 80% of the traffic, the hot set moving
 * to other keys every epoch) driven through several app instances, each with its own
 * HotKeyMitigator, at the trace's own pace: the operations of each millisecond run together, then
 * the clock moves on. At the end of every window each instance reports its hot set; at the end of
 * every epoch the traffic that reached the nodes is put aside. Reads are judged for staleness.
 */
import type { Clock } from '../../../sim/clock.js';
import { createSocialTrace } from '../../../workload/index.js';
import type { HotKeyCluster } from '../cluster.js';
import type { Exercise3Module, HotKeyMitigatorApi } from '../types.js';
import { DetectionScore, StalenessTracker } from './measures.js';
import type { Exercise3Params } from './params.js';

/** Traffic that reached the nodes during one hot-set epoch. */
interface EpochTraffic {
  /** Commands per node: on a real Redis Cluster from each master's INFO commandstats, else as the clients counted them. */
  commandsByNode: number[];
  readsByKey: Map<string, number>;
  /** Real Redis Cluster only: the clients' own count per node, beside the servers' in commandsByNode. */
  clientCommandsByNode?: number[];
  /** Real Redis Cluster only: read commands per master, from INFO commandstats. */
  serverReadsByNode?: number[];
}

/** What one replay saw. */
export interface ReplayOutcome {
  ops: number;
  errors: number;
  firstError?: string;
  epochs: EpochTraffic[];
  detection: DetectionScore;
  detectionError?: string;
  /** Most keys any instance's detector tracked at a window's end. */
  detectorEntries: number;
  metricsError?: string;
  staleness: StalenessTracker;
  /** How far the replay fell behind the trace's clock at worst (wall clock only), ms. */
  maxLagMs: number;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Replays the trace of `seed` through `params.instances` mitigators on `cluster`. */
export async function replay(impl: Exercise3Module, cluster: HotKeyCluster, clock: Clock, p: Exercise3Params, seed: number | string): Promise<ReplayOutcome> {
  const epochMs = p.windowMs * p.windowsPerEpoch;
  const totalMs = epochMs * p.epochs;
  const trace = createSocialTrace({
    seed,
    keys: p.keys,
    ratePerSec: p.ratePerSec,
    peak: false,
    shiftEveryMs: epochMs,
    // Poisson arrivals: a few more operations than the mean, and stop at the last window's end.
    ops: Math.ceil(((p.ratePerSec * totalMs) / 1000) * 1.05) + 100,
  });
  const warm: [string, string][] = [];
  for (let i = 0; i < trace.keySpace.count; i++) warm.push([trace.keySpace.keyAt(i), `${trace.keySpace.keyAt(i)}#0`]);
  await cluster.load(warm);
  const apps: HotKeyMitigatorApi[] = Array.from({ length: p.instances }, (_, i) => new impl.HotKeyMitigator(cluster.client(`app-${i}`), { ...p.options }));
  // A real Redis Cluster counts on the servers too: connect the apps, then take the first reading.
  if (cluster.ready) await cluster.ready();
  let servers = cluster.serverCounts ? await cluster.serverCounts() : undefined;
  cluster.traffic.reset();

  const out: ReplayOutcome = {
    ops: 0,
    errors: 0,
    epochs: [],
    detection: new DetectionScore(),
    detectorEntries: 0,
    staleness: new StalenessTracker(p.options.maxStalenessMs + p.stalenessSlackMs),
    maxLagMs: 0,
  };
  const counts = apps.map(() => new Map<string, number>());
  const start = clock.now();
  const now = () => clock.now() - start;
  const fail = (e: unknown) => {
    out.errors += 1;
    out.firstError ??= message(e);
  };

  async function run(op: { op: 'read' | 'write'; key: string }, app: HotKeyMitigatorApi): Promise<void> {
    try {
      if (op.op === 'write') {
        const { value, version } = out.staleness.nextValue(op.key, now());
        await app.set(op.key, value);
        out.staleness.written(op.key, version, now());
      } else {
        const startedAt = now();
        out.staleness.read(op.key, await app.get(op.key), startedAt);
      }
    } catch (e) {
      fail(e);
    }
  }

  async function endWindow(index: number): Promise<void> {
    // The first window of an epoch is warm-up: the new hot keys are still being counted.
    if (index % p.windowsPerEpoch !== 0) {
      for (const [i, app] of apps.entries()) {
        try {
          out.detection.add(await app.detectHotKeys(), counts[i]!, p.options.threshold);
        } catch (e) {
          out.detectionError ??= message(e);
        }
        try {
          const entries = app.getMetrics().detectorEntries;
          if (typeof entries !== 'number' || !Number.isFinite(entries))
            throw new TypeError(`getMetrics().detectorEntries must be a number, got ${String(entries)}`);
          out.detectorEntries = Math.max(out.detectorEntries, entries);
        } catch (e) {
          out.metricsError ??= message(e);
        }
      }
    }
    counts.forEach((c) => c.clear());
    if ((index + 1) % p.windowsPerEpoch === 0) {
      const epoch: EpochTraffic = { commandsByNode: cluster.traffic.commandsByNode(), readsByKey: cluster.traffic.readsByKey() };
      cluster.traffic.reset();
      if (servers && cluster.serverCounts) {
        const before = servers;
        servers = await cluster.serverCounts();
        epoch.clientCommandsByNode = epoch.commandsByNode;
        epoch.commandsByNode = servers.commands.map((n, i) => n - before.commands[i]!);
        epoch.serverReadsByNode = servers.reads.map((n, i) => n - before.reads[i]!);
      }
      out.epochs.push(epoch);
    }
  }

  const sleepUntil = async (ms: number) => {
    const wait = ms - now();
    if (wait > 0) await clock.sleep(wait);
    else out.maxLagMs = Math.max(out.maxLagMs, -wait);
  };

  let tick = 0;
  let window = 0;
  let pending: Promise<void>[] = [];
  for (const op of trace) {
    if (op.t >= totalMs) break;
    const opTick = Math.floor(op.t);
    if (opTick !== tick) {
      await Promise.all(pending);
      pending = [];
      while (opTick >= (window + 1) * p.windowMs) {
        await sleepUntil((window + 1) * p.windowMs);
        await endWindow(window++);
      }
      await sleepUntil(opTick);
      tick = opTick;
    }
    const instance = out.ops++ % apps.length;
    counts[instance]!.set(op.key, (counts[instance]!.get(op.key) ?? 0) + 1);
    pending.push(run(op, apps[instance]!));
  }
  await Promise.all(pending);
  while (window < p.windowsPerEpoch * p.epochs) {
    await sleepUntil((window + 1) * p.windowMs);
    await endWindow(window++);
  }
  return out;
}
