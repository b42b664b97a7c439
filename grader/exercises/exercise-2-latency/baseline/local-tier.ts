/** Exercise 2's baseline local tier: never used (the baseline keeps nothing locally); a plain Map. */
import type { LocalTierApi, LocalTierOptions } from '../../../../lib/exercises/exercise-2-latency/types.js';

/** An unbounded Map without expiry. */
export class LocalTier<V = unknown> implements LocalTierApi<V> {
  readonly #entries = new Map<string, { value: V; bytes: number }>();

  constructor(_options: LocalTierOptions) {}

  get(key: string): V | undefined {
    return this.#entries.get(key)?.value;
  }

  set(key: string, value: V, bytes: number): boolean {
    this.#entries.set(key, { value, bytes });
    return true;
  }

  delete(key: string): boolean {
    return this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }

  get bytes(): number {
    let total = 0;
    for (const e of this.#entries.values()) total += e.bytes;
    return total;
  }
}
