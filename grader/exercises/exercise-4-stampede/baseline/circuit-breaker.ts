/** Exercise 4's baseline breaker: none. Every call goes to the source, failing or not. */
import type { CircuitBreakerApi, CircuitBreakerOptions, CircuitState } from '../../../../lib/exercises/exercise-4-stampede/types.js';

/** A pass-through: always closed. */
export class CircuitBreaker implements CircuitBreakerApi {
  constructor(_options: CircuitBreakerOptions = {}) {}

  /** Always 'closed'. */
  get state(): CircuitState {
    return 'closed';
  }

  /** Calls `fn`. */
  async execute<T>(fn: () => T | Promise<T>): Promise<T> {
    return fn();
  }
}
