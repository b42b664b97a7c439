/** The "backend unreachable" family: one base class, its members' codes, and the fixes their messages name. */
import { describe, expect, it } from 'vitest';
import { BackendUnreachableError, CacheUnreachableError, DatabaseUnreachableError } from './errors.js';
import { CacheUnreachableError as FromCache } from './cache/errors.js';
import { DatabaseUnreachableError as FromSource } from './source/errors.js';

describe('backend unreachable', () => {
  it('the cache and the database: subclasses with their codes, addresses and default fixes', () => {
    const cache = new CacheUnreachableError('redis://127.0.0.1:1', 'ECONNREFUSED');
    expect(cache).toBeInstanceOf(BackendUnreachableError);
    expect(cache).toMatchObject({
      name: 'CacheUnreachableError',
      code: 'E_CACHE_UNREACHABLE',
      backend: 'cache',
      address: 'redis://127.0.0.1:1',
      url: 'redis://127.0.0.1:1',
    });
    expect(cache.message).toBe(
      'Cannot reach Redis/Valkey at CACHE_URL=redis://127.0.0.1:1 (ECONNREFUSED). Start it with `npm run services` or `docker compose up -d`, or unset CACHE_URL to use the embedded cache.',
    );
    const database = new DatabaseUnreachableError('mysql://root@127.0.0.1:1/cachelab', 'ECONNREFUSED', { cause: new Error('x') });
    expect(database).toBeInstanceOf(BackendUnreachableError);
    expect(database).toMatchObject({ code: 'E_DATABASE_UNREACHABLE', backend: 'database', address: 'mysql://root@127.0.0.1:1/cachelab' });
    expect(database.message).toBe(
      'Cannot reach MySQL/MariaDB at DATABASE_URL=mysql://root@127.0.0.1:1/cachelab (ECONNREFUSED). Start it with `npm run services` or `docker compose up -d`, or unset DATABASE_URL to use the embedded store.',
    );
    expect(database.cause).toBeInstanceOf(Error);
  });

  it('a caller can name its own fix', () => {
    const lab = new CacheUnreachableError('redis://h:1', 'ECONNREFUSED', { fix: 'Run with --backend embedded.' });
    expect(lab.message).toBe('Cannot reach Redis/Valkey at CACHE_URL=redis://h:1 (ECONNREFUSED). Run with --backend embedded.');
  });

  it('is one class each, whatever the module it is imported from', () => {
    expect(FromCache).toBe(CacheUnreachableError);
    expect(FromSource).toBe(DatabaseUnreachableError);
  });

  it('subclasses keep the plain instanceof check', () => {
    const cache = new CacheUnreachableError('redis://h:1', 'ECONNREFUSED');
    expect(cache).not.toBeInstanceOf(DatabaseUnreachableError);
    expect(new Error('x')).not.toBeInstanceOf(BackendUnreachableError);
    expect({ backend: 'cache' }).not.toBeInstanceOf(BackendUnreachableError);
  });
});
