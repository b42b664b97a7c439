/**
 * The lab's own scratch database for anything that writes (the real-backend test and the
 * benchmark insert bookings): `cachelab_lab` on the DATABASE_URL server, loaded with the airport
 * fixtures when it is missing or holds another data set. Bookings the lab added since are kept
 * (a few thousand rows beside 300,000 change no figure), so repeated runs do not reload it.
 */
import { generateAirportData } from '../lib/backends/source/airport/generate.js';
import { ensureDatabase, inspectAirportLoad, loadAirport, type LoadState } from '../lib/backends/source/airport/load.js';
import { airportCounts, airportDataHash } from '../lib/backends/source/airport/sql.js';
import { parseDatabaseUrl, withDatabase } from '../lib/backends/source/database-url.js';
import { DEFAULT_DATABASE_URL } from '../lib/config.js';
import { explainMysqlError, openMysqlConnection } from '../lib/backends/source/mysql.js';

/** The database the lab writes to in tests and benchmarks. */
const LAB_DATABASE = 'cachelab_lab';

/** The URL of {@link LAB_DATABASE} on the server of `baseUrl` (default: the kit's DATABASE_URL default). */
export function labDatabaseUrl(baseUrl = DEFAULT_DATABASE_URL): string {
  const url = new URL(baseUrl);
  url.pathname = `/${withDatabase(parseDatabaseUrl(baseUrl), LAB_DATABASE).database}`;
  return url.toString();
}

/** Loads the airport data into the database of `databaseUrl` unless it is there; returns what it found. */
export async function ensureAirportData(databaseUrl: string): Promise<{ before: LoadState; loaded: boolean }> {
  const settings = parseDatabaseUrl(databaseUrl);
  await ensureDatabase(settings);
  const data = generateAirportData();
  const hash = airportDataHash(data);
  const conn = await openMysqlConnection(settings);
  let before: LoadState;
  try {
    before = (await inspectAirportLoad(conn, hash, airportCounts(data))).state;
  } catch (error) {
    throw explainMysqlError(error, settings);
  } finally {
    await conn.end().catch(() => undefined);
  }
  if (before === 'loaded' || before === 'modified') return { before, loaded: false };
  await loadAirport(settings, data, hash);
  return { before, loaded: true };
}
