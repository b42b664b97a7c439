/**
 * Before `npm run check -- --backend real` measures anything: are CACHE_URL and DATABASE_URL
 * usable URLs, and does the cache let us in? One message naming the variable (its password
 * masked) and the fix, instead of a failure per figure that reads like the student's code and
 * ends with a hint. The database itself is reached by the checks that use it; their errors name
 * DATABASE_URL already.
 */
import { Redis } from 'ioredis';
import { parseCacheUrl } from '../backends/cache/real.js';
import { maskUrl, parseDatabaseUrl } from '../backends/source/database-url.js';
import { cacheUrl as cacheUrlOf, databaseUrl, DEFAULT_CACHE_URL, type Env } from '../config.js';

/** Why the real backend cannot be used, with the exit code the command should end with. */
export interface PreflightProblem {
  code: 'E_CACHE_CONFIG' | 'E_BAD_DATABASE_URL' | 'E_CACHE_AUTH' | 'E_CACHE_UNREACHABLE' | 'E_CACHE_SERVER';
  message: string;
  exitCode: 1 | 2;
}

/** Every `scheme://user:password@` in `text` with the password replaced by `****`. */
export function maskUrls(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/"'`[\]]*):[^\s@/"'`[\]]*@/gi, '$1:****@');
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);

/** The problem with the real backend's settings or cache, or null when the check may run. */
export async function preflightRealBackend(env: Env, timeoutMs = 2000): Promise<PreflightProblem | null> {
  const cacheUrl = cacheUrlOf(env).value;
  const shown = maskUrl(cacheUrl);
  try {
    parseCacheUrl(cacheUrl);
  } catch {
    return {
      code: 'E_CACHE_CONFIG',
      exitCode: 2,
      message: `E_CACHE_CONFIG: CACHE_URL="${shown}" is not a Redis URL. Expected redis://[user:password@]host:port[/db], e.g. ${DEFAULT_CACHE_URL}; fix it, or unset it to use ${DEFAULT_CACHE_URL}.`,
    };
  }
  try {
    parseDatabaseUrl(databaseUrl(env).value);
  } catch (error) {
    return { code: 'E_BAD_DATABASE_URL', exitCode: 2, message: `E_BAD_DATABASE_URL: ${(error as Error).message}` };
  }
  const probe = new Redis(cacheUrl, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  let lastError: unknown;
  probe.on('error', (e) => (lastError = e)); // without a listener ioredis prints each error with its stack
  try {
    await probe.connect();
    await probe.ping();
    return null;
  } catch (error) {
    const thrown: unknown = lastError ?? error;
    const e = thrown as { code?: string; message?: string } | undefined;
    const text = maskUrls(e?.message ?? String(thrown));
    if (/WRONGPASS|NOAUTH|invalid password|invalid username-password|AUTH .*without any password|NOPERM/i.test(text)) {
      return {
        code: 'E_CACHE_AUTH',
        exitCode: 1,
        message: `Redis/Valkey at CACHE_URL=${shown} refused the login (${text.split('\n')[0]}). The server is running: fix the user and password in CACHE_URL (the part before '@', user then password after a ':'; no user for the default one).`,
      };
    }
    if ((e?.code && UNREACHABLE.has(e.code)) || /connect|timed? ?out|Connection is closed/i.test(text)) {
      return {
        code: 'E_CACHE_UNREACHABLE',
        exitCode: 1,
        message: `Cannot reach Redis/Valkey at CACHE_URL=${shown} (${e?.code ?? text.split('\n')[0]}). Start it with \`npm run services\` (or \`docker compose up -d\`), or point CACHE_URL at a running server; nothing was measured.`,
      };
    }
    return {
      code: 'E_CACHE_SERVER',
      exitCode: 1,
      message: `Redis/Valkey at CACHE_URL=${shown} answered: ${text.split('\n')[0]}. Fix the server (or point CACHE_URL at another), then run the check again; nothing was measured.`,
    };
  } finally {
    probe.disconnect();
  }
}

/** A figure error that is the real backend's, not the code's (the kit's backend messages). */
export function isBackendFailure(error: string | undefined): boolean {
  return (
    error !== undefined &&
    /Cannot reach|refused the login|did not answer PING|CACHE_URL|DATABASE_URL|ECONNREFUSED|Connection is closed|Too many connections/i.test(error)
  );
}
