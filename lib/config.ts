/**
 * The kit's configuration: the one place that reads CACHELAB_BACKEND, CACHE_URL, DATABASE_URL,
 * CACHE_CLUSTER_URLS and CACHE_CLUSTER_KIND, and holds their defaults (docs/backends.md,
 * "Configuration"). Every getter takes the environment to read (default `process.env`), so a test
 * passes its own; a bad value is a {@link ConfigError} naming the variable, the value and the fix.
 *
 * The readers do not all treat an empty value alike, and the getters keep each one's behaviour
 * (tests and calibrations depend on it): see {@link Blank}. URLs are returned as given; each
 * backend parses its own (lib/backends/cache/real.ts, lib/backends/source/database-url.ts).
 */
import type { BackendKind } from './backends/types.js';

/** CACHE_URL when it is unset: the Redis that `npm run services` and docker-compose.yml start. */
export const DEFAULT_CACHE_URL = 'redis://127.0.0.1:6379';

/** DATABASE_URL when it is unset: root with an empty password on 127.0.0.1:3306 (as docker-compose.yml). */
export const DEFAULT_DATABASE_URL = 'mysql://root@127.0.0.1:3306/cachelab';

/** The environment a getter reads. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * How a getter treats a variable that is set but empty:
 * - `value` (the default): only an unset variable takes the default; an empty value is used as
 *   given (and fails where it is parsed);
 * - `unset`: the empty string counts as unset (`VAR= npm run …`); a value of blanks does not;
 * - `trim`: surrounding blanks are dropped, and a blank value counts as unset.
 */
export type Blank = 'value' | 'unset' | 'trim';

/** Thrown for a configuration variable with a value the kit cannot use. */
export class ConfigError extends RangeError {
  readonly code = 'E_CONFIG';
  constructor(
    readonly variable: string,
    readonly value: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** A URL setting: the value to use and where it came from. */
export interface UrlSetting {
  /** The variable's value, or the default. */
  readonly value: string;
  /** Whether the variable holds a non-empty value (after trimming, with `blank: 'trim'`). */
  readonly given: boolean;
  /** How messages name the source: `CACHE_URL`, or `CACHE_URL (default)` when it is unset or empty. */
  readonly label: string;
}

function urlSetting(env: Env, variable: string, fallback: string, blank: Blank): UrlSetting {
  const raw = blank === 'trim' ? env[variable]?.trim() : env[variable];
  const given = Boolean(raw);
  return { value: blank === 'value' ? (raw ?? fallback) : raw || fallback, given, label: given ? variable : `${variable} (default)` };
}

/** CACHE_URL, else {@link DEFAULT_CACHE_URL}: where the real cache (Redis or Valkey) is. */
export function cacheUrl(env: Env = process.env, options: { blank?: Blank } = {}): UrlSetting {
  return urlSetting(env, 'CACHE_URL', DEFAULT_CACHE_URL, options.blank ?? 'value');
}

/** DATABASE_URL, else {@link DEFAULT_DATABASE_URL}: where the real database (MySQL or MariaDB) is. */
export function databaseUrl(env: Env = process.env, options: { blank?: Blank } = {}): UrlSetting {
  return urlSetting(env, 'DATABASE_URL', DEFAULT_DATABASE_URL, options.blank ?? 'value');
}

/** Options of {@link backendFromEnv}. */
export interface BackendVariableOptions {
  /** `unset` (the default): only the empty string counts as unset, so a value of blanks is an error; `trim`: blanks count as unset too. */
  blank?: 'unset' | 'trim';
  /** Whether `Real` or `EMBEDDED` name a backend too (default true). */
  anyCase?: boolean;
  /** What the error tells the user to do. */
  fix?: string;
}

const BACKENDS: readonly BackendKind[] = ['embedded', 'real'];

/**
 * CACHELAB_BACKEND: `embedded` or `real` (surrounding blanks ignored), or undefined when it is
 * unset; throws a {@link ConfigError} for anything else.
 */
export function backendFromEnv(env: Env = process.env, options: BackendVariableOptions = {}): BackendKind | undefined {
  const raw = env.CACHELAB_BACKEND;
  if (raw === undefined || raw === '' || (options.blank === 'trim' && raw.trim() === '')) return undefined;
  const value = options.anyCase === false ? raw.trim() : raw.trim().toLowerCase();
  if (BACKENDS.includes(value as BackendKind)) return value as BackendKind;
  const fix = options.fix ?? 'Set it to "embedded" (default, no services needed) or "real" (uses CACHE_URL), or unset it.';
  throw new ConfigError('CACHELAB_BACKEND', raw, `CACHELAB_BACKEND=${JSON.stringify(raw)} is not a backend. ${fix}`);
}

/** CACHE_CLUSTER_URLS: the node URLs of a real cluster (comma-separated, blanks dropped), or undefined when it is unset or blank. */
export function clusterUrlsFromEnv(env: Env = process.env): string[] | undefined {
  const value = env.CACHE_CLUSTER_URLS?.trim();
  return value
    ? value
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean)
    : undefined;
}

/** What a real exercise 3 cluster is: the kit's client-side router, or a real Redis Cluster. */
export type ClusterKind = 'router' | 'redis-cluster';

/** CACHE_CLUSTER_KIND: `router` (also when unset or blank) or `redis-cluster`; throws a {@link ConfigError} for anything else. */
export function clusterKindFromEnv(env: Env = process.env): ClusterKind {
  const value = env.CACHE_CLUSTER_KIND?.trim();
  if (!value || value === 'router') return 'router';
  if (value === 'redis-cluster') return value;
  throw new ConfigError(
    'CACHE_CLUSTER_KIND',
    value,
    `CACHE_CLUSTER_KIND=${value} is not a cluster kind: use "router" (standalone servers behind the kit's router, the default) or "redis-cluster".`,
  );
}
