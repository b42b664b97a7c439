/**
 * Exercise 2's hidden suite, written as a contract: `registerExercise2Suite(createImpl, options)`
 * registers the same tests for whatever implementation `createImpl` returns (the reference
 * solution under `npm run verify`, a submission under the grader) on the backend asked for. It
 * covers what the visible suite leaves out: awkward values, the compression threshold both ways,
 * incompressible and binary data, damaged and foreign values, the local tier's bounds and TTL,
 * invalidation across instances (including a read in flight), pool exhaustion, broken connections,
 * reply errors, empty batches and bad input.
 */
import { describe } from 'vitest';
import type { BackendKind } from '../../../lib/backends/types.js';
import { registerCodecTests } from './suite/codec.js';
import { registerConnectionTests } from './suite/connections.js';
import { registerCorruptTests } from './suite/corrupt.js';
import { registerInvalidationTests } from './suite/invalidation.js';
import { suiteContext, type CreateImpl } from './suite/kit.js';
import { registerLocalTierTests } from './suite/local-tier.js';
import { registerLocalTests } from './suite/local.js';
import { registerReadTests } from './suite/reads.js';

export type { CreateImpl } from './suite/kit.js';
/** What each test protects (heavy: lock safety, data loss, wrong values; light: tuning); the grader reads it from the kit, not from a run. */
export { weights } from './suite/weights.js';

/** Options of {@link registerExercise2Suite}. */
export interface Exercise2SuiteOptions {
  /** `embedded` (cost model on virtual time) or `real` (Redis/Valkey at CACHE_URL, wall clock). */
  backend: BackendKind;
}

/** Registers the hidden tests of exercise 2 for the implementation `createImpl` returns. */
export function registerExercise2Suite(createImpl: CreateImpl, options: Exercise2SuiteOptions): void {
  describe(`exercise 2 hidden suite (${options.backend})`, () => {
    const ctx = suiteContext(createImpl, options.backend);
    describe('LocalTier', () => registerLocalTierTests(ctx));
    describe('reads and writes', () => registerReadTests(ctx));
    describe('encoding and compression', () => registerCodecTests(ctx));
    describe('damaged and foreign values', () => registerCorruptTests(ctx));
    describe('local tier', () => registerLocalTests(ctx));
    describe('invalidation', () => registerInvalidationTests(ctx));
    describe('connections', () => registerConnectionTests(ctx));
  });
}
