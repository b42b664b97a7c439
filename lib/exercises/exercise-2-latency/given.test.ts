/** The given parts of exercise 2: options, typed errors, the connection pool, the codec meter, the backends. */
import { describe, expect, test } from 'vitest';
import type { CacheClient } from '../../backends/types.js';
import { runDeterministic } from '../../sim/deterministic.js';
import { embeddedBackend, realBackend } from './backends.js';
import { CorruptValueError, InvalidValueError, PoolExhaustedError } from './errors.js';
import { CODEC_PRICES, CodecMeter } from './meter.js';
import { assertKeys, assertValue, LATENCY_DEFAULTS, resolveLatencyOptions, resolveLocalTierOptions } from './options.js';
import { ConnectionPool } from './pool.js';
import { thrownCode as failure } from '../errors.js';
import type { LatencyOptimizerApi } from './types.js';

/** A stand-in connection: the pool only looks at `status` and calls `disconnect()`. */
function fakeClient(): CacheClient {
  const c = { status: 'ready', disconnect: () => void (c.status = 'end') };
  return c as unknown as CacheClient;
}

describe('options and errors', () => {
  test('defaults are filled in; a bad or unknown option is refused naming it and what it must be', () => {
    expect(resolveLatencyOptions()).toEqual(LATENCY_DEFAULTS);
    expect(resolveLatencyOptions({ connections: 2 }).connections).toBe(2);
    expect(failure(() => resolveLatencyOptions({ connections: 0 }))).toBe(
      'E_INVALID_OPTION: LatencyOptimizer: options.connections must be an integer ≥ 1 (e.g. 4), got 0.',
    );
    expect(failure(() => resolveLatencyOptions({ localTtl: 5 } as never))).toMatch(
      /^E_INVALID_OPTION: LatencyOptimizer: options\.localTtl must be left out: it is not an option \(known: connections, /,
    );
    expect(failure(() => resolveLatencyOptions({ channel: '' }))).toMatch(/options\.channel must be a non-empty string/);
    expect(failure(() => resolveLocalTierOptions({ maxBytes: 10, maxEntries: 1 } as never))).toBe(
      'E_INVALID_OPTION: LocalTier: options.ttlMs must be an integer ≥ 0 (e.g. 5000), got undefined.',
    );
  });

  test('keys, batches and values are checked with typed errors', () => {
    expect(failure(() => assertKeys(['a', '']))).toMatch(/^E_INVALID_KEY: cache keys must be non-empty strings, got ""/);
    expect(failure(() => assertKeys('a'))).toMatch(/^E_INVALID_KEY/);
    expect(failure(() => assertKeys([]))).toBe('no error');
    expect(failure(() => assertValue('k', undefined))).toMatch(/^E_INVALID_VALUE: the value for "k" is undefined, which cannot be cached/);
  });

  test('errors keep their cause and name the fix', () => {
    const cause = new Error('bad header');
    expect(new CorruptValueError('its checksum does not match', 'user:1', cause)).toMatchObject({ code: 'E_CORRUPT_VALUE', key: 'user:1', cause });
    expect(new InvalidValueError(() => 1, 'k', cause).message).toMatch(/a function, which cannot be cached \(bad header\)/);
    expect(new PoolExhaustedError(8, 1000).message).toMatch(/all 8 connections .* 1000 ms\. Release connections after use/);
  });
});

describe('ConnectionPool', () => {
  test('lends up to max, reuses released connections, and makes the next caller wait', () =>
    runDeterministic('pool', async (clock) => {
      const opened: CacheClient[] = [];
      const pool = new ConnectionPool(() => (opened.push(fakeClient()), opened.at(-1)!), { max: 2, acquireTimeoutMs: 1_000 });
      const a = await pool.acquire();
      const b = await pool.acquire();
      expect(pool.stats).toMatchObject({ open: 2, inUse: 2, idle: 0, opened: 2, peakInUse: 2 });
      const third = pool.acquire();
      await clock.sleep(100);
      expect(pool.stats.waiting).toBe(1);
      pool.release(a);
      expect(await third, 'the waiter gets the released connection').toBe(a);
      pool.release(b);
      expect(await pool.acquire(), 'an idle connection is reused').toBe(b);
      expect(pool.stats.opened).toBe(2);
    }));

  test('a caller that waits longer than acquireTimeoutMs gets E_POOL_EXHAUSTED', () =>
    runDeterministic('pool-timeout', async (clock) => {
      const pool = new ConnectionPool(fakeClient, { max: 1, acquireTimeoutMs: 300 });
      await pool.acquire();
      const started = clock.now();
      const error = await pool.acquire().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'E_POOL_EXHAUSTED', max: 1 });
      expect(clock.now() - started).toBe(300);
      expect(pool.stats).toMatchObject({ timeouts: 1, waiting: 0 });
    }));

  test('destroy closes a connection and frees its place; a closed idle connection is never lent', () =>
    runDeterministic('pool-destroy', async () => {
      const pool = new ConnectionPool(fakeClient, { max: 1 });
      const a = await pool.acquire();
      const waiting = pool.acquire();
      pool.destroy(a);
      const b = await waiting;
      expect(a.status, 'destroyed').toBe('end');
      expect(b).not.toBe(a);
      pool.release(b);
      b.disconnect(); // dies while idle
      const c = await pool.acquire();
      expect(c).not.toBe(b);
      expect(pool.stats).toMatchObject({ opened: 3, destroyed: 2, open: 1 });
    }));

  test('misuse and a closed pool get typed errors', () =>
    runDeterministic('pool-misuse', async () => {
      const pool = new ConnectionPool(fakeClient, { max: 1 });
      const a = await pool.acquire();
      pool.release(a);
      expect(failure(() => pool.release(a))).toMatch(/^E_POOL_MISUSE: connection pool: a connection was released twice/);
      expect(failure(() => pool.release(fakeClient()))).toMatch(/^E_POOL_MISUSE: .*did not lend/);
      await pool.acquire();
      const waiting = pool.acquire().catch((e: unknown) => e);
      await pool.close();
      expect(await waiting).toMatchObject({ code: 'E_POOL_CLOSED' });
      await expect(pool.acquire()).rejects.toMatchObject({ code: 'E_POOL_CLOSED' });
      expect(failure(() => new ConnectionPool(fakeClient, { max: 0 }))).toMatch(/options\.max must be an integer ≥ 1/);
    }));
});

