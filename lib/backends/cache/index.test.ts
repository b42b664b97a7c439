import { describe, expect, it } from 'vitest';
import { CacheConfigError } from './errors.js';
import { createEmbeddedCacheServer, createRealCacheServer, selectBackend } from './index.js';

describe('cache backend selection', () => {
  it('uses the option first, then CACHELAB_BACKEND, then CACHE_URL, else embedded', () => {
    expect(selectBackend({ backend: 'embedded' }, { CACHELAB_BACKEND: 'real' })).toBe('embedded');
    expect(selectBackend({}, { CACHELAB_BACKEND: ' Real ' })).toBe('real');
    expect(selectBackend({}, { CACHELAB_BACKEND: 'embedded', CACHE_URL: 'redis://x' })).toBe('embedded');
    expect(selectBackend({}, { CACHE_URL: 'redis://127.0.0.1:6379' })).toBe('real');
    expect(selectBackend({}, {})).toBe('embedded');
  });

  it('names CACHELAB_BACKEND, the bad value and the choices', () => {
    expect(() => selectBackend({}, { CACHELAB_BACKEND: 'redis' })).toThrow(CacheConfigError);
    expect(() => selectBackend({}, { CACHELAB_BACKEND: 'redis' })).toThrow(
      'CACHELAB_BACKEND="redis" is not a backend. Set it to "embedded" (default, no services needed) or "real" (uses CACHE_URL), or unset it.',
    );
    expect(() => selectBackend({ backend: 'docker' as never }, {})).toThrow(/backend='docker'/);
  });

  it('creates either kind of server through the module', async () => {
    const embedded = createEmbeddedCacheServer({ maxmemory: '1mb' });
    expect(embedded.kind).toBe('embedded');
    await embedded.close();
    const real = await createRealCacheServer('redis://127.0.0.1:6379');
    expect(real.kind).toBe('real');
    const client = real.createClient();
    expect(await client.ping()).toBe('PONG');
    await real.close();
  });
});
