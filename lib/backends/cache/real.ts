/**
 * The real cache: ioredis clients to a Redis or Valkey server (CACHE_URL), with the same
 * traffic and network counters as the embedded server (every command is seen in sendCommand;
 * a pipeline or MULTI block counts as one round trip). A malformed URL or an unreachable
 * server fails at creation with an error that says what to do.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { cacheUrl, DEFAULT_CACHE_URL } from '../../config.js';
import type { CacheClient } from '../types.js';
import { CacheConfigError, CacheUnreachableError } from './errors.js';
import { replySize, requestSize } from './resp.js';
import { addNetwork, emptyNetwork, TrafficCounter, type InstrumentedCacheServer, type NetworkCounters } from './traffic.js';

/** The URL used when neither the caller nor CACHE_URL gives one (defined in lib/config.ts). */
export { DEFAULT_CACHE_URL } from '../../config.js';

/** Options of {@link createRealCacheServer}. */
export interface RealCacheOptions {
  /** Prefix added to every key by ioredis; flush() then deletes only keys with this prefix. */
  keyPrefix?: string;
  /** How long a connection attempt may take (default 2000 ms). */
  connectTimeoutMs?: number;
}

/** A real cache server. */
export interface RealCacheServer extends InstrumentedCacheServer {
  readonly kind: 'real';
  readonly url: string;
}

/** Checks that `url` is a redis:// or rediss:// URL; throws a CacheConfigError naming CACHE_URL otherwise. */
export function parseCacheUrl(url: string): URL {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const validPort = parsed !== undefined && (parsed.port === '' || Number(parsed.port) > 0);
  const validDb = parsed !== undefined && /^\/?\d*$/.test(parsed.pathname);
  if (!parsed || !['redis:', 'rediss:'].includes(parsed.protocol) || !parsed.hostname || !validPort || !validDb) {
    throw new CacheConfigError(
      `CACHE_URL="${url}" is not a Redis URL. Expected redis://[user:password@]host:port[/db], e.g. ${DEFAULT_CACHE_URL}; ` +
        'unset CACHE_URL to use the embedded cache.',
    );
  }
  return parsed;
}

interface CommandLike {
  name: string;
  args: unknown[];
  promise: Promise<unknown>;
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);

function reasonOf(error: unknown): string | undefined {
  const e = error as { code?: string; name?: string; message?: string };
  if (e?.code && UNREACHABLE_CODES.has(e.code)) return e.code;
  if (e?.name === 'MaxRetriesPerRequestError') return 'connection lost';
  if (e?.message && /connect ETIMEDOUT|timed out/i.test(e.message)) return 'ETIMEDOUT';
  return undefined;
}

function clientOptions(options: RealCacheOptions, name?: string): RedisOptions {
  return {
    connectTimeout: options.connectTimeoutMs ?? 2000,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => (times > 3 ? null : 100 * times),
    keyPrefix: options.keyPrefix,
    connectionName: name,
  };
}

