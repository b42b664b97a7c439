/**
 * Runs exercise 5's hidden suite against the target (solutions/ under `npm run verify`, the
 * submission's workspace under the grader): the imports below land in exercises/ and the target
 * plugin redirects them. Synthetic servers on virtual time always; a private redis-server
 * (CACHELAB_EX5_PORTS, default 6440-6449) for the real tests — they fail with a clear message
 * when redis-server is not installed.
 */
import { AlertRule } from '../../../exercises/exercise-5-monitor/alert-rule.js';
import { parseInfo } from '../../../exercises/exercise-5-monitor/info-parser.js';
import { CachePerformanceMonitor } from '../../../exercises/exercise-5-monitor/monitor.js';
import type { Exercise5Module } from '../../../lib/exercises/exercise-5-monitor/types.js';
import { suiteBackends } from '../../src/suite-backends.js';
import { registerExercise5Suite } from './suite.js';

const impl: Exercise5Module = { CachePerformanceMonitor, AlertRule, parseInfo };

for (const backend of suiteBackends()) registerExercise5Suite(() => impl, { backend });
