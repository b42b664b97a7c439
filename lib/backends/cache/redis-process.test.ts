/**
 * startRedisServer's choice of binary: `server: 'valkey'` runs valkey-server only, and without it
 * fails at once with how to install it (no silent skip, no fallback to redis-server).
 */
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { findServerBinary, startRedisServer } from './redis-process.js';

describe('startRedisServer: which server', () => {
  const PATH = process.env.PATH;
  afterEach(() => {
    process.env.PATH = PATH;
  });

  /** A PATH holding sh and fake server binaries named `names`, nothing else. */
  function pathWith(...names: string[]): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'cachelab-path-'));
    symlinkSync('/bin/sh', path.join(dir, 'sh'));
    for (const name of names) writeFileSync(path.join(dir, name), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    return dir;
  }

  test('server: valkey without valkey-server on PATH fails with how to install it, never falls back to redis-server', async () => {
    process.env.PATH = pathWith('redis-server');
    expect(findServerBinary('valkey')).toBeUndefined();
    const failure = startRedisServer({ port: 6459, server: 'valkey' });
    await expect(failure).rejects.toMatchObject({ code: 'E_REDIS_PROCESS' });
    await expect(failure).rejects.toThrow(/^valkey-server is not installed: .*apt-get install -t bookworm-backports valkey-server.*bookworm-backports main/);
  });

  test('redis and valkey name their own binary; any prefers redis-server, else valkey-server', () => {
    process.env.PATH = pathWith('redis-server', 'valkey-server');
    expect([findServerBinary('redis'), findServerBinary('valkey'), findServerBinary()]).toEqual(['redis-server', 'valkey-server', 'redis-server']);
    process.env.PATH = pathWith('valkey-server');
    expect([findServerBinary('redis'), findServerBinary('valkey'), findServerBinary('any')]).toEqual([undefined, 'valkey-server', 'valkey-server']);
  });
});
