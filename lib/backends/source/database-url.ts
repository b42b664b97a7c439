/**
 * DATABASE_URL: where the real backend's MySQL/MariaDB lives. The default matches
 * docker-compose.yml and `npm run services`: root with an empty password on 127.0.0.1:3306.
 */
import { DatabaseUrlError } from './errors.js';

/** The URL used when DATABASE_URL is unset (defined in lib/config.ts). */
export { DEFAULT_DATABASE_URL } from '../../config.js';

/** Connection settings read from a URL. */
export interface MysqlSettings {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** The URL with its password masked, for messages. */
  display: string;
}

const DATABASE_NAME = /^[A-Za-z0-9_$]{1,64}$/;

/** The URL with any password replaced by `****`. */
export function maskUrl(value: string): string {
  return value.replace(/^([a-z]+:\/\/[^:@/]*):[^@/]*@/i, '$1:****@');
}

/** Parses a MySQL URL; throws a {@link DatabaseUrlError} naming `variable` when it is malformed. */
export function parseDatabaseUrl(value: string, variable = 'DATABASE_URL'): MysqlSettings {
  const fail = (problem: string): never => {
    throw new DatabaseUrlError(variable, maskUrl(value), problem);
  };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('it does not parse as a URL');
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') fail(`the scheme is "${url.protocol.replace(/:$/, '')}", not "mysql"`);
  if (!url.hostname) fail('the host is missing');
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) fail('the database name after the last "/" is missing');
  if (!DATABASE_NAME.test(database)) fail(`the database name "${database}" may only hold letters, digits, _ and $`);
  const port = url.port ? Number(url.port) : 3306;
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    user: decodeURIComponent(url.username) || 'root',
    password: decodeURIComponent(url.password),
    database,
    display: maskUrl(value),
  };
}

/** The same server with another database (e.g. a scratch database for tests that write). */
export function withDatabase(settings: MysqlSettings, database: string): MysqlSettings {
  if (!DATABASE_NAME.test(database)) throw new RangeError(`database name "${database}" may only hold letters, digits, _ and $`);
  return { ...settings, database, display: settings.display.replace(/\/[^/?#]*(?=[?#]|$)/, `/${database}`) };
}
