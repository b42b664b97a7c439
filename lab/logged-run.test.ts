import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAB_DEFAULTS, type LabConfig } from './config.js';
import { runEmbedded } from './embedded.js';
import { LabRunFailedError, LabWorkerError, messageOf } from './errors.js';
import { readLog } from './log-read.js';
import { runLogged } from './logged-run.js';

const config: LabConfig = { ...LAB_DEFAULTS, threads: 2, queries: 400, poolSize: 100, progress: false };

describe('the live log of a run', () => {
  it('a run that fails after measuring started keeps its log with status failed and the message; the error names the log', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cachelab-failed-'));
    const partial = await runEmbedded(config); // the figures "so far" when the worker dies
    const error = await runLogged(config, {}, dir, {
      run: async (_config, _env, hooks = {}) => {
        hooks.onSnapshot?.(() => partial);
        throw new LabWorkerError(0, 'the thread exited (code 1) before reporting its figures');
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabRunFailedError);
    const [name] = readdirSync(dir);
    const file = path.join(dir, name!);
    expect(messageOf(error)).toBe(
      `Load-test worker 0 failed: the thread exited (code 1) before reporting its figures\nThe log keeps the run up to the failure (status: failed): ${file}`,
    );
    const loaded = readLog(file);
    if (loaded.kind !== 'full') throw new Error('expected a full log');
    expect(loaded.log.status).toBe('failed');
    expect(loaded.log.notes).toEqual(['The run failed: Load-test worker 0 failed: the thread exited (code 1) before reporting its figures']);
    expect(loaded.log.results.total_queries).toBe(800);
  });

  it('a run that completes replaces the running log with the final one, and leaves no temporary file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cachelab-live-'));
    const statuses: string[] = [];
    const run = await runLogged(config, {}, dir, {
      hooks: {
        onSnapshot: () => {
          const [name] = readdirSync(dir);
          if (name) {
            const loaded = readLog(path.join(dir, name));
            if (loaded.kind === 'full') statuses.push(loaded.log.status!);
          }
        },
      },
    });
    expect(new Set(statuses)).toEqual(new Set(['running']));
    expect(readdirSync(dir)).toEqual([path.basename(run.logFile)]);
    const loaded = readLog(run.logFile);
    expect(loaded.kind === 'full' && [loaded.log.status, loaded.log.results.total_queries]).toEqual(['complete', 800]);
  });
});
