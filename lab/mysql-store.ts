/**
 * A worker thread's database: one mysql2 connection running the seeds' SQL (the constants of
 * lib/backends/source/airport-store.ts) as server-side prepared statements. The shared
 * AirportStore sends each query as text through a pool; a worker holds exactly one connection
 * for its whole life, so it skips the pool and lets the server parse each statement once, as a
 * long-running application would (about 10% more queries per second on this machine).
 */
import type { BookingRowPacket } from '../lib/backends/source/airport-mysql.js';
import { INSERT_BOOKING_SQL, READ_BOOKINGS_SQL } from '../lib/backends/source/airport-store.js';
import { parseDatabaseUrl } from '../lib/backends/source/database-url.js';
import { explainMysqlError, openMysqlConnection } from '../lib/backends/source/mysql.js';
import type { LabStore } from './cache-aside.js';

/** A {@link LabStore} over its own connection; `close()` ends it. */
export interface ClosableLabStore extends LabStore {
  close(): Promise<void>;
}

/** Opens one connection to `databaseUrl`; throws the kit's clear errors when it cannot. */
export async function openLabMysqlStore(databaseUrl: string): Promise<ClosableLabStore> {
  const settings = parseDatabaseUrl(databaseUrl);
  const conn = await openMysqlConnection(settings);
  return {
    async read(passengerId) {
      try {
        const [rows] = await conn.execute<BookingRowPacket[]>(READ_BOOKINGS_SQL, [passengerId]);
        const row = rows[0];
        return row ? { firstname: row.firstname, lastname: row.lastname, booking_count: Number(row.booking_count) } : null;
      } catch (error) {
        throw explainMysqlError(error, settings);
      }
    },
    async insert(flightId, passengerId) {
      try {
        await conn.execute(INSERT_BOOKING_SQL, [flightId, passengerId]);
      } catch (error) {
        throw explainMysqlError(error, settings);
      }
    },
    close: () => conn.end().catch(() => undefined),
  };
}
