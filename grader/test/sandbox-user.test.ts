/**
 * The fallback where bwrap cannot run: with CACHELAB_SANDBOX_USER, submission code runs as that
 * unprivileged user (sandbox-user.ts). Forced here with CACHELAB_SANDBOX=off on a machine where bwrap
 * works, as root (the grader must be root to switch users): the user is created if missing (and
 * removed again). A process run that way cannot read a root-only file in the output folder or
 * write the workspace, runs under the same limits as in the sandbox, and the demo kit's stub and
 * model answer graded that way get exactly the scores of the bwrap path.
 */
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIT_ROOT } from '../../lib/manifest.js';
import { runChild } from '../src/child.js';
import type { Report } from '../src/report.js';
import { integrity, integrityLine, processLimits, sandboxed, type Integrity } from '../src/sandbox.js';
import { createDemoKit, type DemoKit } from './demo-kit.js';
import { FIXTURES } from './fixtures.js';

const run = promisify(execFile);
const USER = 'cachelab-student';
const FORCED = { CACHELAB_SANDBOX: 'off', CACHELAB_SANDBOX_USER: USER };
let created = false;
let work: string;

/** integrity() with these variables set for the call. */
function integrityWith(env: Record<string, string>): Integrity {
  const before = { ...process.env };
  Object.assign(process.env, env);
  try {
    return integrity();
  } finally {
    for (const k of Object.keys(env)) if (before[k] === undefined) delete process.env[k];
    Object.assign(process.env, before);
  }
}

beforeAll(() => {
  if (spawnSync('id', ['-u', USER]).status !== 0) {
    const made = spawnSync('useradd', ['--system', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', USER], {
      encoding: 'utf8',
    });
    if (made.status !== 0) throw new Error(`useradd failed: ${made.stderr}`);
    created = true;
  }
  work = mkdtempSync(path.join(tmpdir(), 'cachelab-sandbox-user-'));
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
  if (created) spawnSync('userdel', [USER]);
});

