/**
 * `npm run check -- --backend real` when the backend, not the code, is wrong (issue 14, items 9
 * and 10): a refused login is not "Cannot reach", a bad CACHE_URL is one E_CACHE_CONFIG naming
 * it, a password never reaches the terminal, a backend failure during the check ends without a
 * hint to read; and MariaDB's "Too many connections" names the server. Each message: its
 * wording, and no stack trace. Private redis-servers on free loopback ports (lab/private-servers.ts).
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '../../lab/private-servers.js';
import { runCheckCommand, type CheckDeps, type CheckIo } from '../../scripts/check.js';
import { parseDatabaseUrl } from '../backends/source/database-url.js';
import { explainMysqlError } from '../backends/source/mysql.js';
import { EXERCISES, KIT_ROOT } from '../manifest.js';
import { preflightRealBackend } from './backend-preflight.js';
import type { CheckEntry } from './registry.js';
import type { LoadCheckResult } from './types.js';

let locked: PrivateRedis;
let open: PrivateRedis;

beforeAll(async () => {
  [locked, open] = await Promise.all([startPrivateRedis({ password: 'right-pw' }), startPrivateRedis()]);
});
afterAll(async () => {
  await Promise.all([locked?.stop(), open?.stop()]);
});

const ONLY_4 = EXERCISES.filter((e) => e.id === 4);

/** A check of exercise 4 whose figures all failed with `error`, as a check does when its server dies mid-run. */
const failing = (error: string): CheckDeps['checks'] => ({
  4: async () =>
    ({
      check: {
        exercise: 4,
        title: 'Cache stampede prevention',
        visible: { seed: 1, scale: 1, backend: 'embedded' },
        async run(_impl: unknown, params: LoadCheckResult['params']): Promise<LoadCheckResult> {
          return {
            exercise: 4,
            params,
            notes: [],
            figures: [{ id: 'calls', label: 'source calls per expiry', value: Number.NaN, unit: 'calls', target: { op: '<=', value: 1 }, baseline: 50, error }],
          };
        },
      },
      loadImplementation: async () => ({}),
    }) as unknown as CheckEntry<unknown>,
});

async function check(env: NodeJS.ProcessEnv, checks: CheckDeps['checks'] = failing('unused')): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CheckIo = { out: (t) => out.push(t), err: (t) => err.push(t), env, cwd: KIT_ROOT, stdoutIsTTY: false };
  const code = await runCheckCommand(['exercise-4', '--backend', 'real'], io, {
    checks,
    exercises: ONLY_4,
    kitRoot: KIT_ROOT,
    preflight: (e) => preflightRealBackend(e, 1000),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function noStack(text: string): void {
  expect(text).not.toContain('    at ');
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('check --backend real: the backend at fault', () => {
  it('a refused login says so, with the password masked, and is not "Cannot reach"', async () => {
    const r = await check({ CACHE_URL: `redis://:wrong-pw@127.0.0.1:${locked.port}` });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      new RegExp(
        `^Redis/Valkey at CACHE_URL=redis://:\\*\\*\\*\\*@127\\.0\\.0\\.1:${locked.port} refused the login \\(WRONGPASS [^)]*\\)\\. The server is running: fix the user and password in CACHE_URL`,
      ),
    );
    expect(r.err + r.out).not.toContain('wrong-pw');
    expect(r.err).not.toContain('Cannot reach');
    expect(r.err + r.out).not.toContain('Next:');
    noStack(r.err);
  });

  it('an unreachable cache names CACHE_URL with its password masked', async () => {
    const port = await freePort();
    const r = await check({ CACHE_URL: `redis://:secret-pw@127.0.0.1:${port}` });
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `Cannot reach Redis/Valkey at CACHE_URL=redis://:****@127.0.0.1:${port} (ECONNREFUSED). Start it with \`npm run services\` (or \`docker compose up -d\`), or point CACHE_URL at a running server; nothing was measured.`,
    );
    expect(r.out).toBe('');
  });

  it("CACHE_URL='redis://:::' is one E_CACHE_CONFIG naming CACHE_URL once", async () => {
    const r = await check({ CACHE_URL: 'redis://:::' });
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'E_CACHE_CONFIG: CACHE_URL="redis://:::" is not a Redis URL. Expected redis://[user:password@]host:port[/db], e.g. redis://127.0.0.1:6379; fix it, or unset it to use redis://127.0.0.1:6379.',
    );
    expect(r.err.match(/CACHE_URL/g)).toHaveLength(1);
    expect(r.out).not.toContain('Hints');
  });

  it('a backend failure during the check ends without "Next:" and masks the password in the figure lines', async () => {
    const dying = failing(
      `Cannot reach MySQL/MariaDB at DATABASE_URL=mysql://root:db-secret@127.0.0.1:3399/cachelab (ECONNREFUSED). Start it with \`npm run services\``,
    );
    const r = await check({ CACHE_URL: open.url, DATABASE_URL: 'mysql://root:db-secret@127.0.0.1:3399/cachelab' }, dying);
    expect(r.code).toBe(1);
    expect(r.out).toContain('DATABASE_URL=mysql://root:****@127.0.0.1:3399/cachelab');
    expect(r.out + r.err).not.toContain('db-secret');
    expect(r.out).not.toMatch(/Next:|Hints/);
    expect(r.out.trimEnd().split('\n').at(-1)).toBe(
      'The real backend failed during the check (the ! lines above name the server and the variable): these figures do not judge your code. Fix the server, then run the check again.',
    );
    noStack(r.out);
  });

  it("MariaDB's Too many connections names the server and the fix", () => {
    const settings = parseDatabaseUrl('mysql://app:pw@127.0.0.1:3306/cachelab');
    const error = explainMysqlError(Object.assign(new Error('Too many connections'), { code: 'ER_CON_COUNT_ERROR' }), settings);
    expect(error.message).toBe(
      `MySQL/MariaDB at DATABASE_URL=mysql://app:****@127.0.0.1:3306/cachelab answered: Too many connections (ER_CON_COUNT_ERROR). Run fewer clients at once (in the lab: fewer --threads), or raise the server's max_connections.`,
    );
    expect((error as { code?: string }).code).toBe('E_DATABASE_SERVER');
  });
});
