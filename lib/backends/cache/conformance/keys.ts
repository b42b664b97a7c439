/**
 * Conformance cases on keys and strings (shared scope): SET with every flag in any case, GETEX,
 * GETDEL, MGET/MSET, INCR errors, TTL/PTTL/EXPIRE family, MEMORY USAGE and OBJECT ENCODING of
 * strings (Redis 7 byte counts), hashes.
 */
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance.js';
import { sleep } from '../conformance.js';

/** Registers the key and string cases. */
export function registerKeyCases(ctx: ConformanceContext): void {
  const c = () => ctx.client('shared');
  // The same client without ioredis's typings, which only allow upper-case flags (Redis takes any case).
  const r = () => ctx.client('shared') as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const k = (name: string) => ctx.key(name);

  describe('SET flags (ioredis-mock ignores lower-case ones)', () => {
    it('honours nx/xx/px in lower, upper and mixed case', async () => {
      expect(await r().set!(k('s1'), 'a', 'nx', 'px', 10_000)).toBe('OK');
      expect(await r().set!(k('s1'), 'b', 'nx')).toBeNull();
      expect(await r().set!(k('s1'), 'c', 'Nx')).toBeNull();
      expect(await c().get(k('s1'))).toBe('a');
      expect(await c().pttl(k('s1'))).toBeGreaterThan(9_000);
      expect(await r().set!(k('s1-missing'), 'x', 'xx')).toBeNull();
      expect(await r().set!(k('s1'), 'd', 'XX', 'ex', 100)).toBe('OK');
      expect(await c().ttl(k('s1'))).toBe(100);
    });

    it('supports GET, KEEPTTL, EXAT and PXAT', async () => {
      await r().set!(k('s2'), 'old', 'EX', 50);
      expect(await r().set!(k('s2'), 'new', 'get', 'keepttl')).toBe('old');
      expect(await c().ttl(k('s2'))).toBe(50);
      expect(await r().set!(k('s2'), 'newer')).toBe('OK');
      expect(await c().ttl(k('s2'))).toBe(-1); // plain SET clears the TTL
      expect(await r().set!(k('s3'), 'v', 'GET', 'NX')).toBeNull();
      expect(await r().set!(k('s3'), 'w', 'get', 'nx')).toBe('v');
      const at = Math.floor(Date.now() / 1000) + 30;
      await r().set!(k('s4'), 'v', 'exat', at);
      expect(await c().ttl(k('s4'))).toBeGreaterThanOrEqual(28);
      await r().set!(k('s4'), 'v', 'pxat', Date.now() + 20_000);
      expect(await c().pttl(k('s4'))).toBeGreaterThan(18_000);
    });

    it('answers invalid combinations with Redis errors', async () => {
      await expect(r().set!(k('s5'), 'v', 'nx', 'xx')).rejects.toThrow('ERR syntax error');
      await expect(r().set!(k('s5'), 'v', 'ex', 10, 'px', 100)).rejects.toThrow('ERR syntax error');
      await expect(r().set!(k('s5'), 'v', 'keepttl', 'ex', 10)).rejects.toThrow('ERR syntax error');
      await expect(r().set!(k('s5'), 'v', 'ex', 0)).rejects.toThrow("ERR invalid expire time in 'set' command");
      await expect(r().set!(k('s5'), 'v', 'px', -5)).rejects.toThrow("ERR invalid expire time in 'set' command");
      await expect(r().set!(k('s5'), 'v', 'ex', 'soon')).rejects.toThrow('ERR value is not an integer or out of range');
      await c().hset(k('s5h'), 'f', 'v');
      await expect(r().set!(k('s5h'), 'v', 'GET')).rejects.toThrow(/^WRONGTYPE/);
    });
  });

  describe('strings', () => {
    it('reads and writes with MGET, MSET, GETEX, GETDEL', async () => {
      expect(await c().mset(k('m1'), '1', k('m2'), '2')).toBe('OK');
      expect(await c().mget(k('m1'), k('m-missing'), k('m2'))).toEqual(['1', null, '2']);
      expect(await r().getex!(k('m1'), 'px', 5000)).toBe('1');
      expect(await c().pttl(k('m1'))).toBeGreaterThan(4000);
      expect(await r().getex!(k('m1'), 'PERSIST')).toBe('1');
      expect(await c().ttl(k('m1'))).toBe(-1);
      expect(await c().getdel(k('m2'))).toBe('2');
      expect(await c().exists(k('m2'))).toBe(0);
    });

    it('checks INCR operands', async () => {
      expect(await c().incr(k('n'))).toBe(1);
      expect(await c().incrby(k('n'), 41)).toBe(42);
      await r().set!(k('n-text'), 'abc');
      await expect(c().incr(k('n-text'))).rejects.toThrow('ERR value is not an integer or out of range');
      await r().set!(k('n-max'), '9223372036854775807');
      await expect(c().incr(k('n-max'))).rejects.toThrow('ERR increment or decrement would overflow');
      expect(await c().incrbyfloat(k('n-f'), '10.5')).toBe('10.5');
      expect(await c().incrbyfloat(k('n-f'), '0.1')).toBe('10.6');
    });

    it('returns binary values with the Buffer variants', async () => {
      await r().set!(k('b'), Buffer.from([0, 255, 1]));
      expect(await c().getBuffer(k('b'))).toEqual(Buffer.from([0, 255, 1]));
    });

    it('stores hashes and returns HGETALL as an object', async () => {
      expect(await c().hset(k('h'), { a: '1', b: '2' })).toBe(2);
      expect(await c().hgetall(k('h'))).toEqual({ a: '1', b: '2' });
      expect(await c().hget(k('h'), 'b')).toBe('2');
      expect(await c().type(k('h'))).toBe('hash');
    });
  });

  describe('TTL and expiry', () => {
    it('reports -2 for a missing key, -1 without TTL, rounded seconds otherwise', async () => {
      expect(await c().ttl(k('t-none'))).toBe(-2);
      expect(await c().pttl(k('t-none'))).toBe(-2);
      await r().set!(k('t1'), 'v');
      expect(await c().ttl(k('t1'))).toBe(-1);
      expect(await r().expire!(k('t1'), 20)).toBe(1);
      expect(await c().ttl(k('t1'))).toBe(20);
      expect(await c().pexpire(k('t1'), 1500)).toBe(1);
      expect(await c().pttl(k('t1'))).toBeLessThanOrEqual(1500);
      expect(await r().expire!(k('t-none'), 10)).toBe(0);
      expect(await c().persist(k('t1'))).toBe(1);
      expect(await c().ttl(k('t1'))).toBe(-1);
    });

    it('applies EXPIRE NX / XX / GT / LT', async () => {
      await r().set!(k('t2'), 'v');
      expect(await r().expire!(k('t2'), 100, 'XX')).toBe(0);
      expect(await r().expire!(k('t2'), 100, 'NX')).toBe(1);
      expect(await r().expire!(k('t2'), 200, 'NX')).toBe(0);
      expect(await r().expire!(k('t2'), 50, 'GT')).toBe(0);
      expect(await r().expire!(k('t2'), 300, 'gt')).toBe(1);
      expect(await r().expire!(k('t2'), 30, 'LT')).toBe(1);
      expect(await c().ttl(k('t2'))).toBe(30);
      await expect(r().expire!(k('t2'), 10, 'NX', 'XX')).rejects.toThrow('ERR NX and XX, GT or LT options at the same time are not compatible');
    });

    it('expires keys once their time has passed, and a past EXPIRE deletes at once', async () => {
      await r().set!(k('t3'), 'v', 'PX', 60);
      await r().set!(k('t4'), 'v');
      await sleep(120);
      expect(await c().get(k('t3'))).toBeNull();
      expect(await c().exists(k('t3'))).toBe(0);
      expect(await r().expire!(k('t4'), -1)).toBe(1);
      expect(await c().exists(k('t4'))).toBe(0);
    });
  });

  describe('memory introspection of strings', () => {
    it.each([
      ['int', 'int', '12345'],
      ['short', 'embstr', 'hello'],
      ['long', 'raw', 'x'.repeat(45)],
    ])('OBJECT ENCODING of a %s value is %s', async (name, encoding, value) => {
      await r().set!(k(`enc-${name}`), value);
      expect(await c().object('ENCODING', k(`enc-${name}`))).toBe(encoding);
    });

    it('MEMORY USAGE grows with the value exactly as Redis 7 allocates it', async () => {
      // Differences between sizes cancel the key's own bytes, so the unique prefix does not matter.
      const usage = async (bytes: number) => {
        await r().set!(k('mu'), 'x'.repeat(bytes));
        return Number(await c().memory('USAGE', k('mu')));
      };
      const base = await usage(1);
      expect((await usage(20)) - base).toBe(16); // embstr 21 → 32 bytes, 40 → 48
      expect((await usage(45)) - base).toBe(48); // raw: robj 16 + sds 64 vs embstr 32
      expect((await usage(1000)) - base).toBe(1008); // 16 + 1024 vs 32
      expect((await usage(4096)) - base).toBe(5104); // 16 + 5120 vs 32
      expect(await c().memory('USAGE', k('mu-missing'))).toBeNull();
    });
  });
}
