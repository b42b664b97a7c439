import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAB_DEFAULTS } from '../config.js';
import { runEmbedded } from '../embedded.js';
import { LabStepError } from '../errors.js';
import { buildLog, writeLog, type PerfLog } from '../log-file.js';
import type { RunOutcome } from '../outcome.js';
import { Recorder } from '../recorder.js';
import { plotMain } from './cli.js';

let dir: string;
let good: string;
let log: PerfLog;

async function plot(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await plotMain(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), env: {}, cwd: dir });
  return { code, out, err };
}

function variant(name: string, edit: (doc: any) => void): string {
  const doc = structuredClone(log);
  edit(doc);
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cachelab-plot-'));
  const outcome = await runEmbedded({ ...LAB_DEFAULTS, queries: 3_000, seed: '<img src=x onerror=alert(1)>', progress: false }, { epochMs: 1_764_081_507_000 });
  log = buildLog(outcome);
  good = writeLog(log, dir);
});

describe('plot explain on a good log', () => {
  it('explains the busiest second field by field, as the published results read their sample', async () => {
    const { code, out, err } = await plot('explain', good);
    expect([code, err]).toEqual([0, '']);
    for (const text of [
      'count:',
      'avg_time_us:',
      '= total_time_us ÷ count',
      'cache_hits:',
      'cache_misses:',
      'Cache hit rate:',
      'Why total_time_us can exceed one second',
      'Speedup = database average ÷ cache-hit average',
    ]) {
      expect(out).toContain(text);
    }
    expect(out).toMatch(/--plot for the five views/);
  });

  it('draws the five views of the published results in the terminal with --plot', async () => {
    const { code, out } = await plot('explain', good, '--plot');
    expect(code).toBe(0);
    const titles = [
      '1. Database Operations Latency Over Time',
      '2. Cache Hit Latency Over Time',
      '3. Database vs Cache: Average Latency Comparison',
      '4. Throughput Over Time',
      '5. Cache Hit Rate Over Time',
    ];
    let at = -1;
    for (const title of titles) {
      const next = out.indexOf(title);
      expect(next, title).toBeGreaterThan(at);
      at = next;
    }
    const seconds = Object.keys(log.time_series).length;
    expect(out.match(/^ {2}\+\d+s \[█*\s*\] [\d,]+$/gm)).toHaveLength(seconds); // one throughput bar per second
    expect(out).toMatch(/Trend: [▁▂▃▄▅▆▇█]+ \(avg: \d+\.\d%\)/);
  });

  it('writes a self-contained HTML page: five SVG charts, no script, nothing to fetch, values escaped', async () => {
    const out = path.join(dir, 'nested', 'page.html');
    const { code } = await plot('explain', good, '--html', out);
    expect(code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html.match(/<svg /g)).toHaveLength(5);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(html.match(/(?:src|href)=/gi)).toBeNull();
    expect(html.match(/https?:\/\/[^"]+/g)?.every((u) => u === 'http://www.w3.org/2000/svg')).toBe(true);
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;'); // handlebars escapes = too
    for (const title of [
      'Database Operations Latency Over Time',
      'Cache Hit Latency Over Time',
      'Database vs Cache: Average Latency',
      'Throughput Over Time',
      'Cache Hit Rate Over Time',
    ]) {
      expect(html).toContain(`aria-label="${title}"`);
    }
  });

  it("reads a bare per-second series (the seed's own format) and interprets the published sample point exactly as the published results do", async () => {
    const file = path.join(dir, 'seed-sample.json');
    writeFileSync(
      file,
      JSON.stringify({
        '1764081507': {
          count: 5590,
          total_time_us: 3849376.0,
          avg_time_us: 688.62,
          min_time_us: 89.0,
          max_time_us: 118364.0,
          reads: 0,
          writes: 1129,
          cache_hits: 3662,
          cache_misses: 799,
        },
      }),
    );
    const { code, out } = await plot('explain', file, '--plot');
    expect(code).toBe(0);
    expect(out).toContain('count: 5,590 operations started in this 1-second window');
    expect(out).toContain('avg_time_us: 688.62 µs (0.689 ms)');
    expect(out).toContain('cache_hits: 3,662 (65.5% of operations)');
    expect(out).toContain('cache_misses: 799 (14.3%)');
    expect(out).toContain('Cache hit rate: 82.1% (3,662 / 4,461 reads');
    expect(out).toContain('1-3. Latency Over Time, every operation');
  });
});

describe('plot explain on a run with an outage', () => {
  const T0 = 1_764_081_507_000;
  const DB_DOWN = 'Cannot reach MySQL/MariaDB at DATABASE_URL=mysql://root:****@127.0.0.1:3306/cachelab (Connection lost: The server closed the connection.).';

  /** 8 seconds of 4 threads: a cold start over +0..+4 s, then the database down from +5 s to the end. */
  function databaseOutage(): RunOutcome {
    const r = new Recorder();
    for (let s = 0; s < 8; s++) {
      const at = T0 + s * 1000;
      const hitShare = s < 5 ? 0.2 + s * 0.15 : 0.9;
      for (let i = 0; i < 1000; i++) {
        const kind = i < 200 ? 'write' : i < 200 + 800 * hitShare ? 'cache_hit' : 'cache_miss';
        if (s >= 5 && kind !== 'cache_hit') r.fail(new LabStepError('database', DB_DOWN), at + i);
        else r.record(at + i, kind === 'cache_hit' ? 90 : 1_500, kind);
      }
    }
    return {
      config: { ...LAB_DEFAULTS, backend: 'real' },
      startedAt: new Date(T0),
      durationMs: 8_000,
      timeBase: 'wall',
      workerThreads: 1,
      recorder: r,
      passengers: 50_000,
      flights: 10_000,
      cacheServer: 'redis://127.0.0.1:6379',
      database: 'mysql://root:****@127.0.0.1:3306/cachelab',
      warmedEntries: 0,
      flushedKeys: 0,
    };
  }

  it('a database outage: the 100% hit rate after the fault is named as the outage, not read as the cold start', async () => {
    const file = writeLog(buildLog(databaseOutage()), path.join(dir, 'outage'));
    const { code, out, err } = await plot('explain', file, '--plot');
    expect([code, err]).toEqual([0, '']);
    expect(out).toContain(
      'Outage of the database (MySQL/MariaDB) from +5 s to the end of the run (+7 s), 3 seconds: 840 operations failed (0 at the cache, 840 at the database).',
    );
    expect(out).toContain(`Error: ${DB_DOWN}`);
    expect(out).toContain('so the hit rate reads 100.0%: that is the outage, not a warm cache.');
    expect(out).toMatch(/Hit rate went from 20\.0% in the first second to 80\.0% in the last second before the outage \(\+4 s\): the cold start/);
    expect(out).not.toMatch(/100\.0% in the last/);
    expect(out).toMatch(/The busiest second, \d+ \(\+[0-4] s\)/); // read field by field outside the outage
    expect(out).toMatch(/^ {2}\+5s \[█*\s*\] 720 {3}✗ 280 failed \(outage: database\)$/m);
    expect(out).toMatch(/^ {2}\+6s \[█+\s*\] 100\.0% ✓ {3}← outage \(the database failing\): not the cache at work$/m);
    const html = path.join(dir, 'outage.html');
    expect((await plot('explain', file, '--html', html)).code).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('aria-label="Failed Operations Over Time"');
    expect(page).toContain('Outage: +5–7 s (database)');
  });

  it('a few scattered failures are not an outage', async () => {
    const r = new Recorder();
    for (let i = 0; i < 3000; i++) r.record(T0 + i, 100, 'cache_hit');
    r.fail(new LabStepError('cache', 'Redis/Valkey at CACHE_URL=redis://127.0.0.1:6379: Command timed out'), T0 + 1500);
    const file = writeLog(buildLog({ ...databaseOutage(), recorder: r }), path.join(dir, 'scattered'));
    const { code, out } = await plot('explain', file);
    expect(code).toBe(0);
    expect(out).not.toContain('Outage');
    expect(out).toContain('Errors: 1 operation failed (1 at the cache, 0 at the database)');
  });

  it('a log from before the live log (no status, no error series) reads as complete; a log still running says so', async () => {
    const old = variant('old', (d) => {
      delete d.status;
      delete d.time_series_errors;
      delete d.results.errors_by_kind;
      delete d.results.write_refresh_errors;
    });
    const before = await plot('explain', old, '--plot');
    expect(before.code).toBe(0);
    expect(before.out).not.toMatch(/Status:|Outage/);
    const running = await plot('explain', writeLog(buildLog(databaseOutage(), 'running'), path.join(dir, 'running')));
    expect(running.code).toBe(0);
    expect(running.out).toContain('Status: running: the log was still being written when it was last saved');
    expect(running.out).toMatch(/Still running when this was saved: [\d,]+ of 40,000 operations so far\./);
  });
});

describe('plot explain on a malformed log', () => {
  const cases: [string, (file: string) => string, RegExp][] = [
    ['a missing file', () => path.join(dir, 'nope.json'), /nope\.json: no such file/],
    [
      'a file that is not JSON',
      () => {
        const f = path.join(dir, 'broken.json');
        writeFileSync(f, '{"format": "cachelab-perf');
        return f;
      },
      /broken\.json: is not valid JSON/,
    ],
    [
      'another JSON document',
      () =>
        variant('other', (d) => {
          d.format = 'something-else';
        }),
      /other\.json, field "format": must be "cachelab-perf-test"/,
    ],
    [
      'a bad bucket field',
      () =>
        variant('bucket', (d) => {
          d.time_series[Object.keys(d.time_series)[0]!].count = 'many';
        }),
      /bucket\.json, field "time_series": Time-series second \d+: field "count" must be a number >= 0/,
    ],
    [
      'a bucket that does not add up',
      () =>
        variant('sum', (d) => {
          d.time_series[Object.keys(d.time_series)[0]!].writes += 1;
        }),
      /sum\.json, field "time_series\.\d+\.count": is \d+ but reads \+ writes \+ cache_hits \+ cache_misses is \d+/,
    ],
    [
      'no split by operation',
      () =>
        variant('split', (d) => {
          delete d.time_series_by_operation;
        }),
      /split\.json, field "time_series_by_operation": must be an object/,
    ],
    [
      'a read ratio out of range',
      () =>
        variant('ratio', (d) => {
          d.configuration.read_ratio = 120;
        }),
      /ratio\.json, field "configuration\.read_ratio": must be a percentage from 0 to 100/,
    ],
    [
      'a missing total',
      () =>
        variant('totals', (d) => {
          delete d.results.cache_hits;
        }),
      /totals\.json, field "results\.cache_hits": must be a whole number/,
    ],
    [
      'an unknown status',
      () =>
        variant('status', (d) => {
          d.status = 'done';
        }),
      /status\.json, field "status": must be "complete", "interrupted", "failed" or "running"/,
    ],
    [
      'failures that do not add up',
      () =>
        variant('errors', (d) => {
          d.time_series_errors = { '1764081507': { errors: 2, cache: 1, database: 0, write_refresh: 0 } };
        }),
      /errors\.json, field "time_series_errors": second 1764081507: "errors" is 2 but cache \+ database is 1/,
    ],
  ];

  it.each(cases)('%s: exit 1, the file and the field named, the fix given, no stack trace', async (_name, make, pattern) => {
    const { code, out, err } = await plot('explain', make(''), '--plot');
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(pattern);
    expect(err).toMatch(/run the load test again/);
    expect(err).not.toMatch(/^\s+at /m);
  });

  it('an unwritable HTML path is exit 1 with the path named', async () => {
    const blocker = path.join(dir, 'a-file');
    writeFileSync(blocker, 'x');
    const { code, err } = await plot('explain', good, '--html', path.join(blocker, 'page.html'));
    expect(code).toBe(1);
    expect(err).toMatch(/Cannot write .*a-file\/page\.html/);
  });

  it('usage problems are exit 2', async () => {
    expect((await plot()).code).toBe(2);
    expect((await plot('explain')).err).toMatch(/missing required argument 'file'/);
    expect((await plot('draw', good)).code).toBe(2);
    expect((await plot('explain', good, '--png')).err).toMatch(/unknown option '--png'/);
  });
});
