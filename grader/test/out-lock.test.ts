/**
 * One writer per output folder: two graders started into the same `--out` of the demo kit (one
 * completes, the other refuses at once naming the folder, the holder and the fix, and the first
 * one's report is complete), and the lock itself: a stale lock taken over with a notice, a live
 * one refused, released only by its holder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireOutLock, LOCK_FILE } from '../src/out-lock.js';
import type { Report } from '../src/report.js';
import { createDemoKit, SOLUTION, type DemoKit } from './demo-kit.js';
import { startGrade } from './grade-process.js';

let kit: DemoKit;
let work: string;

beforeAll(() => {
  kit = createDemoKit();
  work = mkdtempSync(path.join(tmpdir(), 'cachelab-lock-test-'));
  for (const name of ['alice', 'bob']) {
    mkdirSync(path.join(work, name, 'exercise-9-demo'), { recursive: true });
    writeFileSync(path.join(work, name, 'exercise-9-demo', 'memo.ts'), SOLUTION);
  }
});

afterAll(() => {
  kit?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('two graders into one --out', () => {
  it('the second refuses at once naming the folder and the holder; the first completes its report', async () => {
    const out = path.join(work, 'shared');
    const first = startGrade(kit.root, work, ['alice', '--out', 'shared', '--force']);
    // The first holds the lock from before its preparation until it has written its report.
    while (!existsSync(path.join(out, LOCK_FILE))) await new Promise((r) => setTimeout(r, 50));
    // The holder is the grader's own process (tsx runs it as its child).
    const holder = JSON.parse(readFileSync(path.join(out, LOCK_FILE), 'utf8')) as { pid: number };
    const second = startGrade(kit.root, work, ['bob', '--out', 'shared', '--force']);
    const secondCode = await second.exited;
    expect(secondCode).toBe(2);
    const refusal = second.stderr();
    expect(refusal).toContain(`--out ${out} is in use by another grader (pid ${holder.pid} on ${hostname()}, started `);
    expect(refusal).toContain('npm run grade -- alice --out shared --force');
    expect(refusal).toContain('Wait for it to finish, or pass another --out');
    expect(refusal).not.toContain('    at ');
    expect(second.stdout()).not.toContain('Reports:');
    expect(await first.exited).toBe(0);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
    expect(report.student).toBe('alice');
    expect(existsSync(path.join(out, LOCK_FILE))).toBe(false);
    // With the folder free again, the second grader's run goes through.
    const again = startGrade(kit.root, work, ['bob', '--out', 'shared', '--force']);
    expect(await again.exited).toBe(0);
    expect((JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report).student).toBe('bob');
  });
});

describe('the lock', () => {
  it('a lock whose process is gone is taken over with a notice naming it', () => {
    const dir = path.join(work, 'stale');
    mkdirSync(dir, { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const pid = Number(dead.stdout);
    writeFileSync(
      path.join(dir, LOCK_FILE),
      JSON.stringify({ pid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z', command: 'npm run grade -- old', token: 'old' }),
    );
    const lock = acquireOutLock(dir, 'npm run grade -- new');
    expect(lock.notice).toContain(`took over the lock of ${dir} left by a grader that is gone (pid ${pid} on ${hostname()}`);
    expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, command: 'npm run grade -- new' });
    lock.release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('a live lock (of this process) is refused, and only its holder releases it', () => {
    const dir = path.join(work, 'live');
    const held = acquireOutLock(dir, 'npm run grade -- first');
    expect(() => acquireOutLock(dir, 'npm run grade -- second')).toThrow(`--out ${dir} is in use by another grader (pid ${process.pid} on ${hostname()}`);
    expect(held.notice).toBeNull();
    held.release();
    const next = acquireOutLock(dir, 'npm run grade -- second');
    held.release(); // the old holder's release leaves the new lock alone
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(true);
    next.release();
  });

  it("another host's lock is never judged stale", () => {
    const dir = path.join(work, 'remote');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: 999_999, host: 'other-host', startedAt: 'x', command: 'npm run grade -- far', token: 't' }));
    expect(() => acquireOutLock(dir, 'npm run grade -- near')).toThrow(
      `if that grader is no longer running on other-host, delete ${path.join(dir, LOCK_FILE)}`,
    );
  });
});