/** Connects to CACHE_URL (or `url`) and checks it answers; see the module comment. */
export async function createRealCacheServer(url: string = cacheUrl().value, options: RealCacheOptions = {}): Promise<RealCacheServer> {
  parseCacheUrl(url);
  const probe = new Redis(url, { ...clientOptions(options), lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  let lastError: unknown;
  probe.on('error', (e) => (lastError = e));
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new CacheUnreachableError(url, reasonOf(lastError ?? error) ?? (error as Error).message, { cause: lastError ?? error });
  } finally {
    probe.disconnect();
  }

  const prefix = options.keyPrefix ?? '';
  const traffic = new TrafficCounter();
  const totals = emptyNetwork();
  const perClient = new WeakMap<CacheClient, NetworkCounters>();
  const live = new Set<CacheClient>();

  // After the server goes away, ioredis says "Connection is closed." or MaxRetriesPerRequestError;
  // unless the app closed the client itself, say which server and what to do.
  const explain =
    (closedByApp: () => boolean) =>
    (error: unknown): never => {
      const e = error as Error;
      const lost = reasonOf(e) ?? (!closedByApp() && e?.message === 'Connection is closed.' ? 'connection closed' : undefined);
      if (lost) throw new CacheUnreachableError(url, lost, { cause: error });
      throw error;
    };

  const instrument = (client: Redis, counters: NetworkCounters): void => {
    const count = (field: keyof NetworkCounters, n: number) => {
      counters[field] += n;
      totals[field] += n;
    };
    client.on('connect', () => count('connectionsOpened', 1));
    client.on('error', () => undefined); // surfaced through the rejected commands
    const seen = new WeakSet<object>();
    const pipelines = new WeakSet<object>();
    let closedByApp = false;
    const quit = client.quit.bind(client);
    const disconnect = client.disconnect.bind(client);
    client.quit = (...a: unknown[]) => ((closedByApp = true), (quit as (...x: unknown[]) => Promise<'OK'>)(...a));
    client.disconnect = (reconnect?: boolean) => ((closedByApp = !reconnect), disconnect(reconnect));
    const onError = explain(() => closedByApp);
    const original = client.sendCommand.bind(client);
    client.sendCommand = ((command: CommandLike, stream?: { isPipeline?: boolean }) => {
      // Handshake commands (ready check) run before 'ready'; queued user commands come back when flushed.
      if (client.status === 'ready' && !seen.has(command)) {
        seen.add(command);
        traffic.record(command.name, unprefixed(command.args, prefix));
        count('commands', 1);
        count('bytesSent', requestSize(command.name, command.args));
        if (!stream?.isPipeline) count('roundTrips', 1);
        else if (!pipelines.has(stream)) {
          pipelines.add(stream);
          count('roundTrips', 1);
        }
        command.promise.then(
          (reply) => count('bytesReceived', replySize(reply)),
          (error) => count('bytesReceived', replySize(error)),
        );
      }
      const result = original(command as never, stream as never) as Promise<unknown>;
      if (stream) return result;
      const explained = result.catch(onError);
      // ioredis ignores what sendCommand returns for its own commands (ready check, CLIENT SETNAME)
      // and handles them through callbacks; without this, a connection closed mid-handshake would
      // surface our derived promise as an unhandled rejection. Callers still see the rejection.
      explained.catch(() => undefined);
      return explained;
    }) as Redis['sendCommand'];
  };

  return {
    kind: 'real',
    url,
    createClient(name?: string): CacheClient {
      const client = new Redis(url, clientOptions(options, name));
      const counters = emptyNetwork();
      instrument(client, counters);
      perClient.set(client, counters);
      live.add(client);
      client.once('end', () => live.delete(client));
      return client;
    },
    traffic: () => traffic.snapshot(),
    resetTraffic: () => traffic.reset(),
    network: () => addNetwork(emptyNetwork(), totals),
    networkOf: (client) => {
      const c = perClient.get(client);
      return c && addNetwork(emptyNetwork(), c);
    },
    resetNetwork() {
      Object.assign(totals, emptyNetwork());
      for (const client of live) Object.assign(perClient.get(client)!, emptyNetwork());
    },
    async flush() {
      const admin = new Redis(url, { ...clientOptions(options), keyPrefix: undefined });
      admin.on('error', () => undefined);
      try {
        if (!prefix) await admin.flushall();
        else {
          let cursor = '0';
          do {
            const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`, 'COUNT', 500);
            cursor = next;
            if (keys.length > 0) await admin.unlink(...keys);
          } while (cursor !== '0');
        }
      } catch (error) {
        const reason = reasonOf(error);
        throw reason ? new CacheUnreachableError(url, reason, { cause: error }) : error;
      } finally {
        admin.disconnect();
      }
      traffic.reset();
    },
    async close() {
      await Promise.all([...live].map((c) => c.quit().catch(() => c.disconnect())));
      live.clear();
    },
  };
}

// Traffic is reported by the keys the application used, without the ioredis keyPrefix.
function unprefixed(args: unknown[], prefix: string): unknown[] {
  if (!prefix) return args;
  return args.map((a) => (typeof a === 'string' && a.startsWith(prefix) ? a.slice(prefix.length) : a));
}
