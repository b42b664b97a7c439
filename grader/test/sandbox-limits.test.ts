/**
 * The CPU-time and data-size limits of every sandboxed process (sandbox.ts, processLimits): a
 * busy process dies of SIGXCPU at its limit and the grader reports a time limit; off-heap memory
 * stops at the data limit; and a submission that starts a detached busy process (limits-attacks.ts)
 * scores what the untouched stub scores, its process running under the limit and gone when the
 * grading ends; and, graded with a CPU-time limit below its wall clock, code that spins in a test
 * is reported as a time limit that names the CPU limit.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIT_ROOT } from '../../lib/manifest.js';
import { runChild } from '../src/child.js';
import type { Report } from '../src/report.js';
import { integrity, processLimits, sandboxed } from '../src/sandbox.js';
import { DEMO_RUBRIC, createDemoKit, type DemoKit } from './demo-kit.js';
import { BURNER_MARKER, LIMIT_ATTACKS, writeCpuSpin, writeLoadSpin, writeModelAnswer, writeSlowOnce } from './limits-attacks.js';

const run = promisify(execFile);
const sandbox = integrity();

/** Runs `node -e code` in the sandbox with these limits. */
function inSandbox(code: string, limits: { wallMs: number; memoryMb?: number }) {
  const c = sandboxed(sandbox, { readOnly: [KIT_ROOT], cwd: KIT_ROOT, ...limits }, process.execPath, ['-e', code]);
  return runChild(c.command, c.args, { cwd: KIT_ROOT, timeoutMs: 25_000, outputCap: 4096 });
}

describe('the limits of one sandboxed process', () => {
  it('runs sandboxed here (the limits are tested through bwrap)', () => {
    expect(sandbox.mode).toBe('sandboxed');
  });

  it('a busy process dies of SIGXCPU at its CPU-time limit: a time limit for the grader, long before the wall clock', async () => {
    // 0.5 s of wall clock on this machine's cores, plus the margin: a few seconds of CPU.
    const { cpuSeconds } = processLimits(500);
    const started = Date.now();
    const r = await inSandbox('for (;;) {}', { wallMs: 500 });
    expect([r.exitCode, r.cpuLimited, r.timedOut]).toEqual([152, true, true]);
    expect(Date.now() - started).toBeLessThan((cpuSeconds + 3) * 1000);
  }, 20_000);

  it('one that ignores SIGXCPU is killed at the hard limit, five seconds later', async () => {
    const r = await inSandbox("process.on('SIGXCPU', () => {}); for (;;) {}", { wallMs: 500 });
    expect([r.exitCode, r.cpuLimited]).toEqual([137, false]);
  }, 25_000);

  it('off-heap memory stops at the data limit: twice the heap plus 2 GB', async () => {
    const { dataMb } = processLimits(10_000, 64);
    expect(dataMb).toBe(2 * 64 + 2048);
    // At the limit nothing more can be allocated (node aborts soon after): only the figure counts.
    const code = `const kept = []; let mb = 0;
try { for (;;) { kept.push(Buffer.allocUnsafe(64 * 1024 * 1024)); mb += 64; } } catch (e) { console.log('stopped at', mb, e.message); }`;
    const r = await inSandbox(code, { wallMs: 10_000, memoryMb: 64 });
    const mb = Number(/stopped at (\d+)/.exec(r.output)?.[1]);
    expect(mb, r.output).toBeGreaterThan(dataMb - 512);
    expect(mb).toBeLessThanOrEqual(dataMb);
  }, 20_000);
});

/** The processes whose command line holds the burner's marker, with their CPU-time limits. */
function burners(): { pid: number; cpu: string }[] {
  const found: { pid: number; cpu: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(BURNER_MARKER)) continue;
      const line =
        readFileSync(`/proc/${entry}/limits`, 'utf8')
          .split('\n')
          .find((l) => l.startsWith('Max cpu time')) ?? '';
      found.push({
        pid: Number(entry),
        cpu: line
          .split(/\s{2,}/)
          .slice(1, 3)
          .join(':'),
      });
    } catch {
      /* gone meanwhile */
    }
  }
  return found;
}

