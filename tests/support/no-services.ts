/**
 * Setup file of the fast tier (`npm run verify:unit`, vitest.unit.config.ts): every test file runs
 * as if Redis, Valkey and MariaDB were stopped, whether or not they are. The backend variables
 * are unset (CACHE_URL would select the real backend), so the kit's defaults apply; a TCP
 * connection to a fixed port (the services' 6379, 3306, the cluster and private-server ports:
 * anything below the ephemeral range, where an in-process fake listens) or to another host goes
 * to a closed loopback port instead, refused at once as by a stopped server; starting a
 * redis-server, valkey-server or mariadbd is refused. Each attempt is recorded and fails the file,
 * naming the test file's mistake: such a test belongs in `npm run verify` only.
 */
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { afterAll, expect } from 'vitest';

/** Port 9 (discard) on loopback: nothing listens there, so a connection is refused at once. */
const CLOSED_PORT = 9;
for (const name of ['CACHE_URL', 'DATABASE_URL', 'CACHE_CLUSTER_URLS', 'CACHE_CLUSTER_KIND', 'CACHELAB_CLUSTER_URLS', 'CACHELAB_BACKEND'])
  delete process.env[name];

/** Lowest port of Linux's default ephemeral range: in-process fakes listen on port 0, above it. */
const EPHEMERAL_FROM = 32_768;
const SERVERS = /(^|\/)(redis-server|valkey-server|redis-cli|mariadbd|mysqld|mariadb-install-db)$/;
const attempts: string[] = [];

/** The host and port a Socket#connect call names, when it is a TCP connection. */
function tcpTarget(args: unknown[]): { host: string; port: number } | null {
  // net.connect() and net.createConnection() (mysql2, ioredis) pass their arguments normalized: one array.
  const [first, second] = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  if (first !== null && typeof first === 'object') {
    const o = first as { port?: unknown; host?: unknown; path?: unknown };
    if (o.path !== undefined || o.port === undefined) return null;
    return { host: typeof o.host === 'string' ? o.host : 'localhost', port: Number(o.port) };
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return { host: typeof second === 'string' ? second : 'localhost', port: Number(first) };
  }
  return null;
}

const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || host.startsWith('127.');

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const target = tcpTarget(args);
  if (target && target.port !== CLOSED_PORT && (!isLoopback(target.host) || target.port < EPHEMERAL_FROM)) {
    attempts.push(`a connection to ${target.host}:${target.port}`);
    const rest = args.slice(typeof args[0] === 'object' ? 1 : 2);
    return (connect as (...a: unknown[]) => net.Socket).call(this, { host: '127.0.0.1', port: CLOSED_PORT }, ...rest.filter((a) => typeof a === 'function'));
  }
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
};

for (const name of ['spawn', 'spawnSync', 'execFile', 'execFileSync'] as const) {
  const original = childProcess[name] as (...a: unknown[]) => unknown;
  (childProcess as unknown as Record<string, unknown>)[name] = function guardedSpawn(...args: unknown[]) {
    if (typeof args[0] === 'string' && SERVERS.test(args[0])) {
      attempts.push(`starting ${args[0]}`);
      throw new Error(`npm run verify:unit runs without services: ${args[0]} may not be started here`);
    }
    return original(...args);
  };
}
// `import { spawn } from 'node:child_process'` sees the guarded functions too.
syncBuiltinESMExports();

afterAll(() => {
  expect(attempts, 'this test file needs a server (Redis, Valkey or MariaDB): leave it out of vitest.unit.config.ts').toEqual([]);
});
