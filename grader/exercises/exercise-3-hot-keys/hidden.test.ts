/**
 * Runs exercise 3's hidden suite against the target (solutions/ under `npm run verify`, the
 * submission's workspace under the grader): the imports below land in exercises/ and the target
 * plugin redirects them. Embedded cluster always; a real one of 6 redis-server processes on free
 * loopback ports (or CACHE_CLUSTER_URLS), which fails with a clear message when redis-server is
 * missing.
 */
import { HotKeyDetector } from '../../../exercises/exercise-3-hot-keys/hot-key-detector.js';
import { HotKeyMitigator } from '../../../exercises/exercise-3-hot-keys/hot-key-mitigator.js';
import type { Exercise3Module } from '../../../lib/exercises/exercise-3-hot-keys/types.js';
import { suiteBackends } from '../../src/suite-backends.js';
import { registerExercise3Suite } from './suite.js';

const impl: Exercise3Module = { HotKeyMitigator, HotKeyDetector };

for (const backend of suiteBackends()) registerExercise3Suite(() => impl, { backend });
