/**
 * Infrastructure failures are the grader's (issue 14, item 1). End to end: a private redis-server
 * on a free loopback port is killed before a `--backend real` grade; the reference is reported
 * `not graded (infrastructure: …)`, the exit code is 3, nothing is cached, and after a restart the
 * same command grades it fully. On the demo kit (its load check connects to CACHE_URL on the real
 * backend, like exercises 2 and 4) and on the real kit's exercise 4. Then the pure parts: the guard's
 * decisions, the score, the report's status line, the class page and grades.csv.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIT_ROOT } from '../../lib/manifest.js';
import type { ClassRow } from '../src/class.js';
import { classView, gradesCsv, summaryTable } from '../src/class-view.js';
import { guardExercise, type CacheProbe } from '../src/infrastructure.js';
import { NO_OVERRIDES } from '../src/overrides.js';
import type { Report } from '../src/report.js';
import type { ExerciseRun, RunResults } from '../src/results.js';
import { validateRubric } from '../src/rubric.js';
import { score } from '../src/score.js';
import { reportView } from '../src/view.js';
import { createDemoKit, DEMO, DEMO_RUBRIC, type DemoKit } from './demo-kit.js';
import { CHECK } from './demo-files.js';
import { startGrade } from './grade-process.js';

const PASSWORD = 'infra-secret-pw';

/** A redis-server of this test's own, on one port, that can be killed and started again there. */
class PrivateRedis {
  #child: ChildProcess | null = null;
  constructor(readonly port: number) {}
  get url(): string {
    return `redis://:${PASSWORD}@127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    this.#child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', PASSWORD], {
      stdio: 'ignore',
    });
    for (let i = 0; i < 100 && !(await answers(this.port)); i++) await new Promise((r) => setTimeout(r, 50));
    if (!(await answers(this.port))) throw new Error(`redis-server did not start on 127.0.0.1:${this.port}`);
  }
  async kill(): Promise<void> {
    const child = this.#child;
    this.#child = null;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.end());
    socket.once('connect', () => resolve(true));
    socket.once('error', () => resolve(false));
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The demo check, connecting to CACHE_URL through the kit's real cache on the real backend (as exercises 2 and 4 do). */
const REAL_CHECK = CHECK.replace(
  '  async run(impl, params) {\n',
  "  async run(impl, params) {\n    if (params.backend === 'real') { const { createRealCacheServer } = await import('../../backends/cache/real.js'); await (await createRealCacheServer()).close(); }\n",
);

function grade(kitRoot: string, args: string[], cacheUrl: string): Promise<{ code: number; out: string; err: string }> {
  const g = startGrade(kitRoot, kitRoot, args, { CACHE_URL: cacheUrl });
  return g.exited.then((code) => ({ code, out: g.stdout(), err: g.stderr() }));
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** Every text the grader wrote into `dir` (reports, results, class files, caches). */
function allText(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

function cachedBaselines(out: string): Record<string, unknown> {
  const dir = path.join(out, '.cache');
  const file = existsSync(dir) ? readdirSync(dir).find((f) => f.startsWith('baselines-real@')) : undefined;
  return file ? readJson<Record<string, unknown>>(path.join(dir, file)) : {};
}

const cause = (port: number): RegExp => new RegExp(`^Cannot reach Redis/Valkey at CACHE_URL=redis://:\\*\\*\\*\\*@127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)$`);

describe('a real-backend grade with the cache killed (demo kit)', () => {
  let kit: DemoKit;
  let redis: PrivateRedis;
  let out: string;
  beforeAll(async () => {
    kit = createDemoKit();
    writeFileSync(path.join(kit.root, 'lib', 'exercises', 'exercise-9-demo', 'check.ts'), REAL_CHECK);
    redis = new PrivateRedis(await freePort());
    out = mkdtempSync(path.join(tmpdir(), 'cachelab-infra-'));
  });
  afterAll(async () => {
    await redis.kill();
    kit.dispose();
    rmSync(out, { recursive: true, force: true });
  });

  it('is not graded (infrastructure), exits 3 and caches nothing; after a restart the same command grades it fully', async () => {
    const args = [path.join(kit.root, 'solutions'), '--backend', 'real', '--out', out, '--cache', path.join(out, '.cache')];
    await redis.start();
    await redis.kill();
    const down = await grade(kit.root, args, redis.url);
    expect(down.code, down.err).toBe(3);
    const report = readJson<Report>(path.join(out, 'report.json'));
    const ex = report.exercises[0]!;
    expect(ex.status).toBe('not-graded');
    expect(ex.infrastructure).toMatch(cause(redis.port));
    expect(ex.problems[0]).toMatchObject({ code: 'E_INFRASTRUCTURE', severity: 'error' });
    expect(ex.score).toBe(0);
    expect(readFileSync(path.join(out, 'report.md'), 'utf8')).toContain(
      `(not graded (infrastructure: Cannot reach Redis/Valkey at CACHE_URL=redis://:****@127.0.0.1:${redis.port} (ECONNREFUSED)))`,
    );
    expect(down.err).toContain(
      `not graded (infrastructure): solutions ${DEMO.slug}: Cannot reach Redis/Valkey at CACHE_URL=redis://:****@127.0.0.1:${redis.port} (ECONNREFUSED)\n`,
    );
    expect(down.out).toMatch(new RegExp(`${DEMO.slug}: not graded \\(infrastructure\\)`));
    expect(cachedBaselines(out)[DEMO.slug]).toBeUndefined();
    for (const text of [down.out, down.err, allText(out)]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toMatch(/\n\s+at .*:\d+:\d+/); // no stack trace
    }

    await redis.start();
    const up = await grade(kit.root, args, redis.url);
    expect(up.code, up.err).toBe(0);
    const graded = readJson<Report>(path.join(out, 'report.json')).exercises[0]!;
    expect(graded.status).toBe('graded');
    expect(graded.problems).toEqual([]);
    expect(graded.items.filter((i) => i.criterion === 'performance' || i.criterion === 'technical').every((i) => i.status === 'full')).toBe(true);
    expect(cachedBaselines(out)[DEMO.slug]).toBeDefined();

    // The baselines are cached now: killed again, the exercise runs, reports the kit's error, and the grader's probe confirms it.
    await redis.kill();
    const again = await grade(kit.root, [...args, '--force'], redis.url);
    expect(again.code, again.err).toBe(3);
    const second = readJson<Report>(path.join(out, 'report.json')).exercises[0]!;
    expect(second.status).toBe('not-graded');
    expect(second.infrastructure).toMatch(cause(redis.port));
    // Restarted: the same command as the first graded run does not reuse the not-graded results.
    await redis.start();
    const retried = await grade(kit.root, args, redis.url);
    expect(retried.code, retried.err).toBe(0);
    expect(retried.out).not.toContain('cached');
    expect(readJson<Report>(path.join(out, 'report.json')).exercises[0]!.score).toBe(graded.score);
  }, 150_000);
});

describe('the real kit: the reference solution with the cache of CACHE_URL stopped', () => {
  const outs: string[] = [];
  afterAll(() => outs.forEach((o) => rmSync(o, { recursive: true, force: true })));

  it('exercise 4 is not graded (infrastructure), whether its baseline or its own run meets the stopped cache', async () => {
    const port = await freePort();
    const url = `redis://:${PASSWORD}@127.0.0.1:${port}`;
    const fresh = mkdtempSync(path.join(tmpdir(), 'cachelab-infra-'));
    // With an earlier run's baselines cached, the exercise itself runs and meets the stopped cache.
    const seeded = mkdtempSync(path.join(tmpdir(), 'cachelab-infra-'));
    outs.push(fresh, seeded);
    const version = (await import('../src/kit.js')).kitVersion(KIT_ROOT);
    mkdirSync(path.join(seeded, '.cache'));
    const figures = ['hot-key-source-calls', 'peak-hour-calls-per-expiry', 'peak-hour-concurrent-loads', 'caller-errors'];
    writeFileSync(
      path.join(seeded, '.cache', `baselines-real@${version}.json`),
      JSON.stringify({
        'exercise-4-stampede': {
          values: Object.fromEntries(figures.map((f) => [f, 10])),
          specs: Object.fromEntries(figures.map((f) => [f, { label: f, unit: '', target: { op: '<=', value: 1 } }])),
        },
      }),
    );
    const runs = await Promise.all(
      [fresh, seeded].map((o) => grade(KIT_ROOT, ['solutions', '--exercise', '4', '--backend', 'real', '--out', o, '--cache', path.join(o, '.cache')], url)),
    );
    for (const [i, run] of runs.entries()) {
      expect(run.code, run.err).toBe(3);
      const results = readJson<RunResults>(path.join([fresh, seeded][i]!, 'results.json'));
      expect(results.exercises[0]!.infrastructure).toMatch(cause(port));
      const report = readJson<Report>(path.join([fresh, seeded][i]!, 'report.json'));
      expect(report.exercises[0]).toMatchObject({ status: 'not-graded', score: 0 });
      expect(report.exercises[0]!.problems.map((p) => p.code)).toContain('E_INFRASTRUCTURE');
    }
    expect(readJson<RunResults>(path.join(fresh, 'results.json')).exercises[0]!.hidden.status).toBe('absent'); // not run: its baseline failed
    expect(readJson<RunResults>(path.join(seeded, 'results.json')).exercises[0]!.hidden.tests.length).toBeGreaterThan(0); // ran, then confirmed
    expect(cachedBaselines(fresh)['exercise-4-stampede']).toBeUndefined();
  }, 120_000);
});

// ---- The pure parts ----

const RUBRIC = validateRubric(DEMO_RUBRIC, 'demo-rubric.json');

function run(overrides: Partial<ExerciseRun> = {}): ExerciseRun {
  return {
    id: 9,
    slug: DEMO.slug,
    title: DEMO.title,
    submitted: true,
    problems: [],
    hidden: { status: 'ran', tests: [{ name: 'a', status: 'passed' }], canary: 'failed' },
    visible: { status: 'ran', tests: [{ name: 'v', status: 'passed' }], canary: 'failed' },
    own: { status: 'none', files: [], passed: 0, total: 0, coverage: null, planted: [] },
    load: { status: 'ok', params: 'secret', figures: [{ id: 'calls', label: 'calls', value: 1, unit: '', target: { op: '<=', value: 1 } }], notes: [] },
    loadVisible: null,
    analysis: { present: false, changed: false, sections: [], quoted: {} },
    durationMs: 1,
    ...overrides,
  };
}

const backendDown = run({
  load: {
    status: 'ok',
    params: 'secret',
    notes: [],
    figures: [
      {
        id: 'calls',
        label: 'calls',
        value: null,
        unit: '',
        target: { op: '<=', value: 1 },
        error: 'not measured',
        detail: 'Cannot reach Redis/Valkey at CACHE_URL=redis://127.0.0.1:1 (ECONNREFUSED).',
      },
    ],
  },
});
const down: CacheProbe = { ok: false, cause: 'Cannot reach Redis/Valkey at CACHE_URL=redis://127.0.0.1:1 (ECONNREFUSED)' };
const up = (runId = 'r1'): CacheProbe => ({ ok: true, runId });

describe('guardExercise', () => {
  const ctx = (probes: CacheProbe[], extra = {}) => ({
    backend: 'real' as const,
    mode: 'full' as const,
    secret: true,
    probe: async () => probes.shift()!,
    ...extra,
  });

  it('marks a run that reports a backend failure not graded when the probe confirms it', async () => {
    const r = await guardExercise(DEMO, ctx([up(), down]), async () => backendDown);
    expect(r.infrastructure).toBe(down.cause);
    expect(r.problems[0]!.code).toBe('E_INFRASTRUCTURE');
    expect(r.problems[0]!.message).toBe(
      `Not graded: the grader's own setup failed (${down.cause}). This is not your code's fault; the exercise will be graded again.`,
    );
  });
  it('keeps the result when the cache answered before and after: the failure is the code’s own', async () => {
    expect((await guardExercise(DEMO, ctx([up(), up()]), async () => backendDown)).infrastructure).toBeUndefined();
  });
  it('marks it not graded when the cache restarted during the run', async () => {
    expect((await guardExercise(DEMO, ctx([up('r1'), up('r2')]), async () => backendDown)).infrastructure).toBe(
      'Redis/Valkey at CACHE_URL restarted while the exercise ran',
    );
  });
  it('keeps an exercise that does not use the stopped cache', async () => {
    expect((await guardExercise(DEMO, ctx([down, down]), async () => run())).infrastructure).toBeUndefined();
  });
  it('does not probe on the embedded backend', async () => {
    const r = await guardExercise(
      DEMO,
      { backend: 'embedded', mode: 'full', secret: true, probe: () => Promise.reject(new Error('no probe')) },
      async () => backendDown,
    );
    expect(r.infrastructure).toBeUndefined();
  });
  it('does not run an exercise whose baseline failed', async () => {
    let ran = false;
    const r = await guardExercise(DEMO, ctx([], { baselineFailures: { [DEMO.slug]: 'the baseline failed' } }), async () => ((ran = true), run()));
    expect(ran).toBe(false);
    expect(r).toMatchObject({ infrastructure: 'the baseline failed', submitted: true, hidden: { status: 'absent' } });
  });
  it('marks a run whose load runner never started not graded', async () => {
    const r = await guardExercise(DEMO, ctx([up()]), async () =>
      run({
        load: { status: 'exited', params: 'secret', figures: [], notes: [], infrastructure: 'the load runner could not be started (spawn bwrap ENOENT)' },
      }),
    );
    expect(r.infrastructure).toBe('the load runner could not be started (spawn bwrap ENOENT)');
  });
});

describe('a not-graded exercise in the report and the class files', () => {
  const results = (exercises: ExerciseRun[]): RunResults => ({
    version: 1,
    kind: 'cachelab-results',
    student: 'ann',
    submissionHash: 'h',
    kitVersion: 'k',
    backend: 'real',
    mode: 'full',
    integrity: { mode: 'sandboxed', tool: 'bwrap', network: 'host loopback' },
    problems: [],
    exercises,
    gradedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
  });
  const notGraded = {
    ...backendDown,
    infrastructure: down.cause,
    problems: [{ code: 'E_INFRASTRUCTURE' as const, severity: 'error' as const, message: 'Not graded' }],
  };
  const report = score(results([notGraded]), RUBRIC, NO_OVERRIDES);

  it('scores nothing, every criterion an error item saying why, with the status line naming the cause', () => {
    expect(report.exercises[0]).toMatchObject({ status: 'not-graded', infrastructure: down.cause, score: 0, max: 100 });
    expect(report.exercises[0]!.items.map((i) => [i.id, i.status, i.points])).toEqual([
      ['performance/not-graded', 'error', 0],
      ['technical/not-graded', 'error', 0],
      ['problem-solving/not-graded', 'error', 0],
      ['documentation/not-graded', 'error', 0],
    ]);
    expect(reportView(report).exercises[0]!.status).toBe(`not graded (infrastructure: ${down.cause})`);
  });

  it('flags the student for a regrade on the class page, in grades.csv and in the terminal summary', () => {
    const rows: ClassRow[] = [
      { student: 'ann', report, cached: false, durationMs: 1 },
      { student: 'bob', report: score({ ...results([run()]), student: 'bob' }, RUBRIC, NO_OVERRIDES), cached: false, durationMs: 1 },
    ];
    const view = classView(rows, { exercises: [DEMO], kitVersion: 'k', backend: 'real', mode: 'full' });
    expect(view.rows[0]!.cells.at(-1)!.text).toBe(`needs regrade: ${DEMO.slug} not graded (infrastructure); 1 problem(s)`);
    expect(view.rows[0]!.cells[2]!.text).toBe('—'); // Total, %, then the exercise
    expect(view.rows[1]!.cells.at(-1)!.text).toBe('');
    const csv = gradesCsv(rows, [DEMO]).split('\n');
    expect(csv[1]).toBe(`ann,0,100,0,needs regrade: ${DEMO.slug} not graded (infrastructure),,,,,`);
    expect(csv[2]).toMatch(/^bob,[\d.]+,100,[\d.]+,graded,/);
    expect(summaryTable(rows, [DEMO]).split('\n')[2]).toMatch(new RegExp(`^ann\\s+0/100\\s+—\\s+${DEMO.slug}: not graded \\(infrastructure\\)$`));
  });
});
