/**
 * Exercise 3, part 2: the hot-key mitigator. Every get/set goes through it: it counts accesses
 * with a HotKeyDetector, turns keys hot when they reach `threshold` accesses per window (and cools
 * them down below threshold × coolDownRatio), spreads a hot key's reads over replicas on other
 * nodes and a short-lived local copy, and keeps every read within `maxStalenessMs` of the newest
 * write. Read README.md first; hints per method: `npm run hint exercise-3 <method>`.
 */
import { clusterNodeCount, resolveHotKeyOptions, type ResolvedHotKeyOptions } from '../../lib/exercises/exercise-3-hot-keys/options.js';
import type { HotKeyCache, HotKeyMetrics, HotKeyMitigatorApi, HotKeyOptions } from '../../lib/exercises/exercise-3-hot-keys/types.js';
import { HotKeyDetector } from './hot-key-detector.js';

/** Detects hot keys and spreads their load over replicas and a local tier. */
export class HotKeyMitigator implements HotKeyMitigatorApi {
  readonly #cache: HotKeyCache;
  readonly #options: ResolvedHotKeyOptions;
  readonly #detector: HotKeyDetector;
  readonly #nodes: number;
  // TODO: add the state you need: the hot keys and their replica names, the local copies (value and
  // expiry), mitigations in flight, counters for getMetrics().

  constructor(cache: HotKeyCache, options: HotKeyOptions = {}) {
    this.#cache = cache;
    this.#options = resolveHotKeyOptions(options); // defaults and validation (given)
    this.#detector = new HotKeyDetector({ windowMs: this.#options.windowMs, maxTrackedKeys: this.#options.maxTrackedKeys });
    this.#nodes = clusterNodeCount(cache);
    // TODO: find, for every node, a hashtag whose slot that node owns (cache.nodeOf('{tag}')).
  }

  /**
   * What the app calls to read. Counts the access (a key that reaches the threshold turns hot:
   * one 'hot' alert, then mitigateHotKey), answers a hot key from a fresh local copy, else from one
   * of its replicas (falling back to the primary when a replica is missing or its node is down),
   * and any other key from its primary. Resolves to null for a missing key.
   * Throws InvalidKeyError (E_INVALID_KEY) for a key that is not a non-empty string.
   */
  async get(key: string): Promise<string | null> {
    // TODO: count, detect, then local copy → replica → primary.
    throw new Error(`TODO: HotKeyMitigator.get is not implemented yet (${this.#nodes} nodes) → npm run hint exercise-3 get`);
  }

  /**
   * What the app calls to write. Counts the access, writes the primary (a failure rejects), then,
   * for a hot key, every replica and this instance's local copy. After a write no read may return
   * the old value for longer than maxStalenessMs. InvalidValueError (E_INVALID_VALUE) unless
   * `value` is a string.
   */
  async set(key: string, value: string): Promise<void> {
    // TODO: primary first, then the replicas (a replica whose node is down must not fail the write).
    throw new Error(`TODO: HotKeyMitigator.set is not implemented yet (key ${JSON.stringify(key)}) → npm run hint exercise-3 set`);
  }

  /**
   * Streaming detection: compares the detector's estimates with the threshold, turns new hot keys
   * hot (a 'hot' alert each, then mitigateHotKey), cools down hot keys whose estimate fell below
   * threshold × coolDownRatio (a 'cool' alert each, then coolDownHotKey), and resolves to the hot
   * keys, hottest first. The load check calls it at the end of every window; get/set should also
   * run it a few times per window, since keys that went cold are rarely accessed.
   */
  async detectHotKeys(): Promise<string[]> {
    // TODO: compare estimates with the thresholds; fire each alert exactly once per transition.
    throw new Error(
      `TODO: HotKeyMitigator.detectHotKeys is not implemented yet (threshold ${this.#options.threshold}) → npm run hint exercise-3 detectHotKeys`,
    );
  }

  /** Starts protecting `key`: creates its replicas and marks it hot, so reads use replicas and local copies. Idempotent. */
  async mitigateHotKey(key: string): Promise<void> {
    // TODO: implementKeySharding, then remember the key as hot with its replica names.
    throw new Error(`TODO: HotKeyMitigator.mitigateHotKey is not implemented yet (key ${JSON.stringify(key)}) → npm run hint exercise-3 implementKeySharding`);
  }

  /**
   * Copies `key`'s current value to min(replicas, nodes - 1) replicas, each on a different node
   * other than the key's own, with a TTL that keeps them within the staleness bound; resolves to
   * the replica names. Mind keys that contain a hashtag of their own, like user:{42}:profile.
   */
  async implementKeySharding(key: string): Promise<string[]> {
    // TODO: name the replicas so they land on distinct nodes, copy the value with SET … PX.
    throw new Error(
      `TODO: HotKeyMitigator.implementKeySharding is not implemented yet (key ${JSON.stringify(key)}) → npm run hint exercise-3 implementKeySharding`,
    );
  }

  /** Keeps a local copy of `key` for this instance, expiring soon enough to honour maxStalenessMs. */
  addLocalCaching(key: string, value: string): void {
    // TODO: store the value with its expiry time.
    throw new Error(
      `TODO: HotKeyMitigator.addLocalCaching is not implemented yet (maxStalenessMs ${this.#options.maxStalenessMs}) → npm run hint exercise-3 addLocalCaching`,
    );
  }

  /** Stops protecting `key`: deletes its replicas and drops its local copy. */
  async coolDownHotKey(key: string): Promise<void> {
    // TODO: forget the key as hot, DEL its replicas (ignore a node that is down), drop the local copy.
    throw new Error(`TODO: HotKeyMitigator.coolDownHotKey is not implemented yet (cache ${this.#cache.status}) → npm run hint exercise-3 coolDownHotKey`);
  }

  /** Hot-key metrics for dashboards and alerting (see HotKeyMetrics). */
  getMetrics(): HotKeyMetrics {
    // TODO: report from your state; detectorEntries is this.#detector.size.
    throw new Error(`TODO: HotKeyMitigator.getMetrics is not implemented yet (${typeof this.#detector}) → npm run hint exercise-3 getMetrics`);
  }
}
