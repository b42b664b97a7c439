/**
 * A redis-server of exercise 5's own (given code), for runs that flush, fill memory or change the
 * configuration: never the shared server at CACHE_URL. It takes the first free loopback port of
 * CACHELAB_EX5_PORTS (default 6440-6449), so parallel test files each get their own.
 */
import { Redis } from 'ioredis';
import { startRedisServer, type RedisProcess, type ServerKind } from '../../backends/cache/redis-process.js';

/** Ports to try, from CACHELAB_EX5_PORTS (`6440-6449` or `6440,6441`). */
export function privatePorts(env: NodeJS.ProcessEnv = process.env): number[] {
  const text = env.CACHELAB_EX5_PORTS?.trim() || '6440-6449';
  const range = /^(\d+)-(\d+)$/.exec(text);
  const ports = range
    ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i)
    : text.split(',').map((p) => Number(p.trim()));
  if (ports.length === 0 || ports.some((p) => !Number.isInteger(p) || p < 1024 || p > 65535)) {
    throw new Error(`CACHELAB_EX5_PORTS="${text}" is not a port list: use a range such as 6440-6449 or a comma-separated list of ports 1024-65535.`);
  }
  return ports;
}

/** A private server and clients on it; `close` stops them all. */
export interface PrivateRedis {
  readonly process: RedisProcess;
  /** A new connection (closed by `close`). */
  client(name?: string): Redis;
  close(): Promise<void>;
}

/**
 * Starts redis-server with `config` (e.g. maxmemory) on the first free port of {@link privatePorts};
 * `server: 'valkey'` starts valkey-server instead (and fails at once, saying how to install it, when it is not installed).
 */
export async function startPrivateRedis(config: Record<string, string> = {}, options: { server?: ServerKind } = {}): Promise<PrivateRedis> {
  const errors: string[] = [];
  for (const port of privatePorts()) {
    let proc: RedisProcess;
    try {
      proc = await startRedisServer({ port, config, server: options.server });
    } catch (error) {
      if (error instanceof Error && / is not installed/.test(error.message)) throw error; // no other port will help
      // Busy (another test file took it a moment ago) or failed to bind: try the next port.
      errors.push(`${port}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const clients: Redis[] = [];
    return {
      process: proc,
      client(name) {
        const c = new Redis(proc.port, '127.0.0.1', { connectionName: name, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
        c.on('error', () => undefined); // surfaced on the next command
        clients.push(c);
        return c;
      },
      async close() {
        for (const c of clients) c.disconnect();
        await proc.stop();
      },
    };
  }
  throw new Error(
    `could not start a private redis-server on any of ports ${privatePorts().join(', ')} (set CACHELAB_EX5_PORTS to free ones):\n${errors.join('\n')}`,
  );
}
