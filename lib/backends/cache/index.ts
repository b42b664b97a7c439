/**
 * Chooses the cache backend: the `backend` option, else CACHELAB_BACKEND, else `real` when
 * CACHE_URL is set, else the embedded cache (no Docker needed, deterministic figures).
 */
import { backendFromEnv, cacheUrl, ConfigError, type Env } from '../../config.js';
import type { BackendKind } from '../types.js';
import { CacheConfigError } from './errors.js';

export { createEmbeddedCacheServer, type EmbeddedCacheOptions, type EmbeddedCacheServer } from './embedded.js';
export { createRealCacheServer, DEFAULT_CACHE_URL, type RealCacheOptions, type RealCacheServer } from './real.js';
export type { InstrumentedCacheServer, NetworkCounters } from './traffic.js';

const KINDS: readonly BackendKind[] = ['embedded', 'real'];

/** The backend `options` and the environment select; throws a CacheConfigError for a bad CACHELAB_BACKEND. */
export function selectBackend(options: { backend?: BackendKind } = {}, env: Env = process.env): BackendKind {
  if (options.backend !== undefined) {
    if (!KINDS.includes(options.backend))
      throw new CacheConfigError(`Cache option backend='${String(options.backend)}' is not a backend. Use 'embedded' or 'real'.`);
    return options.backend;
  }
  let fromEnv: BackendKind | undefined;
  try {
    fromEnv = backendFromEnv(env);
  } catch (error) {
    throw error instanceof ConfigError ? new CacheConfigError(error.message, { cause: error }) : error;
  }
  return fromEnv ?? (cacheUrl(env).given ? 'real' : 'embedded');
}
