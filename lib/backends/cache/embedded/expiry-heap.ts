/**
 * A min-heap of (expiry time, key) used for the embedded cache's active expiry. Entries are never
 * removed when a TTL changes; the sweeper skips entries that no longer match (lazy deletion).
 * Written by hand: a 40-line binary heap is smaller than any dependency for it.
 */

/** One scheduled expiry. */
export interface ExpiryEntry {
  at: number;
  key: string;
}

/** A binary min-heap ordered by `at`. */
export class ExpiryHeap {
  #items: ExpiryEntry[] = [];

  get size(): number {
    return this.#items.length;
  }

  push(entry: ExpiryEntry): void {
    const items = this.#items;
    items.push(entry);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]!.at <= entry.at) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = entry;
  }

  /** The earliest entry without removing it. */
  peek(): ExpiryEntry | undefined {
    return this.#items[0];
  }

  /** Removes and returns the earliest entry. */
  pop(): ExpiryEntry | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      const at = (j: number) => (j === i ? last.at : items[j]!.at);
      if (l < items.length && items[l]!.at < at(m)) m = l;
      if (r < items.length && items[r]!.at < at(m)) m = r;
      if (m === i) break;
      items[i] = items[m]!;
      i = m;
    }
    items[i] = last;
    return top;
  }

  clear(): void {
    this.#items.length = 0;
  }
}
