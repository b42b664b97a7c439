/**
 * Named counters whose names are fixed when the set is created, so a typo is a type error at the
 * call site and a clear error at run time (for callers that pass names from data).
 */
import { MetricsInputError } from './errors.js';

/** A fixed set of named counters. */
export class Counters<K extends string> {
  readonly #values = new Map<K, number>();

  /** @param names every counter this set holds; each starts at 0. */
  constructor(names: readonly K[]) {
    for (const name of names) this.#values.set(name, 0);
  }

  /** The counter names, in creation order. */
  get names(): K[] {
    return [...this.#values.keys()];
  }

  /** Adds `by` (default 1, may be any finite number) to `name`. */
  inc(name: K, by = 1): void {
    if (!Number.isFinite(by)) {
      throw new MetricsInputError('E_BAD_COUNTER_STEP', `counter "${name}": step must be a finite number, got ${by}.`);
    }
    this.#values.set(name, this.#current(name) + by);
  }

  /** The current value of `name`. */
  get(name: K): number {
    return this.#current(name);
  }

  /** Sets every counter back to 0. */
  reset(): void {
    for (const name of this.#values.keys()) this.#values.set(name, 0);
  }

  /** A plain object of every counter (safe to JSON-encode or post to another thread). */
  snapshot(): Record<K, number> {
    return Object.fromEntries(this.#values) as Record<K, number>;
  }

  /** Adds another set's values (a {@link Counters} or a snapshot) into this one. */
  merge(other: Counters<K> | Partial<Record<K, number>>): void {
    const values = other instanceof Counters ? other.snapshot() : other;
    for (const [name, value] of Object.entries(values) as [K, number | undefined][]) {
      if (value !== undefined) this.inc(name, value);
    }
  }

  #current(name: K): number {
    const value = this.#values.get(name);
    if (value === undefined) {
      throw new MetricsInputError(
        'E_UNKNOWN_COUNTER',
        `Unknown counter "${name}". Known counters: ${this.names.join(', ')}. Add it to the list the Counters were created with.`,
      );
    }
    return value;
  }
}
