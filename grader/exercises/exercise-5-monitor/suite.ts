/**
 * Exercise 5's hidden suite, written as a contract: `registerExercise5Suite(createImpl, options)`
 * registers the same tests for whatever implementation `createImpl` returns (the reference
 * solution under `npm run verify`, a submission under the grader). It covers what the visible
 * suite leaves out: INFO from Redis 6, 7 and Valkey 8, servers that are down or slow, counters
 * that reset, no reads (no NaN), thresholds in a bad shape, missing data, a monitor left running
 * for days, the Prometheus format, the recommendation rules, and a real redis-server.
 */
import { describe } from 'vitest';
import type { BackendKind } from '../../../lib/backends/types.js';
import { registerAlertingTests } from './suite/alerting.js';
import { registerAnalysisTests } from './suite/analysis.js';
import { registerCollectTests } from './suite/collect.js';
import { registerInfoTests } from './suite/info.js';
import { suiteContext, type CreateImpl } from './suite/kit.js';
import { registerLongRunTests } from './suite/long-run.js';
import { registerPrometheusTests } from './suite/prometheus.js';
import { registerRealTests } from './suite/real.js';

export type { CreateImpl } from './suite/kit.js';
/** What each test protects (heavy: lock safety, data loss, wrong values; light: tuning); the grader reads it from the kit, not from a run. */
export { weights } from './suite/weights.js';

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
