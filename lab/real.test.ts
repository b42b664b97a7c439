/**
 * A short run on the real servers: Redis at 127.0.0.1:6379 under a key prefix of its own (never a
 * flush of the whole server) and MariaDB/MySQL in the lab's scratch database `cachelab_lab`.
 * When a server is down these tests fail with the lab's own message, they are not skipped.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../lib/backends/source/database-url.js';
import { openMysqlConnection } from '../lib/backends/source/mysql.js';
import { LAB_DEFAULTS, type LabConfig } from './config.js';
import { ensureAirportData, labDatabaseUrl } from './lab-database.js';
import { buildLog } from './log-file.js';
import { readLog } from './log-read.js';
import { loadtestMain } from './loadtest-cli.js';
import { connectRedis, flushLabKeys } from './redis.js';
import { runFigures, runLoadTest } from './run.js';

const CACHE_URL = 'redis://127.0.0.1:6379';
const DATABASE_URL = labDatabaseUrl();
const env = { CACHE_URL, DATABASE_URL };
const PREFIX = `cachelab:test:lab:${randomBytes(4).toString('hex')}:`;
let redis: Redis;

beforeAll(async () => {
  redis = await connectRedis(CACHE_URL);
  await ensureAirportData(DATABASE_URL);
});

afterAll(async () => {
  if (redis) {
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
});

async function bookings(): Promise<number> {
  const conn = await openMysqlConnection(parseDatabaseUrl(DATABASE_URL));
  try {
    const [rows] = await conn.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM booking');
    return Number(rows[0]!.n);
  } finally {
    await conn.end();
  }
}

const config = (over: Partial<LabConfig> = {}): LabConfig => ({
  ...LAB_DEFAULTS,
  backend: 'real',
  threads: 2,
  queries: 300,
  poolSize: 50,
  keyPrefix: PREFIX,
  flush: true,
  progress: false,
  ...over,
});

describe('the load test on real Redis and MariaDB (worker threads)', () => {
  it('runs cache-aside in two worker threads: every operation counted, each write a new booking, entries under the prefix with the TTL', async () => {
    const before = await bookings();
    const outcome = await runLoadTest(config({ ttlMs: 120_000 }), env);
    const f = runFigures(outcome);
    expect(await bookings()).toBe(before + f.writes);
    expect(outcome.timeBase).toBe('wall');
    expect(f.errors).toBe(0);
    expect(f.reads + f.writes).toBe(600);
    expect(f.cacheHits + f.cacheMisses).toBe(f.reads);
    expect(f.cacheHits).toBeGreaterThan(f.cacheMisses); // 50 passengers drawn 600 times
    expect(f.queriesPerSecond).toBeGreaterThan(0);
    const keys = await redis.keys(`${PREFIX}bookings:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.length).toBeLessThanOrEqual(50);
    const ttl = await redis.pttl(keys[0]!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(120_000);
    const cached = JSON.parse((await redis.get(keys[0]!))!);
    expect(cached === null || (typeof cached.firstname === 'string' && cached.booking_count >= 1)).toBe(true);
    const log = buildLog(outcome);
    const perSecond = Object.values(log.time_series).reduce((a, b) => a + b.count, 0);
    expect(perSecond).toBe(600);
  });

  it('spreads the sessions over several worker threads with --workers, with the same totals', async () => {
    const outcome = await runLoadTest(config({ threads: 3, workers: 2, queries: 100, flush: false }), env);
    const f = runFigures(outcome);
    expect(outcome.workerThreads).toBe(2);
    expect([f.reads + f.writes, f.errors]).toEqual([300, 0]);
  });

  it('a second run without --flush starts warm; --flush empties only the prefix', async () => {
    const warm = runFigures(await runLoadTest(config({ flush: false, readRatio: 99 }), env));
    expect(warm.hitRatePct).toBeGreaterThan(90);
    const other = `${PREFIX}other`;
    await redis.set(other, 'kept');
    const flushed = await runLoadTest(config({ queries: 20 }), env);
    expect(flushed.flushedKeys).toBeGreaterThan(0);
    expect(await redis.get(other)).toBe('kept');
  });

  it('--no-cache reads straight from the database: no keys written, every read counted as a read', async () => {
    await flushLabKeys(redis, PREFIX);
    const f = runFigures(await runLoadTest(config({ cache: false, flush: false, queries: 100 }), env));
    expect([f.cacheHits, f.cacheMisses, f.databaseOps, f.errors]).toEqual([0, 0, 200, 0]);
    expect(await redis.keys(`${PREFIX}bookings:*`)).toEqual([]);
  });

  it('the CLI on the real backend prints the results and saves a readable log', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cachelab-real-'));
    let out = '';
    const code = await loadtestMain(['--backend', 'real', '-t', '2', '-q', '100', '--key-prefix', PREFIX, '-f', '--no-progress', '-v'], {
      out: (t) => (out += `${t}\n`),
      err: () => undefined,
      env,
      cwd: dir,
      stdinIsTTY: false,
      stderrIsTTY: false,
    });
    expect(code).toBe(0);
    expect(out).toContain(`Cache: ${CACHE_URL}`);
    expect(out).toContain('Database: mysql://root@127.0.0.1:3306/cachelab_lab');
    expect(out).toMatch(new RegExp(`sample: ${PREFIX}bookings:\\d+ = `));
    const [file] = readdirSync(path.join(dir, 'logs'));
    const loaded = readLog(path.join(dir, 'logs', file!));
    expect(loaded.kind === 'full' && loaded.log.configuration.time_base).toBe('wall');
  });
});

describe('unreachable servers are one clear error, within seconds', () => {
  async function run(over: Record<string, string>): Promise<{ code: number; err: string; ms: number }> {
    let err = '';
    const started = Date.now();
    const code = await loadtestMain(['--backend', 'real', '-q', '10', '--no-progress'], {
      out: () => undefined,
      err: (t) => (err += t),
      env: { ...env, ...over },
      cwd: tmpdir(),
      stdinIsTTY: false,
      stderrIsTTY: false,
    });
    return { code, err, ms: Date.now() - started };
  }

  it('Redis not listening (CACHE_URL on a closed port)', async () => {
    const { code, err, ms } = await run({ CACHE_URL: 'redis://127.0.0.1:6409' });
    expect(code).toBe(1);
    expect(err).toMatch(/^Cannot reach Redis\/Valkey at CACHE_URL=redis:\/\/127\.0\.0\.1:6409 \(.*\)\. Start it with `npm run services`/);
    expect(err).not.toMatch(/^\s+at /m);
    expect(ms).toBeLessThan(10_000);
  });

  it('MySQL not listening (DATABASE_URL on a closed port)', async () => {
    const { code, err, ms } = await run({ DATABASE_URL: 'mysql://root@127.0.0.1:6408/cachelab_lab' });
    expect(code).toBe(1);
    expect(err).toMatch(/Cannot reach MySQL\/MariaDB at DATABASE_URL=mysql:\/\/root@127\.0\.0\.1:6408\/cachelab_lab/);
    expect(ms).toBeLessThan(10_000);
  });

  it('a database without the airport data says how to load it', async () => {
    const { code, err } = await run({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/cachelab_lab_never_created' });
    expect(code).toBe(1);
    expect(err).toMatch(/npm run fixtures -- --load/);
  });
});
