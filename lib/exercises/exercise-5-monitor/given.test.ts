/**
 * Tests of exercise 5's given code: the collector, the synthetic server and its INFO dialects
 * (held against the real replies in lib/exercises/exercise-5-monitor/metrics/info/), option and threshold validation,
 * the private-port setting, and the dashboard page (its live run in Chromium is
 * grader/exercises/exercise-5-monitor/calibration.dashboard.test.ts).
 */
import { describe, expect, test } from 'vitest';
import { createEmbeddedCacheServer } from '../../backends/cache/embedded.js';
import { MetricsCollector, OTHER_KEYS } from './collector.js';
import { renderDashboard } from './dashboard.js';
import { INFO_FIXTURES, infoFixture } from './fixtures.js';
import { INFO_FLAVOURS, renderInfo } from './info-render.js';
import { DEFAULT_THRESHOLDS, resolveMonitorOptions, resolveThresholds } from './options.js';
import { privatePorts } from './private-redis.js';
import { RECOMMENDATION_IDS } from './types.js';
import { SyntheticServer } from './synthetic-server.js';

const names = (text: string) =>
  new Set(
    text
      .split(/\r?\n/)
      .filter((l) => l.includes(':') && !l.startsWith('#'))
      .map((l) => l.slice(0, l.indexOf(':'))),
  );

describe('MetricsCollector', () => {
  test('windows: percentiles, top keys, reset on snapshot', () => {
    const c = new MetricsCollector({ topKeys: 2 });
    for (let i = 1; i <= 100; i++) c.record(i, i % 4 === 0 ? 'hot' : `k${i}`);
    c.record(5, 'hot', false);
    const w = c.snapshot();
    expect([w.count, w.errors, w.p50Ms, w.p95Ms, w.p99Ms, w.maxMs]).toEqual([101, 1, 50, 95, 99, 100]);
    expect(w.topKeys).toEqual([
      { key: 'hot', count: 26 },
      { key: 'k1', count: 1 },
    ]);
    expect(c.snapshot()).toEqual({ count: 0, errors: 0, p50Ms: null, p95Ms: null, p99Ms: null, maxMs: null, topKeys: [] });
  });

  test('key counting is bounded: new keys past the limit count as (other)', () => {
    const c = new MetricsCollector({ maxTrackedKeys: 3 });
    for (let i = 0; i < 50; i++) c.record(1, `k${i}`);
    c.record(1, 'k0');
    expect(c.snapshot().topKeys).toEqual([
      { key: 'k0', count: 2 },
      { key: 'k1', count: 1 },
      { key: 'k2', count: 1 },
    ]);
    expect(OTHER_KEYS).toBe('(other)');
  });

  test('instrument records data commands with their key, not INFO, and counts failures', async () => {
    const server = createEmbeddedCacheServer();
    try {
      const c = new MetricsCollector();
      const client = c.instrument(server.createClient());
      await client.set('a', '1');
      await client.get('a');
      await client.info();
      await client.incr('a');
      await client.set('b', 'x');
      await expect(client.incr('b')).rejects.toThrow(/not an integer/);
      const w = c.snapshot();
      expect([w.count, w.errors]).toEqual([5, 1]);
      expect(w.topKeys).toEqual([
        { key: 'a', count: 3 },
        { key: 'b', count: 2 },
      ]);
    } finally {
      await server.close();
    }
  });

  test('bad options are refused', () => {
    expect(() => new MetricsCollector({ topKeys: 0 })).toThrow(/topKeys/);
    expect(() => new MetricsCollector({ maxTrackedKeys: 1.5 })).toThrow(/maxTrackedKeys/);
  });
});

describe('INFO dialects', () => {
  const figures = new SyntheticServer().figures();

  test.each(INFO_FLAVOURS)('%s: every rendered field exists in the real reply on file', (flavour) => {
    const fixture = names(infoFixture(flavour));
    expect([...names(renderInfo(flavour, figures))].filter((n) => !fixture.has(n))).toEqual([]);
  });

  test('what differs between them is what the fixtures show', () => {
    const [r6, r7, v8] = INFO_FIXTURES.map((f) => names(infoFixture(f)));
    expect([r6!.has('maxclients'), r7!.has('maxclients'), v8!.has('maxclients')]).toEqual([false, true, true]);
    expect([r7!.has('redis_mode'), v8!.has('redis_mode'), v8!.has('server_mode'), v8!.has('valkey_version')]).toEqual([true, false, true, true]);
    expect(infoFixture('redis-7.0')).toContain('\r\n');
  });
});

