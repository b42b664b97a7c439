/**
 * What every test of exercise 3's hidden suite gets: a cluster (embedded: fresh per test, on a
 * virtual clock; real: redis-server processes started once per suite on free loopback ports, or
 * CACHE_CLUSTER_URLS, flushed before each test; redis-cluster: a real Redis Cluster of 6 nodes,
 * 3 masters, started once per suite), the clock, a time unit, and builders for
 * mitigators and detectors. Times are written in units `u` so one test runs on virtual time
 * (exact, free) and on the wall clock, where u = 50 ms is long enough that scheduling delays of a
 * few ms on a busy machine do not change the outcome and short enough to keep a test to seconds.
 */
import { afterAll, test } from 'vitest';
import type { BackendKind } from '../../../../lib/backends/types.js';
import { createHotKeyCluster, type ClusterKind, type HotKeyCluster } from '../../../../lib/exercises/exercise-3-hot-keys/cluster.js';
import type {
  DetectorOptions,
  Exercise3Module,
  HotKeyCache,
  HotKeyAlert,
  HotKeyDetectorApi,
  HotKeyMitigatorApi,
  HotKeyOptions,
} from '../../../../lib/exercises/exercise-3-hot-keys/types.js';
import { runDeterministic } from '../../../../lib/sim/deterministic.js';
import { realClock, type Clock } from '../../../../lib/sim/clock.js';

/** How a suite obtains the implementation under test. */
export type CreateImpl = () => Exercise3Module | Promise<Exercise3Module>;

/** What one test body receives. */
interface Scenario {
  impl: Exercise3Module;
  cluster: HotKeyCluster;
  clock: Clock;
  kind: BackendKind;
  /** The time unit in ms (virtual on embedded). */
  u: number;
  sleep(units: number): Promise<void>;
  /** Options most tests use: a window of 10u, a staleness bound of 5u, 3 replicas. */
  base: Required<Pick<HotKeyOptions, 'threshold' | 'windowMs' | 'maxStalenessMs' | 'replicas'>>;
  /** A mitigator on its own connection; its alerts are collected in `alerts`. */
  mitigator(options?: HotKeyOptions): HotKeyMitigatorApi & { alerts: HotKeyAlert[] };
  detector(options?: DetectorOptions): HotKeyDetectorApi;
  /** Every key stored in the cluster, sorted. */
  allKeys(): Promise<string[]>;
}

/** The suite's settings for one backend. */
export interface SuiteContext {
  kind: BackendKind;
  /** `router` (embedded or standalone servers: 6 nodes) or `redis-cluster` (3 masters). */
  clusterKind: ClusterKind;
  /** Nodes that own slots: what replicas can spread over. */
  nodes: number;
  /** Registers one test that runs `body` on a clean cluster. */
  scenario(name: string, body: (s: Scenario) => Promise<void>, options?: { timeout?: number }): void;
}

const NODES = 6;
/** The masters of the Redis Cluster lib/exercises/exercise-3-hot-keys/redis-cluster.ts starts (6 nodes, a replica each). */
const REDIS_CLUSTER_MASTERS = 3;

/**
 * Builds the context for `kind` (and, on real, `clusterKind`); on real, registers the hooks that
 * start and stop the servers, unless `open` gives a cluster the caller opened (and closes).
 */
export function suiteContext(
  createImpl: CreateImpl,
  kind: BackendKind,
  clusterKind: ClusterKind = 'router',
  open?: () => Promise<HotKeyCluster>,
): SuiteContext {
  if (kind === 'embedded' && clusterKind !== 'router') throw new RangeError('the embedded cluster is always a router: a Redis Cluster needs the real backend');
  const nodes = clusterKind === 'redis-cluster' ? REDIS_CLUSTER_MASTERS : NODES;
  const u = kind === 'embedded' ? 100 : 50;
  // Real: one cluster for the suite, started by the first test that needs it, so that a missing
  // redis-server fails every test with the same clear error (E_CLUSTER_UNAVAILABLE) instead of
  // skipping them as a failed beforeAll would.
  let shared: Promise<HotKeyCluster> | undefined;
  if (kind === 'real' && !open) {
    afterAll(async () => {
      await (await shared?.catch(() => undefined))?.close();
    });
  }
  const body = async (impl: Exercise3Module, cluster: HotKeyCluster, clock: Clock, run: (s: Scenario) => Promise<void>) => {
    const base = { threshold: 10, windowMs: 10 * u, maxStalenessMs: 5 * u, replicas: 3 };
    const clients: HotKeyCache[] = [];
    try {
      await run({
        impl,
        cluster,
        clock,
        kind,
        u,
        sleep: (units) => clock.sleep(units * u),
        base,
        mitigator(options = {}) {
          const alerts: HotKeyAlert[] = [];
          const user = options.onAlert;
          const client = cluster.client();
          clients.push(client);
          const m = new impl.HotKeyMitigator(client, { ...base, ...options, onAlert: (a) => (alerts.push(a), user?.(a)) });
          return Object.assign(m, { alerts });
        },
        detector: (options) => new impl.HotKeyDetector(options),
        async allKeys() {
          const keys: string[] = [];
          for (let n = 0; n < cluster.nodes; n++) keys.push(...(await cluster.keysOnNode(n)));
          return keys.sort();
        },
      });
    } finally {
      // The shared real cluster outlives the test: close this test's connections.
      if (kind === 'real') await Promise.all(clients.map((c) => c.quit().catch(() => undefined)));
    }
  };
  return {
    kind,
    clusterKind,
    nodes,
    scenario(name, run, options = {}) {
      test(name, { timeout: options.timeout }, async () => {
        const impl = await createImpl();
        if (kind === 'embedded') {
          await runDeterministic(
            name,
            async (clock) => {
              const cluster = await createHotKeyCluster({ backend: 'embedded', nodes: NODES });
              try {
                await body(impl, cluster, clock, run);
              } finally {
                await cluster.close();
              }
            },
            { limitMs: 600_000 },
          );
          return;
        }
        const cluster = await (shared ??= open ? open() : createHotKeyCluster({ backend: 'real', kind: clusterKind, nodes: NODES }));
        if (cluster.nodes !== nodes)
          throw new Error(`the ${clusterKind} cluster has ${cluster.nodes} nodes owning slots; the suite was registered for ${nodes}`);
        await cluster.flush();
        for (let n = 0; n < nodes; n++) cluster.setDown(n, false);
        await body(impl, cluster, realClock, run);
      });
    },
  };
}

/** The `code` of an error, or a description of what was thrown instead. */
function codeOf(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) return String(error.code);
  return error instanceof Error ? `no code (${error.message})` : `not an Error (${String(error)})`;
}

/** Calls `f` and returns the code of what it threw (or 'no error'); works for sync and async throws. */
export async function thrownCode(f: () => unknown): Promise<string> {
  try {
    await f();
    return 'no error';
  } catch (error) {
    return codeOf(error);
  }
}
