/**
 * Loads the airport data into MySQL/MariaDB: creates the database when missing, recreates the
 * schema, inserts every batch in one transaction and records the data hash in `fixture_meta`.
 * Idempotent: when the marker holds the same hash and the row counts match, nothing is done.
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { explainMysqlError, openMysqlConnection } from '../mysql.js';
import type { MysqlSettings } from '../database-url.js';
import type { AirportData } from './generate.js';
import { airportCounts, insertBatches, markerStatement, type AirportCounts, type InsertBatch } from './sql.js';
import { schemaStatements } from './schema.js';

/** What a database holds compared with the data set. */
export type LoadState =
  /** No marker (empty or new database). */
  | 'missing'
  /** A marker for another data set (the generator or its options changed). */
  | 'stale'
  /** The right marker, but rows were added or removed since (a test or the lab wrote). */
  | 'modified'
  /** Exactly the data set. */
  | 'loaded';

/** What {@link inspectAirportLoad} found. */
export interface LoadInspection {
  state: LoadState;
  /** Row counts found (zeros when tables are missing). */
  counts: AirportCounts;
  /** The hash in the marker, if any. */
  hash?: string;
}

/** Options of {@link loadAirport}. */
export interface LoadOptions {
  /** Reload even when the marker says the data is there. */
  force?: boolean;
  /** Called after each batch. */
  onProgress?: (batch: InsertBatch) => void;
  connectTimeoutMs?: number;
}

/** What {@link loadAirport} did. */
export interface LoadReport {
  /** State before the call. */
  before: LoadState;
  /** Whether rows were (re)loaded. */
  loaded: boolean;
  counts: AirportCounts;
  ms: number;
}

async function rows<T>(conn: Connection, sql: string): Promise<T[]> {
  const [result] = await conn.query<RowDataPacket[]>(sql);
  return result as T[];
}

/** Compares what `conn`'s database holds with the data set of `hash` and `expected` counts. */
export async function inspectAirportLoad(conn: Connection, hash: string, expected: AirportCounts): Promise<LoadInspection> {
  const zero = { passengers: 0, flights: 0, bookings: 0 };
  let marker: { data_hash: string }[];
  try {
    marker = await rows(conn, "SELECT data_hash FROM fixture_meta WHERE name = 'airport'");
  } catch (error) {
    if ((error as { code?: string }).code === 'ER_NO_SUCH_TABLE') return { state: 'missing', counts: zero };
    throw error;
  }
  if (marker.length === 0) return { state: 'missing', counts: zero };
  const found = marker[0]!.data_hash;
  const [c] = await rows<{ passengers: number; flights: number; bookings: number }>(
    conn,
    'SELECT (SELECT COUNT(*) FROM passenger) AS passengers, (SELECT COUNT(*) FROM flight) AS flights, (SELECT COUNT(*) FROM booking) AS bookings',
  );
  const counts = { passengers: Number(c!.passengers), flights: Number(c!.flights), bookings: Number(c!.bookings) };
  if (found !== hash) return { state: 'stale', counts, hash: found };
  const same = counts.passengers === expected.passengers && counts.flights === expected.flights && counts.bookings === expected.bookings;
  return { state: same ? 'loaded' : 'modified', counts, hash: found };
}

/** Creates the database of `settings` when it is missing. */
export async function ensureDatabase(settings: MysqlSettings, connectTimeoutMs?: number): Promise<void> {
  const conn = await openMysqlConnection(settings, { noDatabase: true, connectTimeoutMs });
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${settings.database}\` CHARACTER SET utf8mb4`);
  } catch (error) {
    throw explainMysqlError(error, settings);
  } finally {
    await conn.end().catch(() => undefined);
  }
}

/** Loads `data` (whose hash is `hash`) into the database of `settings`, unless already there. */
export async function loadAirport(settings: MysqlSettings, data: AirportData, hash: string, options: LoadOptions = {}): Promise<LoadReport> {
  const started = performance.now();
  await ensureDatabase(settings, options.connectTimeoutMs);
  const conn = await openMysqlConnection(settings, { connectTimeoutMs: options.connectTimeoutMs });
  const expected = airportCounts(data);
  try {
    const { state } = await inspectAirportLoad(conn, hash, expected);
    if (state === 'loaded' && !options.force) {
      return { before: state, loaded: false, counts: expected, ms: performance.now() - started };
    }
    // DDL commits implicitly, so the schema goes first; the rows then land in one transaction.
    for (const statement of schemaStatements()) await conn.query(statement);
    await conn.query('SET SESSION foreign_key_checks = 0, unique_checks = 0');
    await conn.beginTransaction();
    for (const batch of insertBatches(data)) {
      await conn.query(batch.sql);
      options.onProgress?.(batch);
    }
    await conn.query(markerStatement(hash, expected));
    await conn.commit();
    await conn.query('SET SESSION foreign_key_checks = 1, unique_checks = 1');
    return { before: state, loaded: true, counts: expected, ms: performance.now() - started };
  } catch (error) {
    await conn.rollback().catch(() => undefined);
    throw explainMysqlError(error, settings);
  } finally {
    await conn.end().catch(() => undefined);
  }
}
