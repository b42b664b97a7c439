/**
 * Starts and stops local `redis-server` (or `valkey-server`) processes on loopback ports, for
 * tests that need a server of their own (CONFIG SET, eviction, cluster nodes) and for load checks
 * on N real nodes. Each process runs without persistence and dies with its parent.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { RedisProcessError } from './errors.js';

/** A running server process. */
export interface RedisProcess {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Stops the process (SIGTERM, then SIGKILL after 2 s). */
  stop(): Promise<void>;
}

/** Options of {@link startRedisServer}. */
export interface RedisProcessOptions {
  /** Loopback port to listen on. */
  port: number;
  /** Extra `--name value` settings, e.g. { maxmemory: '4mb', 'maxmemory-policy': 'allkeys-lru' }. */
  config?: Record<string, string>;
  /** How long to wait for PING to answer (default 5 s). */
  timeoutMs?: number;
  /**
   * Which server to run: `redis` (redis-server only), `valkey` (valkey-server only), or `any`
   * (the default: redis-server, else valkey-server).
   */
  server?: ServerKind;
}

/** Which server binary {@link startRedisServer} runs. */
export type ServerKind = 'redis' | 'valkey' | 'any';

/** How to install valkey-server on Debian 12 (what `.ci/run` does). */
const VALKEY_INSTALL_HINT =
  'install it with `apt-get install -t bookworm-backports valkey-server` (Debian 12: add `deb http://deb.debian.org/debian bookworm-backports main` ' +
  'to the apt sources first; `.ci/run` does both)';

/** The server binary on PATH for `server` (default `any`: redis-server, else valkey-server), or undefined. */
export function findServerBinary(server: ServerKind = 'any'): string | undefined {
  const names = server === 'redis' ? ['redis-server'] : server === 'valkey' ? ['valkey-server'] : ['redis-server', 'valkey-server'];
  for (const name of names) {
    if (spawnSync('sh', ['-c', `command -v ${name}`]).status === 0) return name;
  }
  return undefined;
}

async function ping(port: number): Promise<boolean> {
  const client = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** Starts a server on 127.0.0.1:`port` and resolves once it answers PING. */
export async function startRedisServer(options: RedisProcessOptions): Promise<RedisProcess> {
  const { port } = options;
  const server = options.server ?? 'any';
  const binary = findServerBinary(server);
  if (!binary) {
    throw new RedisProcessError(
      server === 'valkey'
        ? `valkey-server is not installed: this test runs on Valkey as well as Redis; ${VALKEY_INSTALL_HINT}.`
        : server === 'redis'
          ? 'redis-server is not installed; install it (apt-get install redis-server) to run this test or load check on real Redis.'
          : 'Neither redis-server nor valkey-server is installed; install one (apt install redis-server) to run this test or load check on real nodes.',
    );
  }
  if (await ping(port)) {
    throw new RedisProcessError(`Port 127.0.0.1:${port} already has a Redis server; stop it or pick another port for this test.`);
  }
  const settings = { port: String(port), bind: '127.0.0.1', save: '', appendonly: 'no', daemonize: 'no', ...options.config };
  const args = Object.entries(settings).flatMap(([k, v]) => [`--${k}`, v]);
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let exited = false;
  // A test runner that dies without afterAll must not leave servers behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.on('exit', () => {
    exited = true;
    process.off('exit', killOnExit);
  });
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  while (!(await ping(port))) {
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new RedisProcessError(`${binary} did not start on 127.0.0.1:${port}${stderr ? `: ${stderr.trim()}` : ''}.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (exited) return;
      const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await done;
      clearTimeout(timer);
    },
  };
}
