/**
 * Runs exercise 4's hidden suite against the target (solutions/ under `npm run verify`, the
 * submission's workspace under the grader): the imports below land in exercises/ and the target
 * plugin redirects them. Embedded backend and real Redis at CACHE_URL (default 127.0.0.1:6379,
 * which must be up: the tests fail with a clear message when it is not), or only the backend
 * CACHELAB_BACKEND names (the grader sets it).
 */
import { CacheStampedePrevention } from '../../../exercises/exercise-4-stampede/stampede.js';
import { LockManager } from '../../../exercises/exercise-4-stampede/lock-manager.js';
import { CircuitBreaker } from '../../../exercises/exercise-4-stampede/circuit-breaker.js';
import type { Exercise4Module } from '../../../lib/exercises/exercise-4-stampede/types.js';
import { registerExercise4Suite } from './suite.js';
import { suiteBackends } from '../../src/suite-backends.js';

const impl: Exercise4Module = { CacheStampedePrevention, LockManager, CircuitBreaker };

for (const backend of suiteBackends()) registerExercise4Suite(() => impl, { backend });
