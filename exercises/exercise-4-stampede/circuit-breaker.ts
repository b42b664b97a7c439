/**
 * Exercise 4, part 2: a circuit breaker in front of the data source, so a failing database is
 * not hammered by every cache miss. Read README.md ("Circuit breaking") first.
 * Hints: `npm run hint exercise-4 CircuitBreaker`.
 */
import { resolveBreakerOptions, type ResolvedBreakerOptions } from '../../lib/exercises/exercise-4-stampede/options.js';
import type { CircuitBreakerApi, CircuitBreakerOptions, CircuitState } from '../../lib/exercises/exercise-4-stampede/types.js';

/** Closed → open after N failures → half-open probe after a cool-down → closed. */
export class CircuitBreaker implements CircuitBreakerApi {
  readonly #options: ResolvedBreakerOptions;
  // TODO: add the state you need (consecutive failures, when the circuit opened, a probe in flight).

  constructor(options: CircuitBreakerOptions = {}) {
    this.#options = resolveBreakerOptions(options); // defaults and validation (given)
  }

  /**
   * The state now: 'closed' (calls go through), 'open' (calls fail fast) or 'half-open' (the
   * cool-down `cooldownMs` has passed since the circuit opened: the next call is a probe).
   * Use Date.now(): the kit runs simulations on a virtual clock that fakes it.
   */
  get state(): CircuitState {
    // TODO: derive the state from what you stored.
    throw new Error(
      `TODO: CircuitBreaker.state is not implemented yet (failureThreshold ${this.#options.failureThreshold}) → npm run hint exercise-4 CircuitBreaker`,
    );
  }

  /**
   * Runs `fn` and resolves or rejects as it does, except:
   * - open: reject at once with a CircuitOpenError (lib/exercises/exercise-4-stampede/errors.ts), without calling fn;
   * - half-open: let exactly one call through as a probe; others fail fast while it runs;
   *   its success closes the circuit, its failure opens it for another cool-down;
   * - closed: `failureThreshold` consecutive failures open the circuit; a success resets the count.
   * A function that throws synchronously counts as a failure and must come back as a rejection.
   */
  async execute<T>(fn: () => T | Promise<T>): Promise<T> {
    // TODO: implement the three states.
    throw new Error('TODO: CircuitBreaker.execute is not implemented yet → npm run hint exercise-4 CircuitBreaker');
  }
}
