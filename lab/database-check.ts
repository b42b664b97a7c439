/**
 * Which airport database the real backend runs on, before anything is measured: the kit's own
 * (read and written, as the seed does) or another one with the airport schema, such as the source
 * material's flughafendb, which the lab only reads. The check is a schema check: a missing table
 * or column is one error naming it (lib/backends/source/airport/detect.ts).
 */
import { detectAirportDatabase, type AirportDatabase } from '../lib/backends/source/airport/detect.js';
import { maskUrl, parseDatabaseUrl } from '../lib/backends/source/database-url.js';
import { openMysqlConnection } from '../lib/backends/source/mysql.js';
import type { LabConfig } from './config.js';
import { LabReadOnlyError } from './errors.js';
import { labDatabaseUrl } from './lab-database.js';
import { int } from './report.js';

/** Reads the schema of the database at `databaseUrl` (one connection, closed again). */
export async function inspectLabDatabase(databaseUrl: string): Promise<AirportDatabase> {
  const settings = parseDatabaseUrl(databaseUrl);
  const conn = await openMysqlConnection(settings);
  try {
    return await detectAirportDatabase(conn, settings);
  } finally {
    await conn.end().catch(() => undefined);
  }
}

/** Throws {@link LabReadOnlyError} when `config` would write to a database the kit did not load; `what` names the writer. */
export function assertWritable(database: AirportDatabase, config: LabConfig, databaseUrl: string, what = `--read-ratio ${config.readRatio}`): void {
  if (database.origin === 'kit' || config.readRatio >= 100) return;
  throw new LabReadOnlyError(parseDatabaseUrl(databaseUrl).display, what, maskUrl(labDatabaseUrl(databaseUrl)));
}

/** What the configuration block says about the database found (one line per entry). */
export function describeDatabase(database: AirportDatabase): string[] {
  if (database.origin === 'kit') return [`the kit's airport data (fixture_meta), read and written`];
  const r = database.rows;
  const others = database.otherTables;
  return [
    `airport schema without the kit's fixture_meta: passenger (${int(r.passenger)} rows), flight (${int(r.flight)}), booking (about ${int(database.approxBookings)}, the server's estimate)` +
      (others.length > 0
        ? `, and ${others.length} other table${others.length === 1 ? '' : 's'} left alone (${others.slice(0, 6).join(', ')}${others.length > 6 ? ', …' : ''})`
        : ''),
    'read-only: the lab never writes to a database it did not load (read ratio 100%)',
  ];
}

/**
 * The configuration a run uses on `database`: unchanged on the kit's own; on another database,
 * reads only when the read ratio was left at its default, refused when one below 100 was asked for.
 */
export function labConfigFor(database: AirportDatabase, config: LabConfig, databaseUrl: string, readRatioGiven: boolean): LabConfig {
  if (database.origin === 'kit' || config.readRatio >= 100) return config;
  if (readRatioGiven) assertWritable(database, config, databaseUrl);
  return { ...config, readRatio: 100 };
}
