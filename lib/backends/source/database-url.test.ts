import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl, withDatabase } from './database-url.js';
import { DatabaseUnreachableError, DatabaseUrlError } from './errors.js';
import { openMysqlAirportStore } from './airport-mysql.js';

async function freeLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('DATABASE_URL', () => {
  const cases: [string, RegExp][] = [
    ['postgres://root@127.0.0.1:5432/cachelab', /the scheme is "postgres", not "mysql"/],
    ['mysql://root@127.0.0.1:3306', /database name after the last "\/" is missing/],
    ['127.0.0.1:3306/cachelab', /scheme is "127.0.0.1"|does not parse/],
    ['not a url', /does not parse as a URL/],
    ['mysql://root@127.0.0.1:3306/cache-lab', /may only hold letters, digits/],
  ];
  it.each(cases)('rejects %s naming the variable, the value and the expected form', (value, problem) => {
    let caught: unknown;
    try {
      parseDatabaseUrl(value);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DatabaseUrlError);
    const message = (caught as Error).message;
    expect(message).toContain(`DATABASE_URL=${JSON.stringify(value)} is not a valid MySQL URL`);
    expect(message).toMatch(problem);
    expect(message).toContain('Expected mysql://user:password@host:port/database');
    expect((caught as DatabaseUrlError).code).toBe('E_BAD_DATABASE_URL');
  });

  it('masks the password in messages', () => {
    expect(() => parseDatabaseUrl('mysql://root:s3cret@127.0.0.1:3306/')).toThrow('mysql://root:****@127.0.0.1:3306/');
    expect(() => parseDatabaseUrl('mysql://root:s3cret@127.0.0.1:3306/')).not.toThrow(/s3cret/);
  });

  it('switches database for scratch use', () => {
    const s = withDatabase(parseDatabaseUrl('mysql://root@127.0.0.1:3306/cachelab'), 'cachelab_test_x');
    expect(s.database).toBe('cachelab_test_x');
    expect(s.display).toBe('mysql://root@127.0.0.1:3306/cachelab_test_x');
  });
});

describe('an unreachable MySQL', () => {
  const silent = net.createServer(() => undefined); // accepts, never speaks
  afterAll(() => new Promise<void>((resolve) => silent.close(() => resolve())));

  it('fails within seconds with the fix, when nothing listens on the port', async () => {
    const port = await freeLoopbackPort();
    const url = `mysql://root@127.0.0.1:${port}/cachelab`;
    const started = Date.now();
    const error = await openMysqlAirportStore({ databaseUrl: url }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error).toBeInstanceOf(DatabaseUnreachableError);
    expect((error as Error).message).toContain(`Cannot reach MySQL/MariaDB at DATABASE_URL=${url}`);
    expect((error as Error).message).toContain('Start it with `npm run services` or `docker compose up -d`, or unset DATABASE_URL to use the embedded store.');
    expect((error as Error).cause).toBeDefined();
  });

  it('fails within seconds when a server accepts but never answers', async () => {
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const started = Date.now();
    const error = await openMysqlAirportStore({ databaseUrl: `mysql://root@127.0.0.1:${port}/cachelab`, connectTimeoutMs: 500 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(error).toBeInstanceOf(DatabaseUnreachableError);
    expect((error as DatabaseUnreachableError).code).toBe('E_DATABASE_UNREACHABLE');
  });
});
