/**
 * The MySQL airport store: the seeds' exact SQL over a mysql2/promise pool. Works on MySQL 8
 * and MariaDB 10.6+, against the schema `npm run fixtures -- --load` creates.
 */
import type { Pool, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { checkId, INSERT_BOOKING_SQL, READ_BOOKINGS_SQL, type AirportStore, type BookingRow, type IdRange } from './airport-store.js';
import { explainMysqlError, openMysqlPool, type MysqlOpenOptions } from './mysql.js';
import { databaseUrl } from '../../config.js';
import { parseDatabaseUrl, type MysqlSettings } from './database-url.js';
import { detectAirportDatabase, type AirportDatabase } from './airport/detect.js';
import { FixturesNotLoadedError, NoSuchFlightError, NoSuchPassengerError, SourceClosedError } from './errors.js';

/** A row of READ_BOOKINGS_SQL as mysql2 returns it (booking_count is a COUNT: a number, or a string for a BIGINT mysql2 keeps exact). */
export interface BookingRowPacket extends RowDataPacket {
  firstname: string;
  lastname: string;
  booking_count: number | string;
}

/** Options of {@link openMysqlAirportStore}. */
export interface MysqlAirportOptions extends MysqlOpenOptions {
  /** Default: env DATABASE_URL, else mysql://root@127.0.0.1:3306/cachelab. */
  databaseUrl?: string;
}

/** Fails with {@link FixturesNotLoadedError} unless the airport tables hold the fixtures. */
async function assertAirportLoaded(pool: Pool, settings: MysqlSettings): Promise<void> {
  let marker: RowDataPacket[];
  try {
    [marker] = await pool.query<RowDataPacket[]>("SELECT data_hash FROM fixture_meta WHERE name = 'airport'");
  } catch (error) {
    throw explainMysqlError(error, settings);
  }
  if (marker.length === 0) throw new FixturesNotLoadedError(settings.display, 'fixture_meta has no airport row');
}

async function range(pool: Pool, table: 'passenger' | 'flight'): Promise<IdRange> {
  const [rows] = await pool.query<RowDataPacket[]>(`SELECT MIN(${table}_id) AS first, MAX(${table}_id) AS last, COUNT(*) AS count FROM ${table}`);
  const r = rows[0]!;
  return { first: Number(r.first ?? 0), last: Number(r.last ?? 0), count: Number(r.count) };
}

/** A MySQL store over an open pool; `ownsPool` says whether close() ends the pool. */
function mysqlAirportStore(pool: Pool, settings: MysqlSettings, ownsPool: boolean): AirportStore {
  let closed = false;
  const run = async <T>(work: () => Promise<T>): Promise<T> => {
    if (closed) throw new SourceClosedError('The MySQL airport store');
    try {
      return await work();
    } catch (error) {
      throw explainMysqlError(error, settings);
    }
  };
  return {
    kind: 'real',
    async getPassengerBookings(passengerId) {
      const id = checkId('passengerId', passengerId);
      return run(async () => {
        const [rows] = await pool.query<BookingRowPacket[]>(READ_BOOKINGS_SQL, [id]);
        const row = rows[0];
        if (!row) return null;
        return { firstname: row.firstname, lastname: row.lastname, booking_count: Number(row.booking_count) } satisfies BookingRow;
      });
    },
    async insertBooking(flightId, passengerId) {
      checkId('flightId', flightId);
      checkId('passengerId', passengerId);
      return run(async () => {
        try {
          const [result] = await pool.query<ResultSetHeader>(INSERT_BOOKING_SQL, [flightId, passengerId]);
          return result.insertId;
        } catch (error) {
          const e = error as { code?: string; message?: string };
          if (e.code === 'ER_NO_REFERENCED_ROW_2' || e.code === 'ER_NO_REFERENCED_ROW') {
            if (e.message?.includes('fk_booking_passenger')) throw new NoSuchPassengerError(passengerId, { cause: error });
            throw new NoSuchFlightError(flightId, { cause: error });
          }
          throw error;
        }
      });
    },
    passengerIds: () => run(() => range(pool, 'passenger')),
    flightIds: () => run(() => range(pool, 'flight')),
    async close() {
      if (closed) return;
      closed = true;
      if (ownsPool) await pool.end();
    },
  };
}

/** Opens a MySQL store: connects (failing fast with a clear error) and checks the fixtures are loaded. */
export async function openMysqlAirportStore(options: MysqlAirportOptions = {}): Promise<AirportStore> {
  const settings = parseDatabaseUrl(options.databaseUrl ?? databaseUrl().value);
  const pool = await openMysqlPool(settings, options);
  try {
    await assertAirportLoaded(pool, settings);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return mysqlAirportStore(pool, settings, true);
}

/**
 * Opens a MySQL store on any database with the airport schema (the kit's own or, say, the source
 * material's flughafendb) and says which it is; throws the kit's errors naming a missing table or
 * column. Writing to a database that is not the kit's is the caller's decision (the lab refuses).
 */
export async function openAirportDatabase(options: MysqlAirportOptions = {}): Promise<{ store: AirportStore; database: AirportDatabase }> {
  const settings = parseDatabaseUrl(options.databaseUrl ?? databaseUrl().value);
  const pool = await openMysqlPool(settings, options);
  try {
    const database = await detectAirportDatabase(pool, settings);
    return { store: mysqlAirportStore(pool, settings, true), database };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}
