/**
 * Exercise 3's hidden suite, written as a contract: `registerExercise3Suite(createImpl, options)`
 * registers the same tests for whatever implementation `createImpl` returns (the reference
 * solution under `npm run verify`, a submission under the grader) on the backend asked for.
 * It covers what the visible suite leaves out: threshold edges and hysteresis, bad options and
 * input, hashtag keys, replica count and TTL, writes from instances that do or do not know a key
 * is hot, a hot set that moves, concurrency, nodes going down, and a flood of one-off keys.
 */
import { describe } from 'vitest';
import type { BackendKind } from '../../../lib/backends/types.js';
import type { ClusterKind, HotKeyCluster } from '../../../lib/exercises/exercise-3-hot-keys/cluster.js';
import { registerDetectorTests } from './suite/detector.js';
import { registerFaultTests } from './suite/faults.js';
import { suiteContext, type CreateImpl } from './suite/kit.js';
import { registerMemoryTests } from './suite/memory.js';
import { registerMovingTests } from './suite/moving.js';
import { registerShardingTests } from './suite/sharding.js';
import { registerThresholdTests } from './suite/thresholds.js';

export type { CreateImpl } from './suite/kit.js';

/** Options of {@link registerExercise3Suite}. */
export interface Exercise3SuiteOptions {
  /** `embedded` (6 in-process nodes on virtual time) or `real` (6 redis-server processes, wall clock). */
  backend: BackendKind;
  /**
   * Real only: `router` (the default: 6 standalone servers behind the kit's client-side router)
   * or `redis-cluster` (a real Redis Cluster, 3 masters with a replica each; the tests that count
   * nodes count its masters).
   */
  cluster?: ClusterKind;
  /** Real only: the cluster to run on, which the caller opened and closes (default: one the suite starts and stops). */
  open?: () => Promise<HotKeyCluster>;
}

/** Registers the hidden tests of exercise 3 for the implementation `createImpl` returns. */
export function registerExercise3Suite(createImpl: CreateImpl, options: Exercise3SuiteOptions): void {
  const cluster = options.cluster ?? 'router';
  describe(`exercise 3 hidden suite (${options.backend}${cluster === 'router' ? '' : `, ${cluster}`})`, () => {
    const ctx = suiteContext(createImpl, options.backend, cluster, options.open);
    describe('HotKeyDetector', () => registerDetectorTests(ctx));
    describe('thresholds and input', () => registerThresholdTests(ctx));
    describe('sharding', () => registerShardingTests(ctx));
    describe('a moving hot set', () => registerMovingTests(ctx));
    describe('nodes going down', () => registerFaultTests(ctx));
    describe('memory and metrics', () => registerMemoryTests(ctx));
  });
}