describe('CodecMeter', () => {
  const codec = (): LatencyOptimizerApi<string> =>
    ({
      optimizeSerialization: (v: string) => Buffer.from(v),
      deserialize: (b: Uint8Array) => Buffer.from(b).toString(),
      implementCompression: (b: Uint8Array) => (b.length > 100 ? Buffer.alloc(b.length / 4) : Buffer.from(b)),
      decompress: (b: Uint8Array) => Buffer.alloc(b.length * 4),
    }) as unknown as LatencyOptimizerApi<string>;

  test('prices each call by the bytes it handles, and charges it to the request that made it', async () => {
    const meter = new CodecMeter();
    const opt = meter.instrument(codec());
    const kib = 'x'.repeat(1024);
    const [a, b] = await Promise.all([
      meter.measure(async () => opt.optimizeSerialization(kib)),
      meter.measure(async () => {
        await new Promise((r) => setTimeout(r, 1));
        opt.deserialize(Buffer.alloc(2048));
        opt.implementCompression(Buffer.alloc(4096)); // shrinks: compress price
        opt.implementCompression(Buffer.alloc(10)); // kept as it is: free
        opt.decompress(Buffer.alloc(1024)); // inflates 1 KiB to 4 KiB
      }),
    ]);
    const p = CODEC_PRICES;
    expect(a.codecMs).toBeCloseTo(p.serializeMsPerKiB, 10);
    expect(b.codecMs).toBeCloseTo(2 * p.deserializeMsPerKiB + (p.zlibCallMs + 4 * p.compressMsPerKiB) + (p.zlibCallMs + 4 * p.decompressMsPerKiB), 10);
    expect(meter.calls).toEqual({ optimizeSerialization: 1, deserialize: 1, implementCompression: 2, decompress: 1 });
    opt.optimizeSerialization(kib); // outside any request: counted, not charged
    expect(meter.calls.optimizeSerialization).toBe(2);
    expect(meter.chargedMs).toBeCloseTo(a.codecMs + b.codecMs, 10);
  });
});

describe('backends', () => {
  test('the embedded backend runs once, and its connections exist only inside run()', async () => {
    const backend = embeddedBackend();
    expect(() => backend.client()).toThrow(/inside backend\.run\(\)/);
    await backend.run(async () => {
      await backend.client().set('k', 'v');
      expect(backend.network().roundTrips).toBe(1);
    });
    await expect(backend.run(async () => 1)).rejects.toThrow(/run\(\) may be called once/);
    await backend.close();
  });

  test('a real backend that does not answer fails fast with E_CACHE_UNREACHABLE, naming CACHE_URL', async () => {
    // 6429: in this kit's private range for exercise 2, kept free.
    await expect(realBackend('redis://127.0.0.1:6429')).rejects.toMatchObject({
      code: 'E_CACHE_UNREACHABLE',
      message: expect.stringMatching(/127\.0\.0\.1:6429/),
    });
  });
});
