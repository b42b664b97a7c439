/**
 * Exercise 1's misses by cause, from what the load check sees of the replay: every load and write
 * the source answers (which item, which version, through which key) and every read. A missed read of
 * an item through a key falls under the first cause that applies:
 *
 *   first read    the item was never loaded before (not warmed, preloaded, read or written through)
 *   after write   the item was written since its last load, so no cached copy could be current
 *   other key     loaded since its last write, but never through a key the submission plans as this
 *                 read's key (its own normalizeKey of both): the copy sits under another key
 *   dropped       loaded through this read's planned key since its last write, yet gone: evicted,
 *                 expired or deleted (the server's evicted_keys and expired_keys say which happened)
 *
 * Every cause is decided from the trace and the source's answers alone, so the breakdown is exact,
 * the same on every run of the embedded backend, and adds up to the misses.
 */
import type { CountedContentSource } from '../source.js';
import { routeKey } from '../legacy-keys.js';

/** Missed reads per cause (see the module comment). */
export interface MissCauses {
  firstRead: number;
  afterWrite: number;
  otherKey: number;
  dropped: number;
}

/** What was known of an item just before a read (taken before the read's own loads). */
interface Prior {
  /** Newest version loaded so far; -1 when never loaded. */
  version: number;
  /** The item's version now (its newest write; 0 before the first). */
  current: number;
  /** Whether that version was loaded through the read's planned key. */
  planned: boolean;
}

const VERSION = /"version":(\d+),/;

/** Records loads and classifies missed reads; see the module comment. */
export class MissTracker {
  readonly causes: MissCauses = { firstRead: 0, afterWrite: 0, otherKey: 0, dropped: 0 };
  readonly #items = new Map<string, { version: number; keys: Set<string> }>();
  readonly #written = new Map<string, number>();
  readonly #plan: (key: string) => string;

  /** `normalizeKey` is the submission's own: the key it plans to cache an app's key under. */
  constructor(normalizeKey: (key: string) => string) {
    // Remembered per key (a key's planned name does not change during a run, and these counts are
    // notes, never scored): in the grader each call of the submission's function crosses to its sandbox.
    const planned = new Map<string, string>();
    this.#plan = (key) => {
      let plan = planned.get(key);
      if (plan === undefined) {
        try {
          const p = normalizeKey(key);
          plan = typeof p === 'string' ? p : key;
        } catch {
          plan = key;
        }
        planned.set(key, plan);
      }
      return plan;
    };
  }

  /**
   * `source`, with every successful load and write recorded. The caller gets the source's own
   * promise (the record is a callback attached before the caller's), so the replay's timing and
   * its figures are unchanged.
   */
  track(source: CountedContentSource): CountedContentSource {
    return {
      keySpace: source.keySpace,
      get stats() {
        return source.stats;
      },
      get writeStats() {
        return source.writeStats;
      },
      resetStats: () => source.resetStats(),
      setFault: (fault) => source.setFault(fault),
      load: (key) => {
        const loading = source.load(key);
        loading.then(
          (value) => this.#loaded(key, value),
          () => undefined,
        );
        return loading;
      },
      write: (key) => {
        const writing = source.write(key);
        writing.then(
          (version) => this.#wrote(key, version),
          () => undefined,
        );
        return writing;
      },
      version: (key) => source.version(key),
      loadsOf: (key) => source.loadsOf(key),
    };
  }

  /** What is known of `item` before a read of it through the app's key `key`. */
  before(item: string, key: string): Prior {
    const state = this.#items.get(item);
    const current = this.#written.get(item) ?? 0;
    return state ? { version: state.version, current, planned: state.keys.has(this.#plan(key)) } : { version: -1, current, planned: false };
  }

  /** Counts one missed read, given what was known before it. */
  miss(prior: Prior): void {
    if (prior.version < 0) this.causes.firstRead++;
    else if (prior.version < prior.current) this.causes.afterWrite++;
    else if (!prior.planned) this.causes.otherKey++;
    else this.causes.dropped++;
  }

  #wrote(key: string, version: unknown): void {
    const item = typeof key === 'string' ? routeKey(key) : undefined;
    if (item !== undefined && typeof version === 'number') this.#written.set(item, Math.max(version, this.#written.get(item) ?? 0));
  }

  #loaded(key: string, value: unknown): void {
    const item = typeof key === 'string' ? routeKey(key) : undefined;
    const match = typeof value === 'string' ? VERSION.exec(value.slice(0, 200)) : null;
    if (item === undefined || !match) return;
    const version = Number(match[1]);
    const state = this.#items.get(item);
    if (!state || version > state.version) this.#items.set(item, { version, keys: new Set([this.#plan(key)]) });
    else if (version === state.version) state.keys.add(this.#plan(key));
  }
}
