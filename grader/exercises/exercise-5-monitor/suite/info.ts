/** Hidden tests of parseInfo: the three server dialects, line endings, odd lines, bad input. */
import { expect } from 'vitest';
import { infoFixture } from '../../../../lib/exercises/exercise-5-monitor/fixtures.js';
import { codeOf, caught, type SuiteContext } from './kit.js';

/** Registers the parser tests. */
export function registerInfoTests(ctx: SuiteContext): void {
  ctx.plain('Redis 6.2: no maxclients in INFO, two databases', ({ parseInfo }) => {
    const info = parseInfo(infoFixture('redis-6.2'));
    expect(info.server).toEqual({ name: 'redis', version: '6.2.14' });
    expect(info.fields.maxclients).toBeUndefined();
    expect(info.fields.keyspace_misses).toBe('97521866');
    expect(info.keyspace).toEqual({ db0: { keys: 1048211, expires: 998374, avgTtl: 1702113 }, db1: { keys: 5120, expires: 0, avgTtl: 0 } });
  });

  ctx.plain('Redis 7.0 (a real reply): every section, CRLF line ends', ({ parseInfo }) => {
    const info = parseInfo(infoFixture('redis-7.0'));
    expect(info.sections).toEqual(expect.arrayContaining(['server', 'clients', 'memory', 'stats', 'keyspace']));
    expect(info.fields.maxmemory_policy).toBe('allkeys-lru');
    expect(info.fields.maxclients).toBe('10000');
    expect(Object.keys(info.fields).some((k) => k.endsWith('\r') || k.includes('\n'))).toBe(false);
    expect(Object.values(info.fields).some((v) => v.endsWith('\r'))).toBe(false);
  });

  ctx.plain('Valkey 8.0 (a real reply): its own name and version; values that contain colons stay whole', ({ parseInfo }) => {
    const info = parseInfo(infoFixture('valkey-8.0'));
    expect(info.server).toEqual({ name: 'valkey', version: '8.0.1' });
    expect(info.fields.server_mode).toBe('standalone');
    expect(info.fields.listener0).toBe('name=tcp,bind=127.0.0.1,bind=::1,port=6455');
    expect(info.fields.availability_zone).toBe('');
  });

  ctx.plain('LF line ends, blank lines, unknown lines and extra keyspace fields are fine', ({ parseInfo }) => {
    const text = '# Stats\nkeyspace_hits:5\n\nsome text without a colon\nkeyspace_misses:7\n# Keyspace\ndb0:keys=3,expires=1,avg_ttl=10,subexpiry=0\n';
    const info = parseInfo(text);
    expect([info.fields.keyspace_hits, info.fields.keyspace_misses]).toEqual(['5', '7']);
    expect(info.keyspace.db0).toEqual({ keys: 3, expires: 1, avgTtl: 10 });
    expect(info.server.name).toBe('redis');
  });

  ctx.plain('text that is not INFO is refused with E_INFO_PARSE', async ({ parseInfo }) => {
    for (const bad of ['', 'OK', '\r\n\r\n', 42 as unknown as string, null as unknown as string]) {
      expect(codeOf(await caught(() => parseInfo(bad))), `parseInfo(${JSON.stringify(bad)})`).toBe('E_INFO_PARSE');
    }
  });
}
