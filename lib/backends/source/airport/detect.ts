/**
 * What an airport database is, read from its schema: the kit's own (loaded by
 * `npm run fixtures -- --load`, with the `fixture_meta` marker) or another database with the
 * same table and column names, such as the source material's flughafendb. Only the tables and
 * columns the airport queries use are required (airport-store.ts: READ_BOOKINGS_SQL,
 * INSERT_BOOKING_SQL and the id ranges); anything else the database holds is left alone.
 */
import type { Connection, Pool, RowDataPacket } from 'mysql2/promise';
import type { MysqlSettings } from '../database-url.js';
import { AirportSchemaError, FixturesNotLoadedError } from '../errors.js';
import { explainMysqlError } from '../mysql.js';

/** The columns each airport query needs, by table. */
const REQUIRED_COLUMNS: Readonly<Record<'passenger' | 'booking' | 'flight', readonly string[]>> = {
  passenger: ['passenger_id', 'firstname', 'lastname'],
  booking: ['passenger_id', 'flight_id', 'price', 'seat'],
  flight: ['flight_id'],
};

/** What {@link detectAirportDatabase} found. */
export interface AirportDatabase {
  /** `kit`: fixture_meta says the kit loaded it; `other`: the airport schema without the kit's marker. */
  origin: 'kit' | 'other';
  /** The database's name. */
  database: string;
  /** Rows counted in passenger and flight. */
  rows: { passenger: number; flight: number };
  /** The server's estimate of booking's rows (information_schema TABLE_ROWS: counting a large booking table takes seconds). */
  approxBookings: number;
  /** The tables of the database beyond the ones the queries use (sorted). */
  otherTables: string[];
}

/** The missing tables and columns, as `table` or `table.column`, in REQUIRED_COLUMNS order. */
function missingAirportColumns(columns: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const missing: string[] = [];
  for (const [table, wanted] of Object.entries(REQUIRED_COLUMNS)) {
    const have = columns.get(table);
    if (!have) missing.push(`table ${table}`);
    else for (const c of wanted) if (!have.has(c)) missing.push(`column ${table}.${c}`);
  }
  return missing;
}

/**
 * Reads the schema of `settings.database`. Throws {@link AirportSchemaError} naming every
 * missing table or column, and {@link FixturesNotLoadedError} for the kit's own schema whose load
 * never finished (fixture_meta without its airport row) or a database without passengers.
 */
export async function detectAirportDatabase(db: Pool | Connection, settings: MysqlSettings): Promise<AirportDatabase> {
  let columnRows: RowDataPacket[];
  let tableRows: RowDataPacket[];
  try {
    [columnRows] = await db.query<RowDataPacket[]>('SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()');
    [tableRows] = await db.query<RowDataPacket[]>(
      "SELECT TABLE_NAME AS t, TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE IN ('BASE TABLE', 'VIEW', 'SYSTEM VERSIONED')",
    );
  } catch (error) {
    throw explainMysqlError(error, settings);
  }
  const columns = new Map<string, Set<string>>();
  for (const r of columnRows) {
    const set = columns.get(r.t as string) ?? new Set<string>();
    set.add(r.c as string);
    columns.set(r.t as string, set);
  }
  const missing = missingAirportColumns(columns);
  // A database without any table is most likely the kit's own, never loaded.
  if (columns.size === 0) throw new FixturesNotLoadedError(settings.display, `the database ${settings.database} has no tables`);
  if (missing.length > 0) throw new AirportSchemaError(settings.display, missing);
  const rows = new Map(tableRows.map((r) => [r.t as string, Number(r.n ?? 0)]));
  let origin: AirportDatabase['origin'] = 'other';
  let counts: AirportDatabase['rows'];
  try {
    if (columns.has('fixture_meta')) {
      const [marker] = await db.query<RowDataPacket[]>("SELECT data_hash FROM fixture_meta WHERE name = 'airport'");
      if (marker.length === 0) throw new FixturesNotLoadedError(settings.display, 'fixture_meta has no airport row');
      origin = 'kit';
    }
    const [counted] = await db.query<RowDataPacket[]>('SELECT (SELECT COUNT(*) FROM passenger) AS passenger, (SELECT COUNT(*) FROM flight) AS flight');
    counts = { passenger: Number(counted[0]!.passenger), flight: Number(counted[0]!.flight) };
    if (counts.passenger === 0) throw new FixturesNotLoadedError(settings.display, 'the passenger table is empty');
  } catch (error) {
    if (error instanceof FixturesNotLoadedError) throw error;
    throw explainMysqlError(error, settings);
  }
  const required = new Set(Object.keys(REQUIRED_COLUMNS));
  return {
    origin,
    database: settings.database,
    rows: counts,
    approxBookings: rows.get('booking') ?? 0,
    otherTables: [...columns.keys()].filter((t) => !required.has(t)).sort(),
  };
}
