/**
 * Hot-key mitigation (reference solution). Every get/set is counted by a bounded detector; a key
 * whose estimate reaches the threshold turns hot (one 'hot' alert), and from then on:
 * - its reads are answered by a short-lived local copy, so most never leave the process;
 * - the reads that do leave go to one of R replicas on other nodes (implementKeySharding), so no
 *   single node carries the key;
 * - its writes go to the primary, then to every replica, and refresh the local copy.
 * A hot key whose estimate falls below threshold × coolDownRatio cools down (one 'cool' alert):
 * its replicas are deleted and its local copy dropped.
 *
 * Staleness: a local copy lives maxStalenessMs / 2, a replica maxStalenessMs / 2 from its last
 * write. An instance that does not know a key is hot writes only the primary; the replicas it
 * missed expire in time, and a local copy read from a replica adds its own half: a read is never
 * more than maxStalenessMs behind.
 */
import { assertKey, assertValue, clusterNodeCount, resolveHotKeyOptions, type ResolvedHotKeyOptions } from '../../lib/exercises/exercise-3-hot-keys/options.js';
import type {
  HotKeyAlert,
  HotKeyCache,
  HotKeyDetectorApi,
  HotKeyMetrics,
  HotKeyMitigatorApi,
  HotKeyOptions,
} from '../../lib/exercises/exercise-3-hot-keys/types.js';
import { HotKeyDetector } from './hot-key-detector.js';

interface LocalCopy {
  value: string;
  expiresAt: number;
}

/** FNV-1a: a cheap, stable hash, so different keys start their replicas on different nodes. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Detects hot keys and spreads their load over replicas and a local tier. */
export class HotKeyMitigator implements HotKeyMitigatorApi {
  readonly #cache: HotKeyCache;
  readonly #options: ResolvedHotKeyOptions;
  readonly #detector: HotKeyDetectorApi;
  /** For each node, a hashtag whose slot that node owns: `{tag}key` lands on that node. */
  readonly #tags: string[] = [];
  readonly #localTtlMs: number;
  readonly #replicaTtlMs: number;
  /** Hot keys and the names of their replicas. */
  readonly #hot = new Map<string, string[]>();
  readonly #local = new Map<string, LocalCopy>();
  /** Keys being turned hot right now: concurrent callers share one mitigation and one alert. */
  readonly #turning = new Map<string, Promise<void>>();
  #sweep: Promise<string[]> | null = null;
  #nextSweepAt = Number.NEGATIVE_INFINITY;
  #localHits = 0;
  #replicaReads = 0;
  #alerts = 0;

  constructor(cache: HotKeyCache, options: HotKeyOptions = {}) {
    this.#cache = cache;
    this.#options = resolveHotKeyOptions(options);
    this.#detector = new HotKeyDetector({ windowMs: this.#options.windowMs, maxTrackedKeys: this.#options.maxTrackedKeys });
    // A replica must outlive several local copies, or every local refresh finds it expired and
    // falls through to the primary: 3/4 of the bound for replicas, what is left for local copies.
    // (PX takes whole milliseconds.)
    this.#replicaTtlMs = Math.max(1, Math.floor((this.#options.maxStalenessMs * 3) / 4));
    this.#localTtlMs = this.#options.maxStalenessMs - this.#replicaTtlMs;
    const nodes = clusterNodeCount(cache);
    for (let i = 0, found = 0; found < nodes; i++) {
      const node = cache.nodeOf(`{hk${i}}`);
      if (this.#tags[node] === undefined) {
        this.#tags[node] = `hk${i}`;
        found++;
      }
    }
  }

  async get(key: string): Promise<string | null> {
    assertKey(key);
    await this.#observe(key);
    const local = this.#local.get(key);
    if (local && local.expiresAt > Date.now()) {
      this.#localHits++;
      return local.value;
    }
    const replicas = this.#hot.get(key);
    if (!replicas) return this.#cache.get(key);
    const value = await this.#readReplica(key, replicas);
    if (value !== null) this.addLocalCaching(key, value);
    return value;
  }