describe('SyntheticServer', () => {
  test('counters, levels, restart, and the CONFIG GET it answers', async () => {
    const s = new SyntheticServer({ flavour: 'redis-6.2', maxClients: 500, maxMemory: 1000, policy: 'allkeys-lfu' });
    s.add({ hits: 10, misses: 5 });
    s.set({ keys: 7, connectedClients: 3 });
    const client = s.client();
    const text = await client.info();
    expect(text).toMatch(/^keyspace_hits:10\r$/m);
    expect(text).toMatch(/^db0:keys=7,/m);
    expect(await client.config('GET', 'maxclients')).toEqual(['maxclients', '500']);
    const before = s.figures().runId;
    s.restart(false);
    expect([s.figures().hits, s.figures().keys, s.figures().runId === before]).toEqual([0, 0, false]);
    await expect(client.get('x')).rejects.toThrow(/not supported/);
    expect(s.infoCalls).toBe(1);
  });

  test('down and hang modes', async () => {
    const s = new SyntheticServer();
    s.mode = { kind: 'down' };
    await expect(s.client().info()).rejects.toThrow(/ECONNREFUSED/);
    s.mode = { kind: 'hang' };
    const race = await Promise.race([s.client().info(), new Promise((r) => setTimeout(() => r('timeout'), 20))]);
    expect(race).toBe('timeout');
  });
});

describe('options and thresholds', () => {
  test('defaults, and errors that name the option', () => {
    expect(resolveMonitorOptions()).toEqual({
      windowMs: 60_000,
      trendMs: 900_000,
      baselineMs: 1_800_000,
      horizonMs: 1_800_000,
      historyLimit: 1_000,
      infoTimeoutMs: 1_000,
    });
    expect(() => resolveMonitorOptions({ windowMs: 0 })).toThrow(/options\.windowMs/);
    expect(() => resolveMonitorOptions({ windowMs: 120_000, trendMs: 60_000 })).toThrow(/options\.trendMs must be a number of milliseconds ≥ windowMs/);
    expect(() => resolveMonitorOptions({ historyLimit: 2.5 })).toThrow(/options\.historyLimit/);
  });

  test('thresholds: defaults fill the optional fields; the defaults themselves are valid', () => {
    expect(resolveThresholds({ latency: { warning: 50, critical: 150 } })).toEqual({
      latency: { warning: 50, critical: 150, forMs: 0, escalateAfterMs: Infinity, hysteresis: 0, clearForMs: 0 },
    });
    expect(resolveThresholds(DEFAULT_THRESHOLDS)).toEqual(DEFAULT_THRESHOLDS);
  });
});

describe('private redis ports', () => {
  test('a range, a list, and a clear error otherwise', () => {
    expect(privatePorts({})).toEqual([6440, 6441, 6442, 6443, 6444, 6445, 6446, 6447, 6448, 6449]);
    expect(privatePorts({ CACHELAB_EX5_PORTS: '7100, 7102' })).toEqual([7100, 7102]);
    expect(() => privatePorts({ CACHELAB_EX5_PORTS: 'lots' })).toThrow(/CACHELAB_EX5_PORTS="lots"/);
  });
});

describe('renderDashboard', () => {
  test('one page from dashboard.html.hbs: the sections, the seven charts, every value escaped', () => {
    const html = renderDashboard({
      title: 'Run <1> & "two"',
      subtitle: 'embedded <cache>',
      samples: [],
      events: [
        { kind: 'firing', rule: 'hit-ratio', severity: 'critical', at: 61_000, value: 41, threshold: 80, since: 61_000, message: 'hit-ratio <41%> below 80%' },
      ],
      recommendations: [{ at: 62_000, list: [{ id: RECOMMENDATION_IDS[0], because: 'hit-ratio', title: 'Warm <the> cache', evidence: 'hits & misses' }] }],
      startedAt: 0,
    });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>Run &lt;1&gt; &amp; &quot;two&quot;</title>');
    expect(html).toContain('<p class="sub">embedded &lt;cache&gt;</p>');
    expect(html).toContain('<span>0 samples (0 down)</span><span>server never answered</span><span>1 alerts fired</span>');
    expect(html.match(/<h2>[^<]+<\/h2>/g)).toEqual(['<h2>Time series</h2>', '<h2>Incidents</h2>', '<h2>Alerts</h2>', '<h2>Recommendations</h2>']);
    expect(html.match(/<svg /g)).toHaveLength(7);
    expect(html).toContain('<p class="empty">No incident was caused.</p>');
    expect(html).toContain('<th>time</th><th>event</th><th>rule</th><th>severity</th><th>message</th>');
    expect(html).toContain('<tr><td>1:01</td><td>firing</td><td>hit-ratio</td><td>critical</td><td>hit-ratio &lt;41%&gt; below 80%</td></tr>');
    expect(html).toContain('<td>Warm &lt;the&gt; cache</td><td>hit-ratio</td><td>hits &amp; misses</td>');
    expect(html).not.toMatch(
      /<script|<link|<(?!\/?(?:html|head|meta|title|style|body|h1|h2|p|span|div|table|thead|tbody|tr|th|td|svg|text|line|polyline|circle|rect)\b)[a-z]/i,
    );
  });

  test('empty tables say so', () => {
    const html = renderDashboard({ title: 'E', samples: [], events: [], recommendations: [], startedAt: 0 });
    expect(html).toContain('<p class="empty">No alert fired.</p>');
    expect(html).toContain('<p class="empty">No recommendation was made.</p>');
    expect(html).not.toContain('class="sub"');
  });
});
