/**
 * Exercise 4's hidden suite, written as a contract: `registerExercise4Suite(createImpl, options)`
 * registers the same tests for whatever implementation `createImpl` returns (the reference
 * solution under `npm run verify`, a submission under the grader) on the backend asked for.
 * It covers what the visible suite leaves out: lock safety under pauses, fencing, awkward values
 * and keys, failure injection, the circuit breaker, XFetch's beta and delta, jitter, and
 * concurrency across instances.
 */
import { describe } from 'vitest';
import type { BackendKind } from '../../../lib/backends/types.js';
import { registerBreakerTests } from './suite/breaker.js';
import { registerCacheTests } from './suite/cache.js';
import { registerConcurrencyTests } from './suite/concurrency.js';
import { registerFallbackTests } from './suite/fallback.js';
import { registerFencingTests } from './suite/fencing.js';
import { suiteContext, type CreateImpl } from './suite/kit.js';
import { registerLockTests } from './suite/locks.js';
import { registerXfetchTests } from './suite/xfetch.js';

export type { CreateImpl } from './suite/kit.js';
/** What each test protects (heavy: lock safety, data loss, wrong values; light: tuning); the grader reads it from the kit, not from a run. */
export { weights } from './suite/weights.js';

/** Options of {@link registerExercise4Suite}. */
export interface Exercise4SuiteOptions {
  /** `embedded` (ioredis-mock on virtual time) or `real` (Redis/Valkey at CACHE_URL, wall clock). */
  backend: BackendKind;
}

/** Registers the hidden tests of exercise 4 for the implementation `createImpl` returns. */
export function registerExercise4Suite(createImpl: CreateImpl, options: Exercise4SuiteOptions): void {
  describe(`exercise 4 hidden suite (${options.backend})`, () => {
    const ctx = suiteContext(createImpl, options.backend);
    describe('LockManager', () => registerLockTests(ctx));
    describe('CircuitBreaker', () => registerBreakerTests(ctx));
    describe('read-through', () => registerCacheTests(ctx));
    describe('concurrency', () => registerConcurrencyTests(ctx));
    describe('XFetch and jitter', () => registerXfetchTests(ctx));
    describe('stale values and failures', () => registerFallbackTests(ctx));
    describe('pauses and fencing', () => registerFencingTests(ctx));
  });
}