  async set(key: string, value: string): Promise<void> {
    assertKey(key);
    assertValue(key, value);
    await this.#observe(key);
    // The primary first: if its node is down, the write fails and no replica gets ahead of it.
    await this.#cache.set(key, value);
    const replicas = this.#hot.get(key);
    if (!replicas) {
      this.#local.delete(key);
      return;
    }
    this.addLocalCaching(key, value);
    // A replica whose node is down expires within the bound; the write still succeeded.
    await Promise.allSettled(replicas.map((r) => this.#cache.set(r, value, 'PX', this.#replicaTtlMs)));
  }

  async detectHotKeys(): Promise<string[]> {
    this.#sweep ??= this.#detect().finally(() => (this.#sweep = null));
    return this.#sweep;
  }

  async mitigateHotKey(key: string): Promise<void> {
    assertKey(key);
    if (this.#hot.has(key)) return;
    const replicas = await this.implementKeySharding(key);
    this.#hot.set(key, replicas);
  }

  async implementKeySharding(key: string): Promise<string[]> {
    assertKey(key);
    const home = this.#cache.nodeOf(key);
    const others = this.#tags.map((_, node) => node).filter((node) => node !== home);
    const count = Math.min(this.#options.replicas, others.length);
    const start = others.length === 0 ? 0 : hash(key) % others.length;
    // The tag goes first: the first {…} decides the slot, even when the key has a hashtag of its own.
    const names = Array.from({ length: count }, (_, i) => `{${this.#tags[others[(start + i) % others.length]!]}}${key}`);
    const value = await this.#cache.get(key);
    if (value !== null) await Promise.allSettled(names.map((r) => this.#cache.set(r, value, 'PX', this.#replicaTtlMs)));
    return names;
  }

  addLocalCaching(key: string, value: string): void {
    assertKey(key);
    assertValue(key, value);
    this.#local.set(key, { value, expiresAt: Date.now() + this.#localTtlMs });
  }

  async coolDownHotKey(key: string): Promise<void> {
    assertKey(key);
    const replicas = this.#hot.get(key) ?? [];
    this.#hot.delete(key);
    this.#local.delete(key);
    await Promise.allSettled(replicas.map((r) => this.#cache.del(r)));
  }

  getMetrics(): HotKeyMetrics {
    return {
      hotKeys: this.#ranked(),
      detectorEntries: this.#detector.size,
      localEntries: this.#local.size,
      localHits: this.#localHits,
      replicaReads: this.#replicaReads,
      alerts: this.#alerts,
    };
  }

  /** Counts an access, sweeps when due, and turns the key hot when it crosses the threshold. */
  async #observe(key: string): Promise<void> {
    const estimate = this.#detector.record(key);
    if (Date.now() >= this.#nextSweepAt) await this.detectHotKeys();
    if (estimate >= this.#options.threshold && !this.#hot.has(key)) await this.#turnHot(key, estimate);
  }

  async #detect(): Promise<string[]> {
    // Sweep a few times per window: cold keys are rarely accessed, so nothing else would notice.
    this.#nextSweepAt = Date.now() + this.#options.windowMs / 4;
    const estimates = new Map(this.#detector.top().map((e) => [e.key, e.estimate]));
    const { threshold, coolDownRatio } = this.#options;
    const cooling = [...this.#hot.keys()].filter((key) => (estimates.get(key) ?? 0) < threshold * coolDownRatio);
    for (const key of cooling) this.#alert('cool', key, estimates.get(key) ?? 0);
    const heating = [...estimates].filter(([key, e]) => e >= threshold && !this.#hot.has(key));
    await Promise.all([...cooling.map((key) => this.coolDownHotKey(key)), ...heating.map(([key, e]) => this.#turnHot(key, e))]);
    return this.#ranked();
  }

  #turnHot(key: string, estimate: number): Promise<void> {
    let turning = this.#turning.get(key);
    if (!turning) {
      this.#alert('hot', key, estimate);
      turning = this.mitigateHotKey(key).finally(() => this.#turning.delete(key));
      this.#turning.set(key, turning);
    }
    return turning;
  }

  /** One replica, then the primary, then the other replicas: whichever answers first with a value. */
  async #readReplica(key: string, replicas: string[]): Promise<string | null> {
    const first = Math.floor(this.#options.random() * replicas.length) % Math.max(1, replicas.length);
    const chosen = replicas[first];
    if (chosen !== undefined) {
      const value = await this.#cache.get(chosen).catch(() => null);
      if (value !== null) {
        this.#replicaReads++;
        return value;
      }
    }
    try {
      const value = await this.#cache.get(key);
      // Replicas expire together: refill them all from this one primary read, so the primary sees
      // about one read per replica TTL instead of one per replica. Their TTL bounds their lag.
      if (value !== null) void Promise.allSettled(replicas.map((r) => this.#cache.set(r, value, 'PX', this.#replicaTtlMs)));
      return value;
    } catch (primaryDown) {
      for (const other of replicas.filter((r) => r !== chosen)) {
        const value = await this.#cache.get(other).catch(() => null);
        if (value !== null) return value;
      }
      throw primaryDown;
    }
  }

  #alert(type: HotKeyAlert['type'], key: string, estimate: number): void {
    this.#alerts++;
    this.#options.onAlert({ type, key, estimate, threshold: this.#options.threshold, at: Date.now() });
  }

  #ranked(): string[] {
    return [...this.#hot.keys()]
      .map((key) => ({ key, estimate: this.#detector.estimate(key) }))
      .sort((a, b) => b.estimate - a.estimate || (a.key < b.key ? -1 : 1))
      .map((e) => e.key);
  }
}
