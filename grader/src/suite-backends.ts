/**
 * Which backends a hidden suite registers for. `npm run verify` leaves CACHELAB_BACKEND unset and
 * runs both; the grader sets it so an embedded grade stays deterministic (no wall-clock tests) and
 * parallel submissions never share a real server's keys.
 */
import type { BackendKind } from '../../lib/backends/types.js';

/** The backends to run hidden suites on, from CACHELAB_BACKEND (unset: both). */
export function suiteBackends(env: NodeJS.ProcessEnv = process.env): BackendKind[] {
  const value = env.CACHELAB_BACKEND?.trim();
  if (!value) return ['embedded', 'real'];
  if (value === 'embedded' || value === 'real') return [value];
  throw new Error(`CACHELAB_BACKEND=${value} is not a backend: use "embedded" or "real" (or leave it unset for both).`);
}
