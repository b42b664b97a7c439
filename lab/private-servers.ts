/**
 * Test helpers for the lab's fault tests: a private redis-server on a free loopback port (never
 * the shared one on 6379, so killing it harms no one) and a private scratch database loaded with
 * the airport data (so counting the bookings a run added is not disturbed by other runs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { RowDataPacket } from 'mysql2/promise';
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from '../lib/backends/source/database-url.js';
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
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', ...auth], { stdio: 'ignore' });
    const failed = new Promise<Error>((resolve) => {
      child.once('error', resolve); // redis-server not installed
      child.once('exit', (code) => resolve(new Error(`redis-server exited with code ${code}`))); // e.g. the port was taken meanwhile
    });
    const url = `redis://127.0.0.1:${port}`;
    for (let i = 0; i < 50; i++) {
      const outcome = await Promise.race([failed, new Promise<undefined>((r) => setTimeout(() => r(undefined), 100))]);
      if (outcome instanceof Error) {
        if ((outcome as { code?: string }).code === 'ENOENT') throw new Error('redis-server is not installed: `apt-get install redis-server` (the lab fault tests start a private one).');
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
  const settings = parseDatabaseUrl(databaseUrl);
  return {
    url: databaseUrl,
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
