import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { readLog } from './log-read.js';
import { loadtestMain, type LabIo } from './loadtest-cli.js';

const KIT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let dir: string;
let errLines: string[];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cachelab-loadtest-'));
  errLines = [];
});

async function loadtest(argv: string[], over: Partial<LabIo> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: LabIo = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), env: {}, cwd: dir, stdinIsTTY: false, stderrIsTTY: false, ...over };
  const code = await loadtestMain(argv, io);
  return { code, out, err };
}

const logs = () => (existsSync(path.join(dir, 'logs')) ? readdirSync(path.join(dir, 'logs')) : []);

describe('npm run loadtest (embedded backend)', () => {
  it("prints the seed's configuration and results and saves logs/perf_test_<timestamp>.json", async () => {
    const { code, out, err } = await loadtest(['-t', '2', '-q', '500', '--pool-size', '100']);
    expect(code).toBe(0);
    for (const line of [
      'Test Configuration:',
      'Threads: 2',
      'Queries per thread: 500',
      'Total queries: 1,000',
      'Read ratio: 80%',
      'Cache TTL: 300,000 ms (5 minutes)',
      'Results (virtual time of the embedded backend):',
      'Total Duration:',
      'Queries per Second:',
      'Avg Latency per Query:',
      'p95',
      'p99',
      'Reads:',
      'Writes:',
      'Cache Hits:',
      'Cache Misses:',
      'Errors: 0',
    ]) {
      expect(out).toContain(line);
    }
    const [file] = logs();
    expect(file).toMatch(/^perf_test_\d{8}_\d{6}\.json$/);
    expect(out).toContain(`Saved ${path.join('logs', file!)}`);
    const loaded = readLog(path.join(dir, 'logs', file!));
    expect(loaded.kind === 'full' && loaded.log.results.total_queries).toBe(1_000);
    expect(err).toMatch(/1,000 \/ 1,000 queries \(100%\)/); // the progress line when stderr is not a terminal
  });

  it('--verbose shows the SQL and the key format with a sample entry', async () => {
    const { code, out } = await loadtest(['-t', '1', '-q', '10', '-v', '--key-prefix', 'lab:']);
    expect(code).toBe(0);
    expect(out).toContain('SELECT p.firstname, p.lastname, COUNT(*) AS booking_count');
    expect(out).toContain('INSERT INTO booking (flight_id, passenger_id, price, seat)');
    expect(out).toContain('Key format: lab:bookings:{passenger_id}');
    expect(out).toMatch(/sample: lab:bookings:\d+ = (null|\{"firstname":"[^"]+","lastname":"[^"]+","booking_count":\d+\})/);
  });

  it('--interactive asks first: "n" runs nothing, "y" runs; without a terminal it says so and exits 2', async () => {
    const questions: string[] = [];
    const no = await loadtest(['-i', '-q', '10'], { stdinIsTTY: true, ask: async (q) => (questions.push(q), 'n') });
    expect([no.code, logs()]).toEqual([0, []]);
    expect(no.out).toContain('Cancelled; nothing was run.');
    expect(questions[0]).toMatch(/Run the test with this configuration\? \[Y\/n\]/);
    const yes = await loadtest(['-i', '-q', '10'], { stdinIsTTY: true, ask: async () => 'y' });
    expect(yes.code).toBe(0);
    expect(logs()).toHaveLength(1);
    const noTty = await loadtest(['-i']);
    expect(noTty.code).toBe(2);
    expect(noTty.err).toMatch(/--interactive asks before running, but stdin is not a terminal/);
  });

  it('--compare runs the five scenarios and prints them side by side with the speedups', async () => {
    const { code, out } = await loadtest(['--compare', '-t', '2', '-q', '1500', '--pool-size', '300', '--no-progress']);
    expect(code).toBe(0);
    const table = out.slice(out.indexOf('Scenario'));
    const rows = ['No cache', 'Cache', 'Warmed cache', 'High concurrency', 'Write-heavy'].map((t) => table.split('\n').find((l) => l.startsWith(t)));
    expect(rows.every(Boolean)).toBe(true);
    expect(rows[0]).toMatch(/^No cache\s+2\s+80%\s+-\s+[\d,]+\s+1\.00x/);
    expect(rows[3]).toMatch(/^High concurrency\s+8\s+80%/);
    expect(rows[4]).toMatch(/^Write-heavy\s+2\s+50%/);
    expect(out).toMatch(/Warmed cache: [\d.]+x the throughput/);
    expect(
      logs()
        .map((f) => f.replace(/^perf_test_\d{8}_\d{6}_/, ''))
        .sort(),
    ).toEqual(['cache.json', 'high-concurrency.json', 'no-cache.json', 'warmed.json', 'write-heavy.json']);
  });

  it('a stop request (SIGTERM) while it runs: exit 143, what was interrupted is said, the log is kept and readable', async () => {
    const stop = new AbortController();
    const { code, out, err } = await loadtest(['-t', '2', '-q', '500', '--pool-size', '100'], {
      signal: stop.signal,
      err: (t) => {
        errLines.push(t);
        if (t.startsWith('Running')) stop.abort('SIGTERM'); // as soon as measuring starts
      },
    });
    expect(code).toBe(143);
    const text = errLines.join('\n');
    expect(text).toMatch(/Interrupted by SIGTERM during the run after [\d,]+ of 1,000 queries \([\d.]+ s\): the 2 workers finished the operations in flight\./);
    const [file] = logs();
    expect(text).toContain(`The log keeps everything up to then (status: interrupted): ${path.join('logs', file!)}`);
    expect(out).toContain(`npm run plot -- explain ${path.join('logs', file!)} --plot`);
    const loaded = readLog(path.join(dir, 'logs', file!));
    expect(loaded.kind === 'full' && loaded.log.status).toBe('interrupted');
    expect(err).toBe('');
  });

  it('--compare stopped during a scenario keeps the finished ones and that one, and names those not run', async () => {
    const stop = new AbortController();
    let running = 0;
    const { code, out } = await loadtest(['--compare', '-t', '2', '-q', '300', '--pool-size', '100'], {
      signal: stop.signal,
      err: (t) => {
        errLines.push(t);
        if (t.startsWith('Running') && ++running === 2) stop.abort('SIGINT'); // as scenario 2 starts measuring
      },
    });
    expect(code).toBe(130);
    const text = errLines.join('\n');
    expect(text).toMatch(/Interrupted by SIGINT during scenario 2\/5 \(Cache\) after/);
    expect(text).toContain('Not run: Warmed cache, High concurrency, Write-heavy.');
    expect(out).toMatch(/^No cache\s+2\s+80%/m);
    expect(out).toMatch(/Cache \(interrupted\): logs\/perf_test_\d{8}_\d{6}_cache\.json/);
    expect(
      logs()
        .map((f) => f.replace(/^perf_test_\d{8}_\d{6}_/, ''))
        .sort(),
    ).toEqual(['cache.json', 'no-cache.json']);
  });

  it('a stop request before measuring starts: nothing measured, no log, the finished scenarios still shown', async () => {
    const stop = new AbortController();
    const { code, out } = await loadtest(['--compare', '-t', '2', '-q', '300', '--pool-size', '100', '--no-progress'], {
      signal: stop.signal,
      err: (t) => {
        errLines.push(t);
        if (t.startsWith('[2/5]')) stop.abort('SIGINT');
      },
    });
    expect(code).toBe(130);
    expect(errLines.join('\n')).toContain('Interrupted by SIGINT before the run started; nothing was measured, so no log was written (scenario 2/5, Cache).');
    expect(errLines.join('\n')).toContain('Not run: Cache, Warmed cache, High concurrency, Write-heavy.');
    expect(out).toMatch(/^No cache\s+2\s+80%/m);
    expect(logs()).toHaveLength(1);
  });

  it.each([
    [['--read-ratio', '120'], 2, /--read-ratio is the percentage of reads and must be from 0 to 100, got "120"/],
    [['--threads', '0'], 2, /--threads must be a whole number from 1 to 64, got "0"/],
    [['--backend', 'real'], 2, /CACHE_URL="ftp:\/\/x" is not a valid Redis\/Valkey URL \(the scheme is "ftp", not "redis"\)/],
  ])('%j: a clear message, exit %i, no stack trace', async (argv, exitCode, pattern) => {
    const { code, err } = await loadtest(argv, { env: { CACHE_URL: 'ftp://x' } });
    expect(code).toBe(exitCode);
    expect(err).toMatch(pattern);
    expect(err).not.toMatch(/^\s+at /m);
  });

  it('the real command prints the message alone, with no stack trace', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/loadtest.ts', '--read-ratio', '120'], {
      cwd: KIT_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^option '-r, --read-ratio <pct>' argument '120' is invalid\. --read-ratio is the percentage of reads/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
