/**
 * Exercise 1's hidden suite, written as a contract: `registerExercise1Suite(createImpl, options)`
 * registers the same tests for whatever implementation `createImpl` returns (the reference
 * solution under `npm run verify`, a submission under the grader) on the backend asked for.
 * It covers what the visible suite leaves out: key normalization edge cases (case, whitespace,
 * Unicode, separators inside ids), partitions of structured and string ids, damaged values,
 * warming with a failing or slow source, writes between reads, huge values, a cache that refuses
 * writes, the eviction policy on a real server, empty key lists, and a trace with a new seed.
 */
import { describe } from 'vitest';
import type { BackendKind } from '../../../lib/backends/types.js';
import { registerCodecTests } from './suite/codec.js';
import { registerEvictionTests } from './suite/eviction.js';
import { registerKeyTests } from './suite/keys.js';
import { suiteContext, type CreateImpl } from './suite/kit.js';
import { registerPartitionTests } from './suite/partition.js';
import { registerPredictiveTests } from './suite/predictive.js';
import { registerReadWriteTests } from './suite/readwrite.js';
import { registerTraceTests } from './suite/trace.js';
import { registerWarmTests } from './suite/warm.js';

export type { CreateImpl } from './suite/kit.js';
/** What each test protects (heavy: lock safety, data loss, wrong values; light: tuning); the grader reads it from the kit, not from a run. */
export { weights } from './suite/weights.js';

/** Options of {@link registerExercise1Suite}. */
export interface Exercise1SuiteOptions {
  /** `embedded` (virtual time) or `real` (a redis-server the suite starts, wall clock). */
  backend: BackendKind;
}

/** Registers the hidden tests of exercise 1 for the implementation `createImpl` returns. */
export function registerExercise1Suite(createImpl: CreateImpl, options: Exercise1SuiteOptions): void {
  describe(`exercise 1 hidden suite (${options.backend})`, () => {
    const ctx = suiteContext(createImpl, options.backend);
    // Pure functions and the whole-trace check do not depend on the backend: registered once.
    if (options.backend === 'embedded') {
      describe('normalizeKey', () => registerKeyTests(ctx));
      describe('partitionOf', () => registerPartitionTests(ctx));
      describe('value codec', () => registerCodecTests(ctx));
    }
    describe('read and write', () => registerReadWriteTests(ctx));
    describe('warmCache', () => registerWarmTests(ctx));
    describe('implementPredictiveCaching', () => registerPredictiveTests(ctx));
    describe('optimizeEvictionPolicy', () => registerEvictionTests(ctx));
    if (options.backend === 'embedded') describe('a new trace', () => registerTraceTests(ctx));
  });
}
