/**
 * Exercise 5's hidden suite, written as a contract: `registerExercise5Suite(createImpl, options)`
 * registers the same tests for whatever implementation `createImpl` returns (the reference
 * solution under `npm run verify`, a submission under the grader). It covers what the visible
 * suite leaves out: INFO from Redis 6, 7 and Valkey 8, servers that are down or slow, counters
 * that reset, no reads (no NaN), thresholds in a bad shape, missing data, a monitor left running
 * for days, the Prometheus format, the recommendation rules, and a real redis-server.
 */
import { describe } from 'vitest';
import type { BackendKind } from '../../lib/backends/types.js';
import { registerAlertingTests } from './exercise-5/alerting.js';
import { registerAnalysisTests } from './exercise-5/analysis.js';
import { registerCollectTests } from './exercise-5/collect.js';
import { registerInfoTests } from './exercise-5/info.js';
import { suiteContext, type CreateImpl } from './exercise-5/kit.js';
import { registerLongRunTests } from './exercise-5/long-run.js';
import { registerPrometheusTests } from './exercise-5/prometheus.js';
import { registerRealTests } from './exercise-5/real.js';

export type { CreateImpl } from './exercise-5/kit.js';
/** What each test protects (heavy: lock safety, data loss, wrong values; light: tuning); the grader reads it from the kit, not from a run. */
export { weights } from './exercise-5/weights.js';

/** Options of {@link registerExercise5Suite}. */
export interface Exercise5SuiteOptions {
  /** `embedded`: synthetic servers on virtual time; `real`: a redis-server of the suite's own. */
  backend: BackendKind;
}

/** Registers the hidden tests of exercise 5 for the implementation `createImpl` returns. */
export function registerExercise5Suite(createImpl: CreateImpl, options: Exercise5SuiteOptions): void {
  describe(`exercise 5 hidden suite (${options.backend})`, () => {
    const ctx = suiteContext(createImpl);
    if (options.backend === 'real') {
      describe('real redis-server', () => registerRealTests(ctx));
      return;
    }
    describe('parseInfo', () => registerInfoTests(ctx));
    describe('collectMetrics', () => registerCollectTests(ctx));
    describe('alerting', () => registerAlertingTests(ctx));
    describe('analysis and recommendations', () => registerAnalysisTests(ctx));
    describe('exportPrometheus', () => registerPrometheusTests(ctx));
    describe('long run', () => registerLongRunTests(ctx));
  });
}
