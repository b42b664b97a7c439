/**
 * A set of keys with O(1) add, delete and access by position, so eviction can sample keys
 * uniformly (Redis samples its hash table's buckets instead). Written by hand: swap-remove over
 * an array plus a position map is a dozen lines.
 */

/** An indexable set of keys; see the module comment. */
export class KeyIndex {
  readonly keys: string[] = [];
  #pos = new Map<string, number>();

  get size(): number {
    return this.keys.length;
  }

  has(key: string): boolean {
    return this.#pos.has(key);
  }

  add(key: string): void {
    if (this.#pos.has(key)) return;
    this.#pos.set(key, this.keys.length);
    this.keys.push(key);
  }

  delete(key: string): void {
    const i = this.#pos.get(key);
    if (i === undefined) return;
    const last = this.keys.pop()!;
    if (i < this.keys.length) {
      this.keys[i] = last;
      this.#pos.set(last, i);
    }
    this.#pos.delete(key);
  }

  clear(): void {
    this.keys.length = 0;
    this.#pos.clear();
  }
}
