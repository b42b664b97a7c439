/**
 * The contract of exercise 3 (given code): the shapes the student's two classes must have. The
 * stubs, the reference solution and the grader's baseline all implement these interfaces; the
 * tests and the load check are written against them, and `tsc` checks that they agree.
 */
import type { ClusterClient } from '../../backends/cache/cluster.js';

/**
 * The cache a HotKeyMitigator works on: a client of an N-node cluster with Redis Cluster's hash
 * slots. It has ioredis's API (`get`, `set`, `del`, `pipeline`, …) plus `nodeOf(key)` (the node
 * a key lives on) and `nodeClient(i)` (a plain client of node i).
 */
export type HotKeyCache = ClusterClient;

/** Options of the HotKeyDetector constructor. */
export interface DetectorOptions {
  /** Length of the counting window in ms: estimates are accesses in the last `windowMs`. Default 1,000. */
  windowMs?: number;
  /** Most keys the detector may track at once, whatever the number of distinct keys. Default 1,000. */
  maxTrackedKeys?: number;
}

/** A key and its estimated accesses in the last window. */
export interface KeyEstimate {
  key: string;
  estimate: number;
}

/** Streaming hot-key detector in bounded memory; see exercises/exercise-3-hot-keys/hot-key-detector.ts. */
export interface HotKeyDetectorApi {
  /** Counts one access to `key` now; returns the key's estimate after counting it. */
  record(key: string): number;
  /** Estimated accesses to `key` in the last `windowMs` (0 for a key not tracked). */
  estimate(key: string): number;
  /** Tracked keys with an estimate above 0, largest estimate first. */
  top(): KeyEstimate[];
  /** Keys tracked right now (never more than `maxTrackedKeys`). */
  readonly size: number;
}

/** A hot-key alert: a key crossed the threshold, or fell back below the cool-down level. */
export interface HotKeyAlert {
  type: 'hot' | 'cool';
  key: string;
  /** The key's estimate when the alert fired. */
  estimate: number;
  /** The threshold in force (accesses per window). */
  threshold: number;
  /** Date.now() when the alert fired. */
  at: number;
}

/** Options of the HotKeyMitigator constructor (the detector's options included). */
export interface HotKeyOptions extends DetectorOptions {
  /** Accesses per window at which a key turns hot. Default 1,000 (the README's threshold). */
  threshold?: number;
  /** A hot key cools down when its estimate falls below threshold × coolDownRatio. Default 0.5. */
  coolDownRatio?: number;
  /** Copies of a hot key on other nodes (at most one per node other than the key's own). Default 3. */
  replicas?: number;
  /**
   * The staleness bound: a read may miss a write for at most this long. No read may return a
   * value older than a write that completed more than `maxStalenessMs` before the read began.
   * Default 100.
   */
  maxStalenessMs?: number;
  /** Called once when a key turns hot and once when it cools down. Default: no-op. */
  onAlert?: (alert: HotKeyAlert) => void;
  /** Random numbers in [0, 1), e.g. to pick a replica. Default Math.random. */
  random?: () => number;
}

/** What getMetrics() reports (hot-key metrics for dashboards and alerting). */
export interface HotKeyMetrics {
  /** Keys hot right now, hottest first. */
  hotKeys: string[];
  /** Keys the detector tracks right now. */
  detectorEntries: number;
  /** Local copies held right now. */
  localEntries: number;
  /** Reads answered by a local copy, since construction. */
  localHits: number;
  /** Reads answered by a replica, since construction. */
  replicaReads: number;
  /** Alerts fired, since construction. */
  alerts: number;
}

/** The mitigator; see exercises/exercise-3-hot-keys/hot-key-mitigator.ts. */
export interface HotKeyMitigatorApi {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  detectHotKeys(): Promise<string[]>;
  mitigateHotKey(key: string): Promise<void>;
  implementKeySharding(key: string): Promise<string[]>;
  addLocalCaching(key: string, value: string): void;
  coolDownHotKey(key: string): Promise<void>;
  getMetrics(): HotKeyMetrics;
}

/** The two classes a submission provides. */
export interface Exercise3Module {
  HotKeyMitigator: new (cache: HotKeyCache, options?: HotKeyOptions) => HotKeyMitigatorApi;
  HotKeyDetector: new (options?: DetectorOptions) => HotKeyDetectorApi;
}