/** Grades the submissions in `work`/class on `kit` through the CLI, as a class, into `work`/out. */
async function gradeClass(kit: DemoKit, work: string, env: Record<string, string> = {}): Promise<void> {
  await run(
    process.execPath,
    [
      path.join(kit.root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      path.join(kit.root, 'scripts', 'grade.ts'),
      '--class',
      'class',
      '--out',
      'out',
      '--jobs',
      '2',
    ],
    {
      cwd: kit.root,
      env: { ...process.env, INIT_CWD: work, ...env },
      timeout: 120_000,
    },
  );
}

const reportIn = (work: string, name: string) => JSON.parse(readFileSync(path.join(work, 'out', name, 'report.json'), 'utf8')) as Report;

describe('a submission that leaves a busy process behind', () => {
  let kit: DemoKit;
  let work: string;
  const seen = new Map<number, string>();
  let left: number[] = [];

  beforeAll(async () => {
    kit = createDemoKit();
    work = mkdtempSync(path.join(tmpdir(), 'cachelab-limits-'));
    for (const [name, write] of Object.entries(LIMIT_ATTACKS)) write(path.join(work, 'class', name));
    const watch = setInterval(() => burners().forEach((b) => seen.set(b.pid, b.cpu)), 100);
    try {
      await gradeClass(kit, work);
    } finally {
      clearInterval(watch);
    }
    left = burners().map((b) => b.pid);
  }, 150_000);

  afterAll(() => {
    kit?.dispose();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const reportOf = (name: string) => reportIn(work, name);

  it('scores exactly what the untouched stub scores, item by item', () => {
    const items = (name: string) => reportOf(name).exercises[0]!.items.map((i) => [i.id, i.points]);
    expect(reportOf('rt-stub').total).toBe(0);
    expect(reportOf('rt-cpu-burner').total).toBe(reportOf('rt-stub').total);
    expect(items('rt-cpu-burner')).toEqual(items('rt-stub'));
  });

  it('its busy process ran under the CPU-time limit of the test worker and did not outlive the grading', () => {
    const { cpuSeconds } = processLimits(DEMO_RUBRIC.limits.runMs, DEMO_RUBRIC.limits.memoryMb);
    expect(seen.size, 'the burner was started').toBeGreaterThan(0);
    expect([...new Set(seen.values())]).toEqual([`${cpuSeconds}:${cpuSeconds + 5}`]);
    expect(left).toEqual([]);
  });
});

describe('submissions that spin in their tests or in the load check, under a CPU-time limit below the wall clock; one slow test', () => {
  let kit: DemoKit;
  let work: string;

  beforeAll(async () => {
    kit = createDemoKit();
    work = mkdtempSync(path.join(tmpdir(), 'cachelab-limits-spin-'));
    writeCpuSpin(path.join(work, 'class', 'rt-cpu-spin'));
    writeLoadSpin(path.join(work, 'class', 'rt-load-spin'));
    LIMIT_ATTACKS['rt-stub']!(path.join(work, 'class', 'rt-stub'));
    writeSlowOnce(path.join(work, 'class', 'slow-once'));
    writeModelAnswer(path.join(work, 'class', 'pass'));
    // 4 s of CPU: enough to start a test worker, far below the demo rubric's 25 s wall clock.
    await gradeClass(kit, work, { CACHELAB_SANDBOX_CPU_SECONDS: '4' });
  }, 150_000);

  afterAll(() => {
    kit?.dispose();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('rt-cpu-spin: scores what the stub scores (0), each suite stopped as a time limit that names the CPU limit', () => {
    const report = reportIn(work, 'rt-cpu-spin');
    expect(report.total).toBe(0);
    const timeouts = report.exercises[0]!.problems.filter((p) => p.code === 'E_TIMEOUT').map((p) => p.message.replace(/ in test ".*"/, ''));
    expect(timeouts).toEqual(
      ['hidden', 'visible'].map(
        (kind) => `The ${kind} suite's test process reached its CPU-time limit of 4 s; the suite ran again without that test so the others still count.`,
      ),
    );
  });

  it('rt-load-spin: a load check that spins is stopped at its CPU-time limit, and the submission scores what the stub scores, criterion by criterion', () => {
    const report = reportIn(work, 'rt-load-spin');
    const stub = reportIn(work, 'rt-stub');
    expect(stub.total).toBe(0);
    expect(report.total).toBe(stub.total);
    const criteria = (r: Report) => r.exercises[0]!.criteria.map((c) => [c.id, c.score, c.max]);
    expect(criteria(report)).toEqual(criteria(stub));
    // Its suites saw the stub (the same test items); its load check, and only it, reached the CPU limit,
    // so its performance points are one unmeasured item where the stub's figures each scored 0.
    const tests = (r: Report) => r.exercises[0]!.items.filter((i) => i.criterion !== 'performance').map((i) => [i.id, i.points]);
    expect(tests(report)).toEqual(tests(stub));
    expect(report.exercises[0]!.items.filter((i) => i.criterion === 'performance').map((i) => [i.id, i.points])).toEqual([['performance/load-check', 0]]);
    const problems = report.exercises[0]!.problems.filter((p) => p.code === 'E_LOAD_CHECK' || p.code === 'E_TIMEOUT').map((p) => [p.code, p.message]);
    expect(problems).toEqual([['E_LOAD_CHECK', 'The load check (secret parameters) did not finish: it reached its CPU-time limit of 4 s and was stopped.']]);
  });

  it('slow-once: a test past the per-test limit runs again on its own, its second result counts, and the model answer keeps full marks', () => {
    const report = reportIn(work, 'slow-once');
    const model = reportIn(work, 'pass');
    const points = (r: Report) => r.exercises[0]!.items.filter((i) => i.criterion !== 'performance').map((i) => [i.id, i.points]);
    expect(points(report)).toEqual(points(model));
    const hidden = report.exercises[0]!.items.find((i) => i.id === 'technical/hidden-suite')!;
    expect([hidden.points, hidden.max]).toEqual([hidden.max, hidden.max]);
    const retimed = report.exercises[0]!.problems.filter((p) => p.code === 'E_RETIMED');
    expect(retimed.length, JSON.stringify(report.exercises[0]!.problems)).toBeGreaterThan(0);
    expect(
      retimed.every(
        (p) => p.severity === 'warning' && /ran past the 5 s limit per test and ran again on their own; the second result counts: "/.test(p.message),
      ),
    ).toBe(true);
    expect(model.exercises[0]!.problems.filter((p) => p.code === 'E_RETIMED')).toEqual([]);
  });
});
