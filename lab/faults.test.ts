/**
 * The lab under faults, on real servers: a private redis-server (a free port from 6390, killed on
 * purpose; never the shared one on 6379) and a private copy of the airport data on the MariaDB/
 * MySQL of DATABASE_URL's default, so the bookings a run adds can be counted exactly.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../lib/backends/source/database-url.js';
import { openMysqlConnection } from '../lib/backends/source/mysql.js';
import { LAB_DEFAULTS, type LabConfig } from './config.js';
import { readLog } from './log-read.js';
import { runLogged } from './logged-run.js';
import type { PerfLog } from './log-file.js';
import { plotMain } from './plot/cli.js';
import { createPrivateDatabase, startPrivateMariadb, startPrivateRedis, type PrivateDatabase, type PrivateRedis } from './private-servers.js';
import { loadtestMain } from './loadtest-cli.js';
import { connectRedis } from './redis.js';

const KIT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let db: PrivateDatabase;
const servers: PrivateRedis[] = [];

beforeAll(async () => {
  db = await createPrivateDatabase('faults');
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await db?.drop();
});

async function privateRedis(options: { password?: string } = {}): Promise<PrivateRedis> {
  const redis = await startPrivateRedis(options);
  servers.push(redis);
  return redis;
}

const sum = (series: Record<string, object>, field: string): number =>
  Object.values(series).reduce((a, b) => a + ((b as Record<string, number>)[field] ?? 0), 0);

async function explain(file: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await plotMain(['explain', file, '--plot'], { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), env: {}, cwd: KIT_ROOT });
  return { code, out, err };
}

describe('Redis killed in the middle of a lab run', () => {
  let log: PerfLog;
  let file: string;
  let gained: number;

  beforeAll(async () => {
    const redis = await privateRedis();
    const config: LabConfig = { ...LAB_DEFAULTS, backend: 'real', threads: 2, queries: 3_000, poolSize: 500, progress: false };
    const total = config.threads * config.queries;
    const before = await db.bookings();
    const run = await runLogged(config, { CACHE_URL: redis.url, DATABASE_URL: db.url }, mkdtempSync(path.join(tmpdir(), 'cachelab-faults-')), {
      hooks: { onProgress: (done) => done >= total / 4 && redis.kill() },
    });
    gained = (await db.bookings()) - before;
    file = run.logFile;
    const loaded = readLog(file);
    if (loaded.kind !== 'full') throw new Error('expected a full log');
    log = loaded.log;
  });

  it("the log's write count equals the bookings the database gained, and every operation is accounted for once", () => {
    const r = log.results;
    expect(r.writes).toBe(gained);
    expect(r.errors).toBeGreaterThan(0); // reads after the kill
    expect(r.errors_by_kind).toEqual({ cache: r.errors, database: 0 });
    expect(r.write_refresh_errors).toBeGreaterThan(0); // writes after the kill: made, not refreshed
    expect(r.reads + r.writes + r.errors).toBe(log.configuration.total_queries);
    expect(log.status).toBe('complete');
  });

  it('the per-second series keeps going after the fault, and the failures are per second and per kind', () => {
    expect(sum(log.time_series, 'writes')).toBe(log.results.writes);
    expect(sum(log.time_series, 'count')).toBe(log.results.total_queries);
    const errors = log.time_series_errors!;
    expect(sum(errors, 'errors')).toBe(log.results.errors);
    expect(sum(errors, 'cache')).toBe(log.results.errors);
    expect(sum(errors, 'write_refresh')).toBe(log.results.write_refresh_errors);
    // The last second with failures still has writes in the seed's series: the run went on.
    const lastFailing = Object.keys(errors).at(-1)!;
    expect(log.time_series[lastFailing]?.writes).toBeGreaterThan(0);
  });

  it('the errors name the server and CACHE_URL, with no stack trace', () => {
    expect(log.results.error_messages.length).toBeGreaterThan(0);
    for (const message of log.results.error_messages) {
      expect(message).toMatch(/^Redis\/Valkey at CACHE_URL=redis:\/\/127\.0\.0\.1:\d+: /);
      expect(message).not.toMatch(/^\s+at /m);
    }
  });

  it('plot explain names the outage: its seconds, its server, and that the per-second figures are not the cache at work', async () => {
    const { code, out, err } = await explain(file);
    expect([code, err]).toEqual([0, '']);
    expect(out).toMatch(
      /Outage of the cache \(Redis\/Valkey\) from \+\d+ s to (the end of the run \(\+\d+ s\)|\+\d+ s), \d+ seconds?: [\d,]+ operations failed \([\d,]+ at the cache, 0 at the database\)/,
    );
    expect(out).toContain('Error: Redis/Valkey at CACHE_URL=');
    expect(out).toContain('not the cache at work');
    expect(out).not.toMatch(/in the last: the cold start/); // a trend, if any, ends before the outage
    expect(out).toMatch(/✗ [\d,]+ failed \(outage: cache\)/);
  });
});

describe('MariaDB killed in the middle of a lab run (a private mariadbd)', () => {
  it('counts the writes the database accepted, names the writes lost in flight, and plot explain names the database outage', async () => {
    const mariadb = await startPrivateMariadb();
    try {
      const redis = await privateRedis();
      const bookings = async (): Promise<number> => {
        const conn = await openMysqlConnection(parseDatabaseUrl(mariadb.url));
        try {
          const [rows] = await conn.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM booking');
          return Number(rows[0]!.n);
        } finally {
          await conn.end();
        }
      };
      const config: LabConfig = { ...LAB_DEFAULTS, backend: 'real', threads: 2, queries: 3_000, poolSize: 200, progress: false };
      const before = await bookings();
      let killing: Promise<void> | undefined;
      const run = await runLogged(config, { CACHE_URL: redis.url, DATABASE_URL: mariadb.url }, mkdtempSync(path.join(tmpdir(), 'cachelab-dbfault-')), {
        hooks: { onProgress: (done, total) => void (done >= total / 4 && (killing ??= mariadb.kill())) },
      });
      await killing;
      await mariadb.restart();
      const gained = (await bookings()) - before;
      const loaded = readLog(run.logFile);
      if (loaded.kind !== 'full') throw new Error('expected a full log');
      const r = loaded.log.results;
      // Made or not is known for every write but those whose INSERT was in flight when the server died.
      expect(gained).toBeGreaterThanOrEqual(r.writes);
      expect(gained).toBeLessThanOrEqual(r.writes + r.writes_unknown!);
      expect(r.errors).toBeGreaterThan(0);
      expect(r.errors_by_kind).toEqual({ cache: 0, database: r.errors });
      expect(r.reads + r.writes + r.errors).toBe(6_000);
      for (const message of r.error_messages) expect(message).toMatch(/MySQL\/MariaDB at DATABASE_URL=mysql:\/\/root@127\.0\.0\.1:\d+\/cachelab/);
      const { code, out } = await explain(run.logFile);
      expect(code).toBe(0);
      expect(out).toMatch(/Outage of the database \(MySQL\/MariaDB\) from \+\d+ s/);
      expect(out).toMatch(/so the hit rate reads [\d.]+%: that is the outage, not a warm cache\./);
    } finally {
      await mariadb.stop();
    }
  });
});

describe('Ctrl-C (SIGINT) in the lab', () => {
  it('stops cleanly: exit 130, what was interrupted is said, the log is kept with every write made, nothing left connected', async () => {
    const redis = await privateRedis();
    const logDir = mkdtempSync(path.join(tmpdir(), 'cachelab-sigint-'));
    const before = await db.bookings();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/loadtest.ts', '--backend', 'real', '-t', '2', '-q', '1000000', '--pool-size', '500', '--no-progress', '--log-dir', logDir],
      { cwd: KIT_ROOT, env: { ...process.env, CACHE_URL: redis.url, DATABASE_URL: db.url, INIT_CWD: KIT_ROOT }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Wait until the live log holds some measured operations, then press Ctrl-C.
    let seen = 0;
    while (seen === 0) {
      await new Promise((r) => setTimeout(r, 200));
      if (child.exitCode !== null) throw new Error(`the load test ended before the signal: ${stderr}`);
      const [name] = readdirSync(logDir).filter((f) => f.endsWith('.json'));
      if (!name) continue;
      const loaded = readLog(path.join(logDir, name));
      if (loaded.kind === 'full') seen = loaded.log.results.total_queries;
    }
    child.kill('SIGINT');
    const code = await exit;
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(
      /Interrupted by SIGINT during the run after [\d,]+ of 2,000,000 queries \([\d.]+ s\): the 2 sessions finished the operations in flight and closed their connections/,
    );
    expect(stderr).not.toMatch(/^\s+at /m);
    const [name] = readdirSync(logDir).filter((f) => f.endsWith('.json'));
    const file = path.join(logDir, name!);
    expect(stderr).toContain(`The log keeps everything up to then (status: interrupted): ${file}`);
    expect(stdout).toContain(`npm run plot -- explain ${file} --plot`);
    expect(readdirSync(logDir)).toEqual([name]); // no temporary file left beside it
    const loaded = readLog(file);
    if (loaded.kind !== 'full') throw new Error('expected a full log');
    const log = loaded.log;
    expect(log.status).toBe('interrupted');
    expect(log.results.total_queries).toBeGreaterThanOrEqual(seen);
    expect(log.results.total_queries).toBeLessThan(2_000_000);
    expect(log.results.writes).toBe((await db.bookings()) - before); // the operations in flight finished and were counted
    expect(sum(log.time_series, 'count')).toBe(log.results.total_queries);
    // The sessions' Redis connections are gone with the process (the server may take a moment to notice).
    const admin = await connectRedis(redis.url);
    let clients = Infinity;
    for (let i = 0; i < 50 && clients > 1; i++) {
      clients = String(await admin.client('LIST'))
        .trim()
        .split('\n').length;
      if (clients > 1) await new Promise((r) => setTimeout(r, 100));
    }
    admin.disconnect();
    expect(clients).toBe(1);
    // npm run plot reads it and says it was interrupted.
    const plotted = await explain(file);
    expect(plotted.code).toBe(0);
    expect(plotted.out).toContain('Status: interrupted: a signal (Ctrl-C or SIGTERM) stopped the run early');
    expect(plotted.out).toMatch(/Interrupted by SIGINT after [\d,]+ of 2,000,000 operations\./);
  });
});

describe('a Redis that refuses the login', () => {
  it('is reported as a refused login naming CACHE_URL with its password masked, not as a server that is down', async () => {
    const redis = await privateRedis({ password: 'sekret' });
    for (const [cacheUrl, reason] of [
      [`redis://:wrongpw@127.0.0.1:${redis.port}`, 'WRONGPASS'],
      [redis.url, 'NOAUTH'],
    ] as const) {
      let err = '';
      const code = await loadtestMain(['--backend', 'real', '-q', '10', '--no-progress'], {
        out: () => undefined,
        err: (t) => (err += t),
        env: { CACHE_URL: cacheUrl, DATABASE_URL: db.url },
        cwd: tmpdir(),
        stdinIsTTY: false,
        stderrIsTTY: false,
      });
      expect(code).toBe(1);
      expect(err).toMatch(
        new RegExp(`^Redis/Valkey at CACHE_URL=${cacheUrl.replace('wrongpw', '\\*\\*\\*\\*').replace(/[/.]/g, '\\$&')} refused the login \\(${reason}`),
      );
      expect(err).toContain('check the user and password in CACHE_URL');
      expect(err).not.toMatch(/wrongpw|npm run services|^\s+at /m);
    }
  });
});
