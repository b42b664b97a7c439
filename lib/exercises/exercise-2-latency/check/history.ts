/**
 * The versions the check wrote, and when each write completed, per key: a read that began after a
 * newer version's write completed (by more than the scenario's bound) and still returned an older
 * version is a stale read. Writes of one key are serialized by the driver, so versions complete
 * in order.
 */
import { round } from '../../../metrics/round.js';

interface Completed {
  version: number;
  at: number;
}

/** Write history and stale-read accounting; see the module comment. */
export class History {
  readonly #completed = new Map<string, Completed[]>();
  readonly #next = new Map<string, number>();
  readonly #turns = new Map<string, Promise<void>>();
  staleReads = 0;
  maxStalenessMs = 0;
  firstStale: string | undefined;

  constructor(readonly boundMs: number) {}

  /** Waits for the previous write of `key` to finish, then returns the next version and a `done(at)` to call when it completed. */
  async begin(key: string): Promise<{ version: number; done(at: number | null): void }> {
    const previous = this.#turns.get(key) ?? Promise.resolve();
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    this.#turns.set(
      key,
      previous.then(() => turn),
    );
    await previous;
    const version = this.#next.get(key) ?? 0;
    this.#next.set(key, version + 1);
    return {
      version,
      done: (at) => {
        if (at !== null) {
          const list = this.#completed.get(key) ?? [];
          list.push({ version, at });
          this.#completed.set(key, list);
        }
        release();
      },
    };
  }

  /** Records a read of `key` that began at `startedAt` and returned `version`. */
  read(key: string, version: number, startedAt: number): void {
    const list = this.#completed.get(key);
    if (!list) return;
    // The first newer version whose write had completed before the read began (allowing the bound).
    const newer = list.find((c) => c.version > version && c.at + this.boundMs < startedAt);
    if (!newer) return;
    const staleness = startedAt - newer.at;
    this.staleReads += 1;
    if (staleness > this.maxStalenessMs) this.maxStalenessMs = staleness;
    this.firstStale ??= `a read of "${key}" began ${round(staleness, 2)} ms after version ${newer.version} was written and returned version ${version}`;
  }
}
