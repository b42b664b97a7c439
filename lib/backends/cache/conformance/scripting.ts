/**
 * Conformance cases on Lua scripting (shared scope): the lock scripts the exercises use
 * (compare-and-delete, compare-and-pexpire), defineCommand, EVALSHA/SCRIPT LOAD, Redis's
 * Lua ↔ reply conversions and error texts, SET flags inside scripts.
 */
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance.js';

const COMPARE_AND_DELETE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const COMPARE_AND_PEXPIRE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const SHA = /script: [0-9a-f]{40}, on @user_script:1\.$/;
/** Error texts where Valkey 8 words it otherwise than Redis 7 (and the embedded cache, which follows Redis). */
const TEXTS = {
  redis: { noscript: 'NOSCRIPT No matching script. Please use EVAL.', unknownInScript: /^ERR Unknown Redis command called from script script:/ },
  valkey: { noscript: 'NOSCRIPT No matching script.', unknownInScript: /^ERR Unknown command called from script script:/ },
} as const;

/** Registers the scripting cases. */
export function registerScriptCases(ctx: ConformanceContext): void {
  const c = () => ctx.client('shared');
  const k = (name: string) => ctx.key(name);
  const texts = TEXTS[ctx.flavour];

  describe('Lua scripts', () => {
    it('runs compare-and-delete and compare-and-pexpire', async () => {
      await c().set(k('lock'), 'token-1', 'PX', 10_000);
      expect(await c().eval(COMPARE_AND_DELETE, 1, k('lock'), 'token-2')).toBe(0);
      expect(await c().eval(COMPARE_AND_PEXPIRE, 1, k('lock'), 'token-1', 60_000)).toBe(1);
      expect(await c().pttl(k('lock'))).toBeGreaterThan(50_000);
      expect(await c().eval(COMPARE_AND_DELETE, 1, k('lock'), 'token-1')).toBe(1);
      expect(await c().exists(k('lock'))).toBe(0);
    });

    it('honours lower-case SET flags inside a script', async () => {
      const acquire = "return redis.call('set', KEYS[1], ARGV[1], 'nx', 'px', ARGV[2])";
      expect(await c().eval(acquire, 1, k('lua-lock'), 'a', 5000)).toBe('OK');
      expect(await c().eval(acquire, 1, k('lua-lock'), 'b', 5000)).toBeNull();
      expect(await c().get(k('lua-lock'))).toBe('a');
      expect(await c().pttl(k('lua-lock'))).toBeGreaterThan(4000);
    });

    it('works through defineCommand, also in a pipeline', async () => {
      c().defineCommand('confCompareAndDelete', { numberOfKeys: 1, lua: COMPARE_AND_DELETE });
      const client = c() as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
      await c().set(k('dc'), 'mine');
      expect(await client.confCompareAndDelete!(k('dc'), 'theirs')).toBe(0);
      const pipe = c().pipeline() as unknown as Record<string, (...a: unknown[]) => unknown> & { exec(): Promise<unknown> };
      pipe.confCompareAndDelete!(k('dc'), 'mine');
      expect(await pipe.exec()).toEqual([[null, 1]]);
    });

    it('loads scripts by SHA1 and reports NOSCRIPT for unknown ones', async () => {
      const sha = await c().script('LOAD', 'return ARGV[1]');
      expect(sha).toBe('098e0f0d1448c0a81dafe820f66d460eb09263da');
      expect(await c().evalsha(sha as string, 0, 'hi')).toBe('hi');
      await expect(c().evalsha('0'.repeat(40), 0)).rejects.toThrow(texts.noscript);
      await expect(c().evalsha('0'.repeat(40), 0)).rejects.toThrow(/^NOSCRIPT /); // what ioredis's defineCommand falls back to EVAL on
    });

    it('converts Lua values to replies as Redis does', async () => {
      expect(await c().eval('return {1, 2, false, 3.7, true}', 0)).toEqual([1, 2, null, 3, 1]);
      expect(await c().eval("return {1, 'two', nil, 4}", 0)).toEqual([1, 'two']);
      expect(await c().eval('return redis.call("get", KEYS[1])', 1, k('nothing'))).toBeNull();
      expect(await c().eval("return redis.status_reply('FINE')", 0)).toBe('FINE');
      expect(await c().eval('return KEYS[1] .. ARGV[1]', 1, 'a', 'b')).toBe('ab');
      expect(await c().eval("return redis.sha1hex('')", 0)).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
      expect(await c().eval('return cjson.encode({a = 1})', 0)).toBe('{"a":1}');
    });

    it('reports script errors with Redis 7 texts (Valkey 8: its own where it words them otherwise)', async () => {
      await c().set(k('text'), 'abc');
      await expect(c().eval("return redis.error_reply('MYERR bad')", 0)).rejects.toThrow('MYERR bad');
      await expect(c().eval("return redis.pcall('incr', KEYS[1])", 1, k('text'))).rejects.toThrow(/^ERR value is not an integer or out of range$/);
      await expect(c().eval("return redis.call('incr', KEYS[1])", 1, k('text'))).rejects.toThrow(SHA);
      await expect(c().eval("return redis.call('incr', KEYS[1])", 1, k('text'))).rejects.toThrow(/^ERR value is not an integer or out of range script:/);
      await expect(c().eval("return redis.call('nosuchcommand')", 0)).rejects.toThrow(texts.unknownInScript);
      await expect(c().eval('return undefined_global', 0)).rejects.toThrow(
        /^ERR user_script:1: Script attempted to access nonexistent global variable 'undefined_global' script: /,
      );
      await expect(c().eval('return 1', -1)).rejects.toThrow("ERR Number of keys can't be negative");
    });
  });
}