describe('the unprivileged-user mode', () => {
  it('is chosen where bwrap is not used and the user is named, and the integrity line says so', () => {
    const i = integrityWith(FORCED);
    expect(i).toEqual({ mode: 'reduced', why: 'CACHELAB_SANDBOX=off', user: USER });
    expect(integrityLine(i)).toBe(`integrity: reduced (no sandbox: CACHELAB_SANDBOX=off; submission code ran as the unprivileged user ${USER})`);
  });

  it('says why when the named user cannot be used', () => {
    expect(integrityWith({ CACHELAB_SANDBOX: 'off', CACHELAB_SANDBOX_USER: 'cachelab-nobody-here' })).toEqual({
      mode: 'reduced',
      why: 'CACHELAB_SANDBOX=off; CACHELAB_SANDBOX_USER=cachelab-nobody-here cannot be used: there is no user cachelab-nobody-here (useradd --system --no-create-home --shell /usr/sbin/nologin cachelab-nobody-here)',
    });
  });

  it('runs code as that user: not the output folder, not the workspace for writing; its scratch folder and the limits, yes', async () => {
    const out = path.join(work, 'out');
    mkdirSync(out, { mode: 0o755 });
    const secret = path.join(out, 'leaderboard.key');
    writeFileSync(secret, 'PRIVATE-KEY-77', { mode: 0o600 });
    const ws = mkdtempSync(path.join(tmpdir(), 'cachelab-grade-'));
    cpSync(path.join(KIT_ROOT, 'package.json'), path.join(ws, 'package.json'));
    const scratch = mkdtempSync(path.join(tmpdir(), 'cachelab-worker-'));
    // A kit's secret parameters as the Gradescope bundle's setup.sh leaves them: 0600 (chmod -R go-rwx).
    const kitSecret = path.join(work, 'kit', 'grader', 'exercises', 'exercise-9-demo');
    mkdirSync(kitSecret, { recursive: true });
    writeFileSync(path.join(kitSecret, 'secret.ts'), "export default { seed: 'x', scale: 1 };\n", { mode: 0o600 });
    const probe = `const fs = require('node:fs'); const out = [];
const act = (tag, fn) => { try { fn(); out.push(tag + '=open'); } catch { out.push(tag + '=refused'); } };
act('read-out', () => fs.readFileSync(${JSON.stringify(secret)}, 'utf8'));
act('read-kit-secret', () => fs.readFileSync(${JSON.stringify(path.join(kitSecret, 'secret.ts'))}, 'utf8'));
act('read-ws', () => fs.readFileSync(${JSON.stringify(path.join(ws, 'package.json'))}, 'utf8'));
act('write-ws', () => fs.writeFileSync(${JSON.stringify(path.join(ws, 'mine.ts'))}, 'x'));
act('write-scratch', () => fs.writeFileSync(${JSON.stringify(path.join(scratch, 'log'))}, 'x'));
const limits = fs.readFileSync('/proc/self/limits', 'utf8').split('\\n').filter((l) => /^Max (cpu time|data size)/.test(l)).map((l) => l.split(/\\s{2,}/).slice(1, 3).join(':'));
console.log(JSON.stringify({ uid: process.getuid(), home: process.env.HOME, tries: out.join(' '), limits }));`;
    try {
      const c = sandboxed(
        integrityWith(FORCED),
        { readOnly: [ws, path.join(ws, 'node_modules')], writable: [scratch], cwd: ws, wallMs: 25_000, memoryMb: 512 },
        process.execPath,
        ['-e', probe],
      );
      const r = await runChild(c.command, c.args, { cwd: ws, timeoutMs: 20_000, outputCap: 4096 });
      const seen = JSON.parse(r.output) as { uid: number; home: string; tries: string; limits: string[] };
      const l = processLimits(25_000, 512);
      expect(seen).toEqual({
        uid: Number(spawnSync('id', ['-u', USER], { encoding: 'utf8' }).stdout.trim()),
        home: '/tmp',
        tries: 'read-out=refused read-kit-secret=refused read-ws=open write-ws=refused write-scratch=open',
        limits: [`${l.cpuSeconds}:${l.cpuSeconds + 5}`, `${l.dataMb * 1024 * 1024}:${l.dataMb * 1024 * 1024}`],
      });
    } finally {
      rmSync(ws, { recursive: true, force: true });
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe('the demo kit graded as the unprivileged user', () => {
  let kit: DemoKit;
  const grade = (env: Record<string, string>, out: string) =>
    run(
      process.execPath,
      [
        path.join(kit.root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        path.join(kit.root, 'scripts', 'grade.ts'),
        '--class',
        'class',
        '--out',
        out,
        '--jobs',
        '2',
      ],
      {
        cwd: kit.root,
        env: { ...process.env, INIT_CWD: work, ...env },
        timeout: 120_000,
      },
    );
  let stdout = '';

  beforeAll(async () => {
    kit = createDemoKit();
    for (const name of ['pass', 'stubs']) FIXTURES[name]!(path.join(work, 'class', name));
    // One after the other: the first fills the kit's cache (reference listing, baselines) for both.
    await grade({}, 'out-bwrap');
    stdout = (await grade(FORCED, 'out-user')).stdout;
  }, 200_000);

  afterAll(() => kit?.dispose());

  const reportOf = (out: string, name: string) => JSON.parse(readFileSync(path.join(work, out, name, 'report.json'), 'utf8')) as Report;

  it('says so in the terminal and in every report', () => {
    expect(stdout).toContain(`submission code ran as the unprivileged user ${USER}`);
    for (const name of ['pass', 'stubs']) expect(reportOf('out-user', name).integrity).toEqual({ mode: 'reduced', why: 'CACHELAB_SANDBOX=off', user: USER });
  });

  it('gives the stub and the model answer exactly the scores of the bwrap path, item by item', () => {
    const items = (out: string, name: string) => reportOf(out, name).exercises.flatMap((e) => e.items.map((i) => [i.id, i.points]));
    expect(reportOf('out-bwrap', 'stubs').total).toBe(0);
    expect(reportOf('out-bwrap', 'pass').total).toBeGreaterThan(0);
    for (const name of ['pass', 'stubs']) {
      expect([name, reportOf('out-user', name).total]).toEqual([name, reportOf('out-bwrap', name).total]);
      expect(items('out-user', name)).toEqual(items('out-bwrap', name));
    }
  });
});
