/**
 * Runs exercise 1's hidden suite against the target (solutions/ under `npm run verify`, the
 * submission's workspace under the grader): the imports below land in exercises/ and the target
 * plugin redirects them. Embedded backend always; real Redis on a redis-server the suite starts
 * on a loopback port (6411–6415, or CACHELAB_EX1_PORTS) — the tests fail with a clear message
 * when none can be started.
 */
import { normalizeKey, partitionOf } from '../../../exercises/exercise-1-hit-ratio/cache-keys.js';
import { CacheHitRatioOptimizer } from '../../../exercises/exercise-1-hit-ratio/optimizer.js';
import { decodeValue, encodeValue } from '../../../exercises/exercise-1-hit-ratio/value-codec.js';
import type { Exercise1Module } from '../../../lib/exercises/exercise-1-hit-ratio/types.js';
import { suiteBackends } from '../../src/suite-backends.js';
import { registerExercise1Suite } from './suite.js';

const impl: Exercise1Module = { CacheHitRatioOptimizer, normalizeKey, partitionOf, encodeValue, decodeValue };

for (const backend of suiteBackends()) registerExercise1Suite(() => impl, { backend });
