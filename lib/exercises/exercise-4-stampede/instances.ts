/**
 * Builds "app instances" the way a deployment has them: each with its own cache connection,
 * LockManager, CircuitBreaker and CacheStampedePrevention, all sharing one cache server and one
 * data source. Suites and the load check use it so concurrency is always tested across instances,
 * not only inside one.
 */
import type { DataSource } from '../../backends/types.js';
import type { Exercise4Backend } from './backends.js';
import { pausable, type PausableClient } from './pausable.js';
import type {
  CircuitBreakerApi,
  CircuitBreakerOptions,
  Exercise4Module,
  LockManagerApi,
  LockManagerOptions,
  StampedeOptions,
  StampedePreventionApi,
} from './types.js';

/** One app instance. */
export interface AppInstance<V> {
  readonly index: number;
  /** Its cache connection; pause it to freeze the whole instance. */
  readonly connection: PausableClient;
  readonly locks: LockManagerApi;
  readonly breaker: CircuitBreakerApi;
  readonly stampede: StampedePreventionApi<V>;
}

/** Options of {@link createInstances}. */
export interface InstanceOptions<V> {
  count: number;
  /** The data source every instance loads from, or one per instance (e.g. to freeze one). */
  source: DataSource<V> | ((index: number) => DataSource<V>);
  stampede?: Omit<StampedeOptions, 'circuitBreaker'>;
  locks?: LockManagerOptions;
  breaker?: CircuitBreakerOptions;
}

/** Creates `count` app instances of `module` on `backend`. */
export function createInstances<V>(module: Exercise4Module, backend: Exercise4Backend, options: InstanceOptions<V>): AppInstance<V>[] {
  return Array.from({ length: options.count }, (_, index) => {
    const connection = pausable(backend.client());
    const locks = new module.LockManager(connection.client, options.locks);
    const breaker = new module.CircuitBreaker(options.breaker);
    const source = typeof options.source === 'function' ? options.source(index) : options.source;
    const stampede = new module.CacheStampedePrevention<V>(connection.client, source, locks, {
      ...options.stampede,
      circuitBreaker: breaker,
    });
    return { index, connection, locks, breaker, stampede };
  });
}
