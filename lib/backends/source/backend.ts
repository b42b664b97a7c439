/**
 * Picks the data-source backend: embedded (in-process fixture store, no setup) or real
 * (MySQL/MariaDB at DATABASE_URL). The `backend` option wins, then env CACHELAB_BACKEND, then
 * "real" when DATABASE_URL is set, else "embedded". Exercises receive the same interfaces either way.
 */
import type { Pool } from 'mysql2/promise';
import type { BackendKind } from '../types.js';
import type { SocialKeySpace, SocialKeySpaceOptions } from '../../workload/social-keys.js';
import type { CountingSource, CountingSourceOptions } from './counting.js';
import { bookingsSource, type AirportStore, type BookingRow } from './airport-store.js';
import { createEmbeddedAirportStore, type EmbeddedAirportOptions } from './airport-embedded.js';
import { assertAirportLoaded, mysqlAirportStore } from './airport-mysql.js';
import { createEmbeddedSocialSource, type SocialSource, type SocialSourceOptions } from './social-source.js';
import { mysqlSocialSource, type MysqlSocialOptions } from './social-mysql.js';
import { DEFAULT_DATABASE_URL, parseDatabaseUrl, type MysqlSettings } from './database-url.js';
import { openMysqlPool } from './mysql.js';
import { BackendChoiceError } from './errors.js';

/** Options of {@link createDataSourceBackend}. */
export interface DataSourceBackendOptions {
  /** Which backend; default from env (see the module comment). */
  backend?: BackendKind;
  /** Real backend's URL. Default: env DATABASE_URL, else mysql://root@127.0.0.1:3306/cachelab. */
  databaseUrl?: string;
  /** Real backend's pool size. Default 10. */
  connectionLimit?: number;
  /** Real backend: give up connecting after this long. Default 3000 ms. */
  connectTimeoutMs?: number;
  /** Embedded backend: the data set (default: the full fixture data). */
  airport?: EmbeddedAirportOptions;
  /** Environment to read instead of process.env (for tests). */
  env?: Record<string, string | undefined>;
}

/** The data side of a run: the airport store and keyed sources over it. */
export interface DataSourceBackend {
  readonly kind: BackendKind;
  readonly airport: AirportStore;
  /** A counted keyed source `bookings:{id}` → row over {@link airport}. */
  bookings(options?: CountingSourceOptions): CountingSource<BookingRow | null>;
  /** A counted social source (values capped at 64 KiB on the real backend, see social-mysql.ts). */
  social(keySpace?: SocialKeySpace | SocialKeySpaceOptions, options?: MysqlSocialOptions): SocialSource;
  /** Closes the store and, on the real backend, the pool. */
  close(): Promise<void>;
}

/** The backend and URL `options` and the environment select; throws for a bad CACHELAB_BACKEND or URL. */
export function resolveDataSourceBackend(options: DataSourceBackendOptions = {}): { kind: BackendKind; settings?: MysqlSettings } {
  const env = options.env ?? process.env;
  let kind: BackendKind;
  if (options.backend !== undefined) {
    if (options.backend !== 'embedded' && options.backend !== 'real') throw new BackendChoiceError('option "backend"', options.backend);
    kind = options.backend;
  } else if (env.CACHELAB_BACKEND) {
    const value = env.CACHELAB_BACKEND.trim().toLowerCase();
    if (value !== 'embedded' && value !== 'real') throw new BackendChoiceError('CACHELAB_BACKEND', env.CACHELAB_BACKEND);
    kind = value;
  } else {
    kind = env.DATABASE_URL ? 'real' : 'embedded';
  }
  if (kind === 'embedded') return { kind };
  const [url, variable] =
    options.databaseUrl !== undefined ? [options.databaseUrl, 'option "databaseUrl"']
    : env.DATABASE_URL ? [env.DATABASE_URL, 'DATABASE_URL']
    : [DEFAULT_DATABASE_URL, 'DATABASE_URL (default)'];
  return { kind, settings: parseDatabaseUrl(url, variable) };
}

/** Opens the selected backend; the real one fails within seconds with a clear error when MySQL is down. */
export async function createDataSourceBackend(options: DataSourceBackendOptions = {}): Promise<DataSourceBackend> {
  const { kind, settings } = resolveDataSourceBackend(options);
  if (kind === 'embedded' || !settings) {
    const airport = createEmbeddedAirportStore(options.airport);
    return {
      kind: 'embedded',
      airport,
      bookings: (o) => bookingsSource(airport, o),
      social: (space, o: SocialSourceOptions = {}) => createEmbeddedSocialSource(space, o),
      close: () => airport.close(),
    };
  }
  const pool: Pool = await openMysqlPool(settings, options);
  try {
    await assertAirportLoaded(pool, settings);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  const airport = mysqlAirportStore(pool, settings, false);
  return {
    kind: 'real',
    airport,
    bookings: (o) => bookingsSource(airport, o),
    social: (space, o) => mysqlSocialSource(pool, settings, space, o),
    async close() {
      await airport.close();
      await pool.end();
    },
  };
}
