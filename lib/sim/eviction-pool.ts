/**
 * Redis's eviction pool (evict.c, EVPOOL_SIZE 16): candidates sorted by "idle" score ascending,
 * the best victim at the right end. Sampled keys enter only if they beat the worst entry of a
 * full pool; entries keep the score they had when sampled, and an entry whose key has gone since
 * (a ghost) is skipped when taken.
 */

const POOL_SIZE = 16;

interface PoolEntry {
  key: string;
  idle: number;
}

/** The 16-entry candidate pool; see the module comment. */
export class EvictionPool {
  #pool: (PoolEntry | undefined)[] = new Array<PoolEntry | undefined>(POOL_SIZE).fill(undefined);

  /** evictionPoolPopulate's insertion of one sampled key with score `idle`. */
  insert(key: string, idle: number): void {
    const pool = this.#pool;
    let k = 0;
    while (k < POOL_SIZE && pool[k] && pool[k]!.idle < idle) k++;
    if (k === 0 && pool[POOL_SIZE - 1]) return; // worse than everything in a full pool
    if (k < POOL_SIZE && !pool[k]) {
      // empty slot: insert as is
    } else if (!pool[POOL_SIZE - 1]) {
      pool.splice(k, 0, undefined); // room on the right: shift right from k
      pool.length = POOL_SIZE;
    } else {
      k--; // full: drop the worst (leftmost) and shift left
      pool.splice(0, 1);
      pool.splice(k, 0, undefined);
    }
    pool[k] = { key, idle };
  }

  /** Removes entries from the best end until one whose key still `exists`; undefined if the pool empties. */
  takeBest(exists: (key: string) => boolean): string | undefined {
    for (let k = POOL_SIZE - 1; k >= 0; k--) {
      const entry = this.#pool[k];
      if (!entry) continue;
      this.#pool[k] = undefined;
      if (exists(entry.key)) return entry.key;
    }
    return undefined;
  }
}
