/**
 * The lab on an airport database it did not load (issue 17, item 4): a small flughafendb-shaped
 * database (lab/flughafendb.ts: its names, types, extra tables and seat plan, no fixture_meta) on
 * the local MariaDB, Redis at 127.0.0.1:6379 under a key prefix of its own. `npm run loadtest --
 * --backend real` runs there read-only and prints the seed's figures; writes asked for are refused
 * before anything runs, and a missing table or column is one message naming it. Each test that
 * breaks the schema gets its own database; all are dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_DEFAULTS } from './config.js';
import { bookingsOf, createFlughafenDatabase, FLUGHAFEN_SIZE, type FlughafenDatabase } from './flughafendb.js';
import { loadtestMain, type LabIo } from './loadtest-cli.js';
import { connectRedis } from './redis.js';
import { runLoadTest } from './run.js';

const CACHE_URL = 'redis://127.0.0.1:6379';
const PREFIX = `cachelab:test:flughafen:${randomBytes(4).toString('hex')}:`;
let redis: Redis;
let db: FlughafenDatabase;
const extra: FlughafenDatabase[] = [];
let dir: string;

beforeAll(async () => {
  redis = await connectRedis(CACHE_URL);
  db = await createFlughafenDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'cachelab-flughafen-'));
});

afterAll(async () => {
  if (redis) {
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
  for (const d of [db, ...extra]) await d?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function loadtest(databaseUrl: string, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: LabIo = {
    out: (t) => (out += `${t}\n`),
    err: (t) => (err += `${t}\n`),
    env: { CACHE_URL, DATABASE_URL: databaseUrl },
    cwd: dir,
    stdinIsTTY: false,
    stderrIsTTY: false,
  };
  const code = await loadtestMain(['--backend', 'real', '--key-prefix', PREFIX, '--log-dir', path.join(dir, 'logs'), '--no-progress', ...argv], io);
  return { code, out, err };
}

describe('the lab on a flughafendb-shaped database without fixture_meta', () => {
  it("runs read-only with the default read ratio, says what it found, prints the seed's figures and changes no row", async () => {
    const before = await db.bookings();
    const { code, out, err } = await loadtest(db.url, ['-t', '2', '-q', '1500', '--flush']);
    expect([code, err.trim()]).toEqual([0, '']);
    expect(out).toContain(`Database: mysql://root@127.0.0.1:3306/${db.name}`);
    // booking's count is the server's estimate (InnoDB updates it in the background after the fill).
    expect(out).toMatch(
      new RegExp(
        "airport schema without the kit's fixture_meta: passenger \\(400 rows\\), flight \\(40\\), booking \\(about [\\d,]+, the server's estimate\\), " +
          'and 6 other tables left alone \\(airline, airplane, airplane_type, airport, passengerdetails, weatherdata\\)\n',
      ),
    );
    expect(out).toContain('read-only: the lab never writes to a database it did not load (read ratio 100%)');
    for (const line of [
      'Read ratio: 100%',
      'Total queries: 3,000',
      'Queries per Second:',
      'Avg Latency per Query:',
      'Reads: 3,000 (100.0%)',
      'Writes: 0 (0.0%)',
      'Cache Hits:',
      'Cache Misses:',
      'Errors: 0',
    ]) {
      expect(out).toContain(line);
    }
    expect(await db.bookings()).toBe(before);
    // What the reads cached is what the database holds.
    const keys = await redis.keys(`${PREFIX}bookings:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys.slice(0, 20)) {
      const id = Number(key.slice(`${PREFIX}bookings:`.length));
      expect(id).toBeLessThanOrEqual(FLUGHAFEN_SIZE.passengers);
      expect(JSON.parse((await redis.get(key))!)).toEqual({ firstname: `Vorname${id}`, lastname: `Nachname${id}`, booking_count: bookingsOf(id) });
    }
  });

  it('refuses writes asked for (--read-ratio 80, --compare, a programmatic run) before anything runs, naming --read-ratio 100 and the scratch database', async () => {
    const before = await db.bookings();
    const refused = await loadtest(db.url, ['-r', '80', '-q', '100']);
    expect(refused.code).toBe(2);
    expect(refused.out).toBe('');
    expect(refused.err.trim()).toBe(
      `DATABASE_URL=mysql://root@127.0.0.1:3306/${db.name} is an airport database the kit did not load (no fixture_meta), so the lab only reads from it, ` +
        "and --read-ratio 80 would insert bookings into it. Run with --read-ratio 100 (reads only), or run the writes on the kit's scratch database: " +
        'DATABASE_URL=mysql://root@127.0.0.1:3306/cachelab_lab (load it once with `DATABASE_URL=mysql://root@127.0.0.1:3306/cachelab_lab npm run fixtures -- --load`).',
    );
    const compare = await loadtest(db.url, ['--compare', '-q', '100']);
    expect(compare.code).toBe(2);
    expect(compare.err).toContain('and --compare (its write-heavy scenario is 50% writes) would insert bookings into it.');
    await expect(
      runLoadTest({ ...LAB_DEFAULTS, backend: 'real', threads: 1, queries: 50, keyPrefix: PREFIX, progress: false }, { CACHE_URL, DATABASE_URL: db.url }),
    ).rejects.toMatchObject({
      code: 'E_LAB_READ_ONLY',
    });
    expect(await db.bookings()).toBe(before);
  });

  it('names every missing table or column, and says an empty database is not loaded', async () => {
    const broken = await createFlughafenDatabase();
    extra.push(broken);
    await broken.exec(
      'ALTER TABLE passenger DROP COLUMN lastname',
      'ALTER TABLE booking CHANGE seat seat_no char(4) NULL',
      'SET FOREIGN_KEY_CHECKS = 0',
      'DROP TABLE flight',
    );
    const r = await loadtest(broken.url, ['-r', '100', '-q', '10']);
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain(
      `DATABASE_URL=mysql://root@127.0.0.1:3306/${broken.name} does not have the airport schema the lab's queries use: missing column passenger.lastname, column booking.seat, table flight.`,
    );
    expect(r.err).not.toMatch(/\bat .*\.ts:\d+/);
    await broken.exec(
      'DROP TABLE booking',
      'DROP TABLE passengerdetails',
      'DROP TABLE passenger',
      'DROP TABLE airplane',
      'DROP TABLE airplane_type',
      'DROP TABLE airline',
      'DROP TABLE airport',
      'DROP TABLE weatherdata',
    );
    const empty = await loadtest(broken.url, ['-r', '100', '-q', '10']);
    expect(empty.code).toBe(1);
    expect(empty.err).toContain(
      `The airport data is not loaded in DATABASE_URL=mysql://root@127.0.0.1:3306/${broken.name} (the database ${broken.name} has no tables). Load it with \`npm run fixtures -- --load\`.`,
    );
  });
});
