/**
 * Exercise 5 on a live Valkey 8 (what docker-compose.yml runs), beside Redis 7: the INFO replies
 * on file (lib/exercises/exercise-5-monitor/metrics/info/, captured once from valkey-server 8.0.1 and redis-server 7.0.15)
 * are checked against what a live server of each sends now, through the reference parser, and
 * the hidden suite's real-server tests run on valkey-server with the reference solution.
 * Servers of their own (ports CACHELAB_EX5_PORTS, default 6440-6449), never 6379. Fails, saying
 * how to install it, when valkey-server is not installed (`.ci/run` installs it).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { infoFixture } from '../../../lib/exercises/exercise-5-monitor/fixtures.js';
import { startPrivateRedis, type PrivateRedis } from '../../../lib/exercises/exercise-5-monitor/private-redis.js';
import type { Exercise5Module, ParsedInfo } from '../../../lib/exercises/exercise-5-monitor/types.js';
import { loadImplementation } from '../../../lib/exercises/exercise-5-monitor/check.js';
import { suiteContext } from './suite/kit.js';
import { registerRealTests } from './suite/real.js';
import { roleDirs } from '../../calibration/roles.js';

const dirs = roleDirs('exercise-5-monitor');
let impl: Exercise5Module | undefined;
const solution = async () => (impl ??= await loadImplementation(dirs.solution));

/** Field names that follow the server's activity (errors seen, databases in use), not its version. */
const ACTIVITY = /^(errorstat_|db\d+$)/;
const stable = (info: ParsedInfo) =>
  Object.keys(info.fields)
    .filter((name) => !ACTIVITY.test(name))
    .sort();
const numeric = (info: ParsedInfo) =>
  Object.keys(info.fields)
    .filter((name) => /^-?\d+(\.\d+)?$/.test(info.fields[name]!))
    .sort();

describe.each([
  { server: 'valkey', fixture: 'valkey-8.0', major: '8' },
  { server: 'redis', fixture: 'redis-7.0', major: '7' },
] as const)('live $server INFO against the $fixture reply on file', ({ server, fixture, major }) => {
  let live: PrivateRedis;
  beforeAll(async () => {
    live = await startPrivateRedis({}, { server });
  });
  afterAll(async () => live?.close());

  test('the same sections and fields, the same kinds of values; the reference parser reads both alike', async () => {
    const { parseInfo } = await solution();
    const client = live.client('info');
    await client.set('k', 'v');
    const now = parseInfo(await client.info());
    const kept = parseInfo(infoFixture(fixture));
    expect(now.server.name).toBe(server);
    expect(kept.server.name).toBe(server);
    expect(now.server.version.split('.')[0], `${server} ${now.server.version} on this machine`).toBe(major);
    expect(now.sections).toEqual(kept.sections);
    expect(stable(now)).toEqual(stable(kept));
    // a field that is a number on file is a number live (a parser may rely on it)
    expect(numeric(kept).filter((name) => !ACTIVITY.test(name) && !numeric(now).includes(name))).toEqual([]);
    expect(now.keyspace).toEqual({ db0: { keys: 1, expires: 0, avgTtl: 0 } });
    // where the two servers differ, as docs/backends.md says
    const mode = server === 'valkey' ? 'server_mode' : 'redis_mode';
    expect([now.fields[mode], kept.fields[mode]]).toEqual(['standalone', 'standalone']);
    expect([now.fields.maxclients, now.fields.maxmemory_policy]).toEqual(['10000', 'noeviction']);
  });
});

describe('exercise 5 hidden suite, real tests on valkey-server (reference solution)', () => {
  registerRealTests(suiteContext(solution), { server: 'valkey' });
});
