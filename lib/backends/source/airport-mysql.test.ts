/**
 * Integration: the MySQL store runs the seeds' SQL against the real server and answers exactly
 * as the embedded store does. Reads use the shared `cachelab` database (loaded by
 * `npm run fixtures -- --load`); writes use the scratch database `cachelab_test_data`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../workload/rng.js';
import { createEmbeddedAirportStore } from './airport-embedded.js';
import { openMysqlAirportStore } from './airport-mysql.js';
import { bookingsSource, type AirportStore } from './airport-store.js';
import { FIXTURES_DIR, type AirportSample } from './airport/files.js';
import { airportCounts } from './airport/sql.js';
import { ensureDatabase, inspectAirportLoad, loadAirport } from './airport/load.js';
import { openMysqlConnection } from './mysql.js';
import { dataSet, dropDatabase, testDatabase } from './mysql-test-helpers.js';

const sample: AirportSample = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'airport-sample.json'), 'utf8'));

describe('MySQL airport store on the shared cachelab database (read-only)', () => {
  const settings = testDatabase();
  let mysql: AirportStore;
  const embedded = createEmbeddedAirportStore();

  beforeAll(async () => {
    const { data, hash } = dataSet();
    await ensureDatabase(settings); // fails with "Cannot reach MySQL/MariaDB …" when the server is down
    const probe = await openMysqlConnection(settings);
    const { state } = await inspectAirportLoad(probe, hash, airportCounts(data));
    await probe.end();
    if (state === 'modified') {
      throw new Error(
        `${settings.display} holds the fixtures plus rows written since (booking counts differ): some test wrote to ` +
          'the shared database. Tests that write must use their own database. Run `npm run fixtures -- --load` to refresh it.',
      );
    }
    if (state !== 'loaded') await loadAirport(settings, data, hash); // nobody relies on a missing or stale load
    mysql = await openMysqlAirportStore({ databaseUrl: `mysql://${settings.user}@${settings.host}:${settings.port}/${settings.database}` });
  });
  afterAll(async () => {
    await mysql?.close();
  });

  it('answers the committed sample exactly (names, counts, null for no bookings)', async () => {
    for (const p of sample.passengers) {
      const expected = p.booking_count === 0 ? null : { firstname: p.firstname, lastname: p.lastname, booking_count: p.booking_count };
      expect(await mysql.getPassengerBookings(p.passenger_id), `passenger ${p.passenger_id}`).toEqual(expected);
    }
  });

  it('gives the same answers as the embedded store for 500 seeded passengers', async () => {
    const rng = createRng('mysql-vs-embedded');
    const ids = Array.from({ length: 500 }, () => 1 + rng.int(sample.counts.passengers));
    const [a, b] = await Promise.all([
      Promise.all(ids.map((id) => mysql.getPassengerBookings(id))),
      Promise.all(ids.map((id) => embedded.getPassengerBookings(id))),
    ]);
    expect(a).toEqual(b);
    expect(await mysql.getPassengerBookings(sample.counts.passengers + 1)).toBeNull();
    expect(await mysql.passengerIds()).toEqual(await embedded.passengerIds());
    expect(await mysql.flightIds()).toEqual(await embedded.flightIds());
  });

  it('serves the keyed source bookings:{id} and counts concurrent calls', async () => {
    const source = bookingsSource(mysql);
    const keys = sample.passengers.slice(0, 20).map((p) => `bookings:${p.passenger_id}`);
    const rows = await Promise.all(keys.map((k) => source.load(k)));
    expect(rows).toEqual(await Promise.all(keys.map((k) => bookingsSource(embedded).load(k))));
    expect(source.stats).toMatchObject({ calls: 20, failures: 0, inFlight: 0, peakInFlight: 20 });
  });
});

describe('MySQL airport store writing to cachelab_test_data', () => {
  const settings = testDatabase('cachelab_test_data');
  const small = { passengers: 2000, flights: 100 };
  const { data, hash } = dataSet(small);
  const url = `mysql://${settings.user}@${settings.host}:${settings.port}/${settings.database}`;
  let mysql: AirportStore;

  beforeAll(async () => {
    await loadAirport(settings, data, hash);
    mysql = await openMysqlAirportStore({ databaseUrl: url });
  });
  afterAll(async () => {
    await mysql?.close();
  });

  it('loads idempotently: a second load is skipped by the marker', async () => {
    const again = await loadAirport(settings, data, hash);
    expect(again).toMatchObject({ before: 'loaded', loaded: false, counts: airportCounts(data) });
  });

  it("counts bookings after the seeds' INSERT exactly as the embedded store does", async () => {
    const embedded = createEmbeddedAirportStore(small);
    const neverBooked = Array.from(data.bookingsPerPassenger).findIndex((n, id) => id > 0 && n === 0);
    expect(neverBooked).toBeGreaterThan(0);
    const writes: [number, number][] = [
      [1, neverBooked],
      [2, 5],
      [3, 5],
      [100, 77],
      [50, 2000],
    ];
    for (const [flight, passenger] of writes) {
      const [idA, idB] = [await mysql.insertBooking(flight, passenger), await embedded.insertBooking(flight, passenger)];
      expect(idA).toBeGreaterThan(0);
      expect(idB).toBeGreaterThan(0);
    }
    for (const passenger of [neverBooked, 5, 77, 2000, 6]) {
      expect(await mysql.getPassengerBookings(passenger)).toEqual(await embedded.getPassengerBookings(passenger));
    }
    expect((await mysql.getPassengerBookings(neverBooked))!.booking_count).toBe(1);
  });

  it('keeps every one of 50 concurrent bookings', async () => {
    const before = (await mysql.getPassengerBookings(10))?.booking_count ?? 0;
    await Promise.all(Array.from({ length: 50 }, (_, i) => mysql.insertBooking(1 + (i % 100), 10)));
    expect((await mysql.getPassengerBookings(10))!.booking_count).toBe(before + 50);
  });

  it('rejects bookings for unknown passengers and flights with the same errors as the embedded store', async () => {
    const embedded = createEmbeddedAirportStore(small);
    for (const store of [mysql, embedded]) {
      await expect(store.insertBooking(1, 999_999)).rejects.toMatchObject({ code: 'E_NO_SUCH_PASSENGER', passengerId: 999_999 });
      await expect(store.insertBooking(999_999, 1)).rejects.toMatchObject({ code: 'E_NO_SUCH_FLIGHT', flightId: 999_999 });
      await expect(store.getPassengerBookings(-1)).rejects.toMatchObject({ code: 'E_INVALID_ID' });
    }
  });

  it('sees its own writes as "modified" and refreshes them on the next load; --force always reloads', async () => {
    const conn = await openMysqlConnection(settings);
    expect((await inspectAirportLoad(conn, hash, airportCounts(data))).state).toBe('modified');
    await conn.end();
    expect(await loadAirport(settings, data, hash)).toMatchObject({ before: 'modified', loaded: true });
    expect(await mysql.getPassengerBookings(10)).toEqual(await createEmbeddedAirportStore(small).getPassengerBookings(10));
    expect(await loadAirport(settings, data, hash, { force: true })).toMatchObject({ before: 'loaded', loaded: true });
  });
});

describe('MySQL airport store without fixtures', () => {
  it('says to run `npm run fixtures -- --load` when the database is missing or empty', async () => {
    const absent = testDatabase('cachelab_test_absent');
    await dropDatabase(absent);
    const url = `mysql://${absent.user}@${absent.host}:${absent.port}/${absent.database}`;
    await expect(openMysqlAirportStore({ databaseUrl: url })).rejects.toMatchObject({ code: 'E_FIXTURES_NOT_LOADED' });
    const conn = await openMysqlConnection(absent, { noDatabase: true });
    await conn.query(`CREATE DATABASE \`${absent.database}\``);
    await conn.end();
    const error = await openMysqlAirportStore({ databaseUrl: url }).catch((e: unknown) => e);
    expect((error as Error).message).toContain(`The airport data is not loaded in DATABASE_URL=${url}`);
    expect((error as Error).message).toContain('Load it with `npm run fixtures -- --load`.');
    await dropDatabase(absent);
  });

  it('names the user when the login is refused', async () => {
    const base = testDatabase();
    const url = `mysql://cachelab_no_such_user:x@${base.host}:${base.port}/cachelab`;
    await expect(openMysqlAirportStore({ databaseUrl: url })).rejects.toMatchObject({ code: 'E_DATABASE_ACCESS' });
  });
});
