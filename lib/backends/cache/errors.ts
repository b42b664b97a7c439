/**
 * Every error the cache backends throw on their own account (Redis's own errors arrive as
 * ioredis `ReplyError`s with Redis's text). Each has a stable `code` and keeps the original
 * error as `cause`.
 */
import { DEFAULT_CACHE_URL } from '../../config.js';

/** Thrown when a cache setting (option or env var) has a value the kit cannot use. */
export class CacheConfigError extends Error {
  readonly code = 'E_CACHE_CONFIG';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CacheConfigError';
  }
}

/** Thrown when a real Redis/Valkey server does not answer (the "backend unreachable" family, lib/backends/errors.ts). */
export { CacheUnreachableError } from '../errors.js';

/** Thrown when code sends the embedded cache a Redis command it does not implement. */
export class EmbeddedUnsupportedError extends Error {
  readonly code = 'E_EMBEDDED_UNSUPPORTED';
  constructor(
    readonly command: string,
    options?: { cause?: unknown },
  ) {
    super(
      `The embedded cache does not implement the Redis command '${command}'. Use another command, or run ` +
        `on a real server (CACHELAB_BACKEND=real, CACHE_URL=${DEFAULT_CACHE_URL}); docs/backends.md lists what is covered.`,
      options,
    );
    this.name = 'EmbeddedUnsupportedError';
  }
}

/** Thrown by the cluster client for a multi-key command whose keys live in different hash slots. */
export class CrossSlotError extends Error {
  readonly code = 'E_CROSSSLOT';
  constructor(
    readonly command: string,
    readonly keys: readonly string[],
  ) {
    super(
      `CROSSSLOT Keys in request don't hash to the same slot (command '${command}', keys ${keys.map((k) => `'${k}'`).join(', ')}). ` +
        'Put a common {hashtag} in the keys, e.g. user:{42}:profile and user:{42}:posts.',
    );
    this.name = 'CrossSlotError';
  }
}

/** Thrown when a local redis-server process cannot be started. */
export class RedisProcessError extends Error {
  readonly code = 'E_REDIS_PROCESS';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RedisProcessError';
  }
}
