/**
 * Runs exercise 2's hidden suite against the target (solutions/ under `npm run verify`, the
 * submission's workspace under the grader): the imports below land in exercises/ and the target
 * plugin redirects them. Embedded backend always; real Redis at CACHE_URL (default
 * 127.0.0.1:6379), which must be up — the tests fail with a clear message when it is not.
 */
import { LatencyOptimizer } from '../../../exercises/exercise-2-latency/latency-optimizer.js';
import { LocalTier } from '../../../exercises/exercise-2-latency/local-tier.js';
import type { Exercise2Module } from '../../../lib/exercises/exercise-2-latency/types.js';
import { suiteBackends } from '../../src/suite-backends.js';
import { registerExercise2Suite } from './suite.js';

const impl: Exercise2Module = { LatencyOptimizer, LocalTier };

for (const backend of suiteBackends()) registerExercise2Suite(() => impl, { backend });
