/**
 * docker-compose.yml against the kit's defaults: a compose tool accepts it (`docker-compose config`,
 * Debian's docker-compose 1.29; no Docker engine needed), and the services it starts listen where
 * CACHE_URL and DATABASE_URL point by default, with the user, password and database those URLs
 * name. Fails, saying how to install it, when docker-compose is missing (`.ci/run` installs it).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_CACHE_URL as LAB_CACHE_URL } from '../../lab/redis.js';
import { DEFAULT_CACHE_URL } from '../../lib/backends/cache/real.js';
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from '../../lib/backends/source/database-url.js';
import { KIT_ROOT } from '../../lib/manifest.js';

interface Service {
  image?: string;
  command?: string[];
  ports?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[] };
}
interface Compose {
  services: Record<string, Service>;
}

const FILE = path.join(KIT_ROOT, 'docker-compose.yml');
const cache = new URL(DEFAULT_CACHE_URL);
const db = parseDatabaseUrl(DEFAULT_DATABASE_URL);

/** `host:published:target[/proto]` of a short-syntax port, as compose writes or reads it. */
function published(port: string): { host: string; published: number; target: number } {
  const m = /^([\d.]+):(\d+):(\d+)(\/tcp)?$/.exec(port);
  if (!m) throw new Error(`port "${port}" is not host:published:target`);
  return { host: m[1]!, published: Number(m[2]), target: Number(m[3]) };
}

/** What the file says, and what compose understood of it, hold the same checks. */
function checkServices(compose: Compose, origin: string): void {
  const services = Object.entries(compose.services);
  const cacheServices = services.filter(([, s]) => /^(valkey\/valkey|redis):/.test(s.image ?? ''));
  const dbServices = services.filter(([, s]) => /^(mysql|mariadb):/.test(s.image ?? ''));
  expect([cacheServices.length, dbServices.length], `${origin}: one cache and one database service`).toEqual([1, 1]);
  const [, valkey] = cacheServices[0]!;
  const [, mysql] = dbServices[0]!;

  expect(valkey.ports!.map(published), `${origin}: the cache at CACHE_URL's default ${DEFAULT_CACHE_URL}`).toEqual([
    { host: cache.hostname, published: Number(cache.port), target: 6379 },
  ]);
  expect(cache.username + cache.password, 'CACHE_URL default has no credentials: the cache has no requirepass').toBe('');
  expect(valkey.command!.join(' ')).not.toMatch(/requirepass|--port/);

  expect(mysql.ports!.map(published), `${origin}: the database at DATABASE_URL's default ${db.display}`).toEqual([
    { host: db.host, published: db.port, target: 3306 },
  ]);
  const env = mysql.environment!;
  expect(db.user, 'the default URL logs in as root').toBe('root');
  // root with the default URL's empty password, from the host (127.0.0.1 reaches the container from outside)
  expect([db.password, env.MYSQL_ALLOW_EMPTY_PASSWORD, env.MYSQL_ROOT_PASSWORD, env.MYSQL_ROOT_HOST]).toEqual(['', 'yes', undefined, '%']);
  expect(env.MYSQL_DATABASE, 'the database the default URL names').toBe(db.database);
  expect(mysql.healthcheck!.test, 'the health check logs in as the kit does').toEqual(expect.arrayContaining(['-h', db.host, `-u${db.user}`]));
}

describe('docker-compose.yml matches the kit defaults', () => {
  test('every default URL in the code is the same', () => {
    expect(LAB_CACHE_URL).toBe(DEFAULT_CACHE_URL);
    expect([cache.hostname, cache.port, DEFAULT_DATABASE_URL]).toEqual(['127.0.0.1', '6379', 'mysql://root@127.0.0.1:3306/cachelab']);
  });

  test('the file itself (parsed as YAML): ports, user, password, database', () => {
    checkServices(parse(readFileSync(FILE, 'utf8')) as Compose, 'docker-compose.yml');
  });

  test('docker-compose config accepts it, and what it understood holds the same', () => {
    const run = spawnSync('docker-compose', ['--file', FILE, 'config'], { cwd: KIT_ROOT, encoding: 'utf8', timeout: 60_000 });
    const error: NodeJS.ErrnoException | undefined = run.error;
    if (error?.code === 'ENOENT') {
      throw new Error(
        'docker-compose is not installed: `apt-get install docker-compose` (Debian; `.ci/run` installs it). No Docker engine is needed to check the file.',
      );
    }
    expect(run.status, `docker-compose config failed:\n${run.stderr}`).toBe(0);
    checkServices(parse(run.stdout) as Compose, 'docker-compose config');
  });
});
