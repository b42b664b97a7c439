/**
 * Opening mysql2 pools and connections for the real backend, with the errors a user can act on:
 * unreachable within a few seconds (not a hang), bad login, database or tables not loaded.
 */
import { createConnection, createPool, type Connection, type Pool, type PoolOptions } from 'mysql2/promise';
import { DatabaseAccessError, DatabaseServerError, DatabaseUnreachableError, FixturesNotLoadedError } from './errors.js';
import type { MysqlSettings } from './database-url.js';

/** Options of {@link openMysqlPool} and {@link openMysqlConnection}. */
export interface MysqlOpenOptions {
  /** Pool size. Default 10. */
  connectionLimit?: number;
  /** How long to wait for the server before giving up. Default 3000 ms. */
  connectTimeoutMs?: number;
  /** Connect without selecting the database (to create it). Default false. */
  noDatabase?: boolean;
}

/** Turns a mysql2 error into one of the kit's errors (or returns it unchanged). */
export function explainMysqlError(error: unknown, settings: MysqlSettings): Error {
  const e = error as { code?: string; message?: string };
  const reason = e?.message ?? String(error);
  switch (e?.code) {
    case 'ECONNREFUSED':
    case 'ETIMEDOUT':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ECONNRESET':
    case 'PROTOCOL_CONNECTION_LOST':
    case 'E_CONNECT_TIMEOUT':
    case 'HANDSHAKE_NO_SSL_SUPPORT':
      return new DatabaseUnreachableError(settings.display, reason, { cause: error });
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
    case 'ER_DBACCESS_DENIED_ERROR':
    case 'ER_NOT_SUPPORTED_AUTH_MODE':
      return new DatabaseAccessError(settings.display, reason, { cause: error });
    case 'ER_CON_COUNT_ERROR':
    case 'ER_TOO_MANY_USER_CONNECTIONS':
      return new DatabaseServerError(
        settings.display,
        `${reason} (${e.code})`,
        "Run fewer clients at once (in the lab: fewer --threads), or raise the server's max_connections.",
        { cause: error },
      );
    case 'ER_BAD_DB_ERROR':
    case 'ER_NO_SUCH_TABLE':
      return new FixturesNotLoadedError(settings.display, reason, { cause: error });
    default:
      return error instanceof Error ? error : new Error(reason);
  }
}

function config(settings: MysqlSettings, options: MysqlOpenOptions): PoolOptions {
  return {
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    database: options.noDatabase ? undefined : settings.database,
    connectTimeout: options.connectTimeoutMs ?? 3000,
    connectionLimit: options.connectionLimit ?? 10,
    charset: 'utf8mb4',
  };
}

// mysql2's connectTimeout covers the TCP connect and handshake; this guard also covers a server
// that accepts and then never speaks, so a wrong port fails in seconds instead of hanging.
async function withDeadline<T>(work: Promise<T>, ms: number, settings: MysqlSettings): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = Object.assign(new Error(`no answer within ${ms} ms`), { code: 'E_CONNECT_TIMEOUT' });
      reject(explainMysqlError(error, settings));
    }, ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Opens a pool and proves the server answers; throws the kit's errors otherwise. */
export async function openMysqlPool(settings: MysqlSettings, options: MysqlOpenOptions = {}): Promise<Pool> {
  const pool = createPool(config(settings, options));
  try {
    await withDeadline(pool.query('SELECT 1'), (options.connectTimeoutMs ?? 3000) + 1000, settings);
    return pool;
  } catch (error) {
    void pool.end().catch(() => undefined);
    throw explainMysqlError(error, settings);
  }
}

/** Opens one connection (for the loader); throws the kit's errors when it cannot. */
export async function openMysqlConnection(settings: MysqlSettings, options: MysqlOpenOptions = {}): Promise<Connection> {
  const { connectionLimit: _ignored, ...connection } = config(settings, options);
  const opening = createConnection(connection);
  try {
    return await withDeadline(opening, (options.connectTimeoutMs ?? 3000) + 1000, settings);
  } catch (error) {
    opening.then(
      (c) => c.destroy(),
      () => undefined,
    );
    throw explainMysqlError(error, settings);
  }
}
