/**
 * Test helpers for the lab's fault tests: a private redis-server on a free loopback port (never
 * the shared one on 6379, so killing it harms no one), a private scratch database loaded with
 * the airport data on the shared MariaDB (so counting the bookings a run added is not disturbed
 * by other runs), and a private mariadbd of its own, for the one test that kills the database.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { parseDatabaseUrl, type MysqlSettings } from '../lib/backends/source/database-url.js';
import { DEFAULT_DATABASE_URL } from '../lib/config.js';
import { openMysqlConnection } from '../lib/backends/source/mysql.js';
import { ensureAirportData } from './lab-database.js';
import { connectRedis } from './redis.js';

/** A redis-server this process started. */
export interface PrivateRedis {
  url: string;
  port: number;
  /** Kills the server at once (SIGKILL): the outage. */
  kill(): void;
  /** Stops it (if still running) and waits until it has exited. */
  stop(): Promise<void>;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));

/** Starts `redis-server` on a free port from 6390 up, no persistence; resolves once it answers (with `password` when given). */
export async function startPrivateRedis(options: { password?: string } = {}): Promise<PrivateRedis> {
  const auth = options.password === undefined ? [] : ['--requirepass', options.password];
  const first = 6390 + Math.floor(Math.random() * 100);
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = 6390 + ((first - 6390 + attempt * 7) % 100);
    if (!(await portIsFree(port))) continue;
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', ...auth], {
      stdio: 'ignore',
    });
    const failed = new Promise<Error>((resolve) => {
      child.once('error', resolve); // redis-server not installed
      child.once('exit', (code) => resolve(new Error(`redis-server exited with code ${code}`))); // e.g. the port was taken meanwhile
    });
    const url = `redis://127.0.0.1:${port}`;
    for (let i = 0; i < 50; i++) {
      const outcome = await Promise.race([failed, new Promise<undefined>((r) => setTimeout(() => r(undefined), 100))]);
      if (outcome instanceof Error) {
        if ((outcome as { code?: string }).code === 'ENOENT')
          throw new Error('redis-server is not installed: `apt-get install redis-server` (the lab fault tests start a private one).');
        break;
      }
      try {
        const login = options.password === undefined ? url : `redis://:${encodeURIComponent(options.password)}@127.0.0.1:${port}`;
        (await connectRedis(login, { connectTimeoutMs: 500 })).disconnect();
        return {
          url,
          port,
          kill: () => void child.kill('SIGKILL'),
          async stop() {
            child.kill('SIGKILL');
            await exited(child);
          },
        };
      } catch {
        // not listening yet
      }
    }
    child.kill('SIGKILL');
    await exited(child);
  }
  throw new Error('Could not start a private redis-server on any port from 6390 to 6489.');
}

/** A scratch copy of the airport data on the DATABASE_URL server. */
export interface PrivateDatabase {
  url: string;
  /** Rows in `booking` now. */
  bookings(): Promise<number>;
  /** Drops the database. */
  drop(): Promise<void>;
}

/** Creates and loads `cachelab_lab_<tag>_<random>` (about 3 s). */
export async function createPrivateDatabase(tag: string, baseUrl = DEFAULT_DATABASE_URL): Promise<PrivateDatabase> {
  const name = `cachelab_lab_${tag}_${randomBytes(3).toString('hex')}`;
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  await ensureAirportData(databaseUrl);
  return { url: databaseUrl, ...scratchDatabase(parseDatabaseUrl(databaseUrl), name) };
}

/** Counting bookings in, and dropping, a scratch database of a test (`name` on the server of `settings`). */
export function scratchDatabase(settings: MysqlSettings, name: string): Pick<PrivateDatabase, 'bookings' | 'drop'> {
  return {
    async bookings() {
      const conn = await openMysqlConnection(settings);
      try {
        const [rows] = await conn.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM booking');
        return Number(rows[0]!.n);
      } finally {
        await conn.end();
      }
    },
    async drop() {
      const conn = await openMysqlConnection(settings, { noDatabase: true });
      try {
        await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await conn.end();
      }
    },
  };
}

/** A mariadbd this process started on a data folder of its own. */
export interface PrivateMariadb {
  /** The root URL of its `cachelab` database. */
  url: string;
  /** Kills the server at once (SIGKILL): the outage. */
  kill(): Promise<void>;
  /** Starts it again on the same data (after {@link PrivateMariadb.kill}); InnoDB recovers what was committed. */
  restart(): Promise<void>;
  /** Stops it and removes its data folder. */
  stop(): Promise<void>;
}

/** Installs a fresh data folder, starts `mariadbd` on a free port from 3316 and loads the airport data (about 10 s). */
export async function startPrivateMariadb(): Promise<PrivateMariadb> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cachelab-mariadb-'));
  const data = path.join(dir, 'data');
  const install = spawnSync(
    'mariadb-install-db',
    ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db', `--user=${userInfo().username}`],
    { encoding: 'utf8' },
  );
  if (install.error || install.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `mariadb-install-db failed (${install.error?.message ?? install.stderr.trim().split('\n').at(-1)}): the lab's database fault test starts a private MariaDB.`,
    );
  }
  let port = 0;
  for (let p = 3316 + Math.floor(Math.random() * 50), tries = 0; tries < 50; p = 3316 + ((p - 3316 + 7) % 100), tries++) {
    if (await portIsFree(p)) {
      port = p;
      break;
    }
  }
  if (port === 0) throw new Error('No free port from 3316 to 3415 for a private MariaDB.');
  const url = `mysql://root@127.0.0.1:${port}/cachelab`;
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawn(
      'mariadbd',
      [
        '--no-defaults',
        `--datadir=${data}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${path.join(dir, 'sock')}`,
        `--user=${userInfo().username}`,
        '--innodb-buffer-pool-size=32M',
        '--skip-log-bin',
      ],
      { stdio: 'ignore' },
    );
    const settings = parseDatabaseUrl(url);
    for (let i = 0; i < 100; i++) {
      if (child.exitCode !== null) throw new Error(`mariadbd exited with code ${child.exitCode} (port ${port}).`);
      try {
        const conn = await openMysqlConnection(settings, { noDatabase: true, connectTimeoutMs: 500 });
        await conn.end();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`mariadbd did not answer on port ${port} within 10 s.`);
  };
  const kill = async (): Promise<void> => {
    if (!child) return;
    child.kill('SIGKILL');
    await exited(child);
    child = undefined;
  };
  try {
    await start();
    await ensureAirportData(url);
  } catch (error) {
    await kill();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    kill,
    restart: start,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
