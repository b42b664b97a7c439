/**
 * Shared by the integration tests that talk to the real MySQL/MariaDB (127.0.0.1:3306 unless
 * DATABASE_URL says otherwise). Tests that write use their own scratch database, never `cachelab`.
 */
import { databaseUrl } from '../../config.js';
import { parseDatabaseUrl, withDatabase, type MysqlSettings } from './database-url.js';
import { generateAirportData, type AirportData, type AirportDataOptions } from './airport/generate.js';
import { airportDataHash } from './airport/sql.js';
import { openMysqlConnection } from './mysql.js';

/** The server the integration tests use, with `database` selected. */
export function testDatabase(database?: string): MysqlSettings {
  const base = parseDatabaseUrl(databaseUrl(process.env, { blank: 'unset' }).value);
  return database ? withDatabase(base, database) : base;
}

/** A generated data set and its hash. */
export function dataSet(options: AirportDataOptions = {}): { data: AirportData; hash: string } {
  const data = generateAirportData(options);
  return { data, hash: airportDataHash(data) };
}

/** Drops a scratch database (used to test the "missing database" paths). */
export async function dropDatabase(settings: MysqlSettings): Promise<void> {
  const conn = await openMysqlConnection(settings, { noDatabase: true });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${settings.database}\``);
  } finally {
    await conn.end();
  }
}
