/**
 * Which backends a hidden suite registers for. `npm run verify` leaves CACHELAB_BACKEND unset and
 * runs both; the grader sets it so an embedded grade stays deterministic (no wall-clock tests) and
 * parallel submissions never share a real server's keys.
 */
import type { BackendKind } from '../../lib/backends/types.js';
import { backendFromEnv, type Env } from '../../lib/config.js';

/** The backends to run hidden suites on, from CACHELAB_BACKEND (unset: both). */
export function suiteBackends(env: Env = process.env): BackendKind[] {
  const value = backendFromEnv(env, { blank: 'trim', anyCase: false, fix: 'Use "embedded" or "real", or leave it unset for both.' });
  return value ? [value] : ['embedded', 'real'];
}
