/** lib/config.ts: the defaults, how each blank mode reads an empty value, and the errors. */
import { describe, expect, it } from 'vitest';
import {
  backendFromEnv,
  cacheUrl,
  clusterKindFromEnv,
  clusterUrlsFromEnv,
  ConfigError,
  databaseUrl,
  DEFAULT_CACHE_URL,
  DEFAULT_DATABASE_URL,
} from './config.js';

describe('CACHE_URL and DATABASE_URL', () => {
  it('default to the servers npm run services starts', () => {
    expect(DEFAULT_CACHE_URL).toBe('redis://127.0.0.1:6379');
    expect(DEFAULT_DATABASE_URL).toBe('mysql://root@127.0.0.1:3306/cachelab');
    expect(cacheUrl({})).toEqual({ value: DEFAULT_CACHE_URL, given: false, label: 'CACHE_URL (default)' });
    expect(databaseUrl({})).toEqual({ value: DEFAULT_DATABASE_URL, given: false, label: 'DATABASE_URL (default)' });
  });

  it('take the variable when it is set', () => {
    expect(cacheUrl({ CACHE_URL: 'redis://h:1' })).toEqual({ value: 'redis://h:1', given: true, label: 'CACHE_URL' });
    expect(databaseUrl({ DATABASE_URL: 'mysql://u@h/d' })).toEqual({ value: 'mysql://u@h/d', given: true, label: 'DATABASE_URL' });
  });

  it('read an empty or blank value as each mode says', () => {
    expect(cacheUrl({ CACHE_URL: '' })).toEqual({ value: '', given: false, label: 'CACHE_URL (default)' });
    expect(cacheUrl({ CACHE_URL: ' ' })).toEqual({ value: ' ', given: true, label: 'CACHE_URL' });
    expect(databaseUrl({ DATABASE_URL: '' }, { blank: 'unset' }).value).toBe(DEFAULT_DATABASE_URL);
    expect(databaseUrl({ DATABASE_URL: ' ' }, { blank: 'unset' }).value).toBe(' ');
    expect(cacheUrl({ CACHE_URL: '  ' }, { blank: 'trim' })).toEqual({ value: DEFAULT_CACHE_URL, given: false, label: 'CACHE_URL (default)' });
    expect(cacheUrl({ CACHE_URL: ' redis://h:1 ' }, { blank: 'trim' }).value).toBe('redis://h:1');
  });
});

describe('CACHELAB_BACKEND', () => {
  it('is embedded or real in any case, or unset', () => {
    expect(backendFromEnv({})).toBeUndefined();
    expect(backendFromEnv({ CACHELAB_BACKEND: '' })).toBeUndefined();
    expect(backendFromEnv({ CACHELAB_BACKEND: ' Real ' })).toBe('real');
    expect(backendFromEnv({ CACHELAB_BACKEND: 'embedded' })).toBe('embedded');
    expect(backendFromEnv({ CACHELAB_BACKEND: '  ' }, { blank: 'trim' })).toBeUndefined();
  });

  it('names the variable, the value and the fix', () => {
    expect(() => backendFromEnv({ CACHELAB_BACKEND: 'redis' })).toThrow(
      'CACHELAB_BACKEND="redis" is not a backend. Set it to "embedded" (default, no services needed) or "real" (uses CACHE_URL), or unset it.',
    );
    expect(() => backendFromEnv({ CACHELAB_BACKEND: '  ' })).toThrow(ConfigError);
    expect(() => backendFromEnv({ CACHELAB_BACKEND: 'Real' }, { anyCase: false, fix: 'Use "real".' })).toThrow(
      'CACHELAB_BACKEND="Real" is not a backend. Use "real".',
    );
    const error = (() => {
      try {
        backendFromEnv({ CACHELAB_BACKEND: 'x' });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error).toMatchObject({ code: 'E_CONFIG', variable: 'CACHELAB_BACKEND', value: 'x' });
  });
});

describe('the cluster variables', () => {
  it('CACHE_CLUSTER_URLS: comma-separated, blanks dropped; unset or blank is undefined', () => {
    expect(clusterUrlsFromEnv({})).toBeUndefined();
    expect(clusterUrlsFromEnv({ CACHE_CLUSTER_URLS: '  ' })).toBeUndefined();
    expect(clusterUrlsFromEnv({ CACHE_CLUSTER_URLS: ' redis://a:1, ,redis://b:2 ' })).toEqual(['redis://a:1', 'redis://b:2']);
  });

  it('CACHE_CLUSTER_KIND: router by default, or redis-cluster', () => {
    expect(clusterKindFromEnv({})).toBe('router');
    expect(clusterKindFromEnv({ CACHE_CLUSTER_KIND: ' ' })).toBe('router');
    expect(clusterKindFromEnv({ CACHE_CLUSTER_KIND: 'redis-cluster' })).toBe('redis-cluster');
    expect(() => clusterKindFromEnv({ CACHE_CLUSTER_KIND: 'redis-sentinel' })).toThrow(
      /^CACHE_CLUSTER_KIND=redis-sentinel is not a cluster kind: use "router" .* or "redis-cluster"\.$/,
    );
  });
});
