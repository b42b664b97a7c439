/**
 * A circuit breaker in front of the data source (reference solution): after `failureThreshold`
 * consecutive failures it opens and fails fast; after `cooldownMs` it lets one probe through
 * (half-open); the probe's outcome closes or re-opens it.
 */
import { CircuitOpenError } from '../../lib/exercises/exercise-4-stampede/errors.js';
import { resolveBreakerOptions, type ResolvedBreakerOptions } from '../../lib/exercises/exercise-4-stampede/options.js';
import type { CircuitBreakerApi, CircuitBreakerOptions, CircuitState } from '../../lib/exercises/exercise-4-stampede/types.js';

/** Closed → open after N failures → half-open probe after a cool-down → closed. */
export class CircuitBreaker implements CircuitBreakerApi {
  readonly #options: ResolvedBreakerOptions;
  #failures = 0;
  #openedAt: number | null = null;
  #probing = false;

  constructor(options: CircuitBreakerOptions = {}) {
    this.#options = resolveBreakerOptions(options);
  }

  /** The state now; an open circuit reads half-open once its cool-down has passed. */
  get state(): CircuitState {
    if (this.#openedAt === null) return 'closed';
    return Date.now() - this.#openedAt >= this.#options.cooldownMs ? 'half-open' : 'open';
  }

  /** Runs `fn` unless the circuit is open; counts its outcome. */
  async execute<T>(fn: () => T | Promise<T>): Promise<T> {
    const state = this.state;
    // Half-open lets exactly one probe through; everyone else still fails fast meanwhile.
    if (state === 'open' || (state === 'half-open' && this.#probing)) {
      throw new CircuitOpenError(this.#retryInMs());
    }
    const probe = state === 'half-open';
    if (probe) this.#probing = true;
    try {
      const value = await fn(); // inside try: a synchronous throw counts like a rejection
      this.#failures = 0;
      this.#openedAt = null;
      return value;
    } catch (error) {
      this.#failures += 1;
      if (probe || this.#failures >= this.#options.failureThreshold) this.#openedAt = Date.now();
      throw error;
    } finally {
      if (probe) this.#probing = false;
    }
  }

  #retryInMs(): number {
    return this.#openedAt === null ? 0 : this.#openedAt + this.#options.cooldownMs - Date.now();
  }
}
