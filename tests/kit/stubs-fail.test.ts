/**
 * Kit proof: every visible and hidden test of every exercise FAILS on the untouched stubs
 * (a test that passes on a stub proves nothing). Runs the `targets` project in a child vitest with
 * CACHELAB_TARGET=exercises; the same project passes against solutions/ in the parent run.
 */
import { describe, expect, it } from 'vitest';
import { EXERCISES, graderFile, KIT_ROOT } from '../../lib/manifest.js';
import { runVitestChild } from './vitest-child.js';

const ready = EXERCISES;

describe('untouched stubs', () => {
  it('fail every visible and hidden test, test by test', async () => {
    const run = await runVitestChild({
      cwd: KIT_ROOT,
      config: 'vitest.verify.config.ts',
      args: ['--project', 'targets', ...ready.map((e) => `exercise-${e.id}`)],
      env: { CACHELAB_TARGET: 'exercises' },
      timeoutMs: 8 * 60_000,
    });
    expect(run.timedOut, 'the stub run timed out').toBe(false);
    expect(run.results, `vitest wrote no results:\n${run.output.slice(-3000)}`).not.toBeNull();
    const files = run.results!.testResults;
    for (const e of ready) {
      const visible = files.filter((f) => f.name.includes(`/exercises/${e.slug}/`));
      const hidden = files.filter((f) => f.name.endsWith(`/${graderFile(e.slug, 'hidden')}`));
      expect(visible.length, `${e.slug}: no visible suite ran`).toBeGreaterThan(0);
      expect(hidden.length, `${e.slug}: no hidden suite ran`).toBeGreaterThan(0);
      for (const f of [...visible, ...hidden]) {
        // A file that crashed at import time has no assertions: that is not "failing test by test".
        expect(f.assertionResults.length, `${f.name} ran no test on the stub:\n${f.message}`).toBeGreaterThan(0);
        const notFailed = f.assertionResults.filter((a) => a.status !== 'failed');
        expect(
          notFailed.map((a) => `${a.fullName}: ${a.status}`),
          `${f.name}: these tests did not fail on the untouched stub`,
        ).toEqual([]);
      }
    }
  });
});
