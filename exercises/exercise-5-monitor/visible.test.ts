/**
 * Exercise 5's visible suite: `npm test exercise-5`. Every test runs on a synthetic server (it
 * answers INFO from figures the test sets) and a virtual clock (lib/exercises/exercise-5-monitor/testing.ts),
 * so hours of samples take milliseconds and give the same result on every run. A failure names
 * what was expected and the hint to ask for (`npm run hint`).
 */
import { describe, expect, test } from 'vitest';
import { infoFixture } from '../../lib/exercises/exercise-5-monitor/fixtures.js';
import { DEFAULT_THRESHOLDS } from '../../lib/exercises/exercise-5-monitor/options.js';
import { rig, simulate } from '../../lib/exercises/exercise-5-monitor/testing.js';
import type { Exercise5Module, UpSample } from '../../lib/exercises/exercise-5-monitor/types.js';
import { AlertRule } from './alert-rule.js';
import { parseInfo } from './info-parser.js';
import { CachePerformanceMonitor } from './monitor.js';

const impl: Exercise5Module = { CachePerformanceMonitor, AlertRule, parseInfo };
// The hint to ask for: a topic's id in hints.json is the first word of its title.
const hint = (topic: string) => `\n  → npm run hint exercise-5 ${topic.split(' ')[0]}`;
const code = (e: unknown) => (e && typeof e === 'object' && 'code' in e ? String(e.code) : `no code: ${String(e)}`);
const up = (s: unknown): UpSample => {
  expect((s as UpSample).up, `collectMetrics should return an up sample here${hint('collectMetrics')}`).toBe(true);
  return s as UpSample;
};
const minutes = (n: number) => n * 6; // samples of 10 s

describe('exercise 5: parseInfo', () => {
  test('reads fields, sections and the keyspace of a Redis 7 reply', () => {
    const info = parseInfo(infoFixture('redis-7.0'));
    expect(info.fields.keyspace_hits, `fields by name, values as strings${hint('parseInfo')}`).toBe('350');
    expect(info.sections, `section names in lower case${hint('parseInfo')}`).toContain('keyspace');
    expect(info.keyspace.db0, `db0:keys=301,expires=300,avg_ttl=… as numbers${hint('parseInfo')}`).toMatchObject({ keys: 301, expires: 300 });
    expect(info.server, `server name and version${hint('parseInfo')}`).toEqual({ name: 'redis', version: '7.0.15' });
  });

  test('tells Valkey from Redis', () => {
    expect(parseInfo(infoFixture('valkey-8.0')).server, `Valkey says server_name:valkey and valkey_version${hint('parseInfo')}`).toEqual({
      name: 'valkey',
      version: '8.0.1',
    });
  });
});

describe('exercise 5: collectMetrics', () => {
  test('turns INFO counters into per-interval figures', () =>
    simulate(async () => {
      const r = rig(impl, { maxMemory: 1_000_000_000, maxClients: 1_000 });
      await r.step();
      const s = up(await r.step({ readsPerSec: 1_000, hitRatio: 75, evictionsPerSec: 3, memoryPct: 42, clients: 250 }));
      expect([s.hits, s.misses], `10 s of 1,000 reads/s at 75%: deltas since the previous sample, not totals${hint('collectMetrics')}`).toEqual([7_500, 2_500]);
      expect(s.hitRatio, `hit ratio of the interval, in %${hint('collectMetrics')}`).toBeCloseTo(75, 6);
      expect(s.evictedKeys).toBe(30);
      expect(s.memoryPct, `used_memory / maxmemory in %${hint('collectMetrics')}`).toBeCloseTo(42, 6);
      expect(s.connectionsPct, `connected_clients / maxclients in %${hint('collectMetrics')}`).toBeCloseTo(25, 6);
      expect(s.intervalMs).toBe(10_000);
    }));

  test('no reads: the hit ratio is null, never NaN', () =>
    simulate(async () => {
      const r = rig(impl);
      await r.step();
      const s = up(await r.step({ readsPerSec: 0 }));
      expect(s.hitRatio, `0 hits / 0 reads is not a number: report null${hint('collectMetrics')}`).toBeNull();
    }));

  test('a restart resets the counters: no negative deltas', () =>
    simulate(async () => {
      const r = rig(impl);
      await r.steps(3, { readsPerSec: 1_000, hitRatio: 90 });
      r.server.restart();
      const s = up(await r.step({ readsPerSec: 1_000, hitRatio: 80 }));
      expect(s.reset, `run_id changed and the counters fell: flag the reset${hint('collectMetrics')}`).toBe(true);
      expect([s.hits, s.misses], `after a restart, the counters' new values are the deltas${hint('collectMetrics')}`).toEqual([8_000, 2_000]);
    }));

  test('client-side latency percentiles and top keys come from the collector', () =>
    simulate(async () => {
      const r = rig(impl);
      const s = up(
        await r.step({
          ops: [
            { ms: 1, count: 90 },
            { ms: 40, count: 10, key: 'user:7' },
          ],
        }),
      );
      expect(s.p95Ms, `p95 of 90 ops at 1 ms and 10 at 40 ms${hint('collectMetrics')}`).toBe(40);
      expect(s.p50Ms).toBe(1);
      expect(s.topKeys[0], `the key used most${hint('collectMetrics')}`).toEqual({ key: 'user:7', count: 10 });
    }));

  test('Redis 6 has no maxclients in INFO: ask CONFIG GET once', () =>
    simulate(async () => {
      const r = rig(impl, { flavour: 'redis-6.2', maxClients: 500 });
      const s = up(await r.step({ clients: 400 }));
      expect(s.maxClients, `maxclients from CONFIG GET maxclients${hint('collectMetrics')}`).toBe(500);
      expect(s.connectionsPct).toBeCloseTo(80, 6);
    }));

  test('a server that is down gives a down sample, not an exception', () =>
    simulate(async () => {
      const r = rig(impl);
      await r.step();
      r.server.mode = { kind: 'down' };
      const s = await r.step();
      expect(s.up, `INFO failed: return { up: false, at, error }${hint('collectMetrics')}`).toBe(false);
      expect(r.monitor.history().length, `down samples are kept too${hint('collectMetrics')}`).toBe(2);
    }));
});

describe('exercise 5: AlertRule', () => {
  const t = { warning: 50, critical: 150, forMs: 30_000, escalateAfterMs: 600_000, hysteresis: 10, clearForMs: 60_000 };

  test('a breach fires once it held forMs, once (no repeats while it lasts)', () => {
    const rule = new AlertRule('latency', t);
    const kinds = [0, 10, 20, 30, 40, 50, 60].map((s) => rule.evaluate(80, s * 1_000)?.kind ?? null);
    expect(kinds, `breach from 0 s, forMs 30 s: fire at 30 s and then stay quiet${hint('AlertRule')}`).toEqual([null, null, null, 'firing', null, null, null]);
    expect(rule.active?.severity).toBe('warning');
  });

  test('hysteresis and clearForMs: resolves only when clearly back for long enough', () => {
    const rule = new AlertRule('latency', { ...t, forMs: 0 });
    rule.evaluate(80, 0);
    const kinds = [
      [45, 10], // below warning but inside the hysteresis band: still firing
      [38, 20], // clear (≤ 40) …
      [60, 30], // … but back up: not resolved
      [35, 40],
      [35, 70],
      [35, 100], // clear for 60 s
    ].map(([v, s]) => rule.evaluate(v!, s! * 1_000)?.kind ?? null);
    expect(kinds, `resolve once ≤ warning − hysteresis for clearForMs${hint('AlertRule')}`).toEqual([null, null, null, null, null, 'resolved']);
  });

  test('a warning that lasts escalates to critical', () => {
    const rule = new AlertRule('hit-ratio', { warning: 80, critical: 60, forMs: 0, escalateAfterMs: 600_000 });
    expect(rule.evaluate(75, 0)?.kind, `hit-ratio is bad BELOW its thresholds${hint('AlertRule')}`).toBe('firing');
    expect(rule.evaluate(74, 300_000)).toBeNull();
    const e = rule.evaluate(74, 600_000);
    expect([e?.kind, e?.severity], `still not clear 10 minutes after firing${hint('AlertRule')}`).toEqual(['escalated', 'critical']);
  });
});

describe('exercise 5: CachePerformanceMonitor', () => {
  test('one slow sample among fast ones is not an alert: rule values are window values', () =>
    simulate(async () => {
      const r = rig(impl, { thresholds: { latency: DEFAULT_THRESHOLDS.latency } });
      await r.steps(minutes(2), { ops: [{ ms: 10, count: 100 }] });
      await r.step({ ops: [{ ms: 250, count: 100 }] }); // one GC pause
      await r.steps(minutes(2), { ops: [{ ms: 10, count: 100 }] });
      expect(r.events, `a single 250 ms sample in a 60 s window of 10 ms ones${hint('analyzePerformance')}`).toEqual([]);
    }));

  test('a sustained latency spike fires within its deadline and resolves after', () =>
    simulate(async () => {
      const r = rig(impl, { thresholds: { latency: DEFAULT_THRESHOLDS.latency } });
      await r.steps(minutes(3), { ops: [{ ms: 10, count: 100 }] });
      const start = Date.now();
      await r.steps(minutes(4), { ops: [{ ms: 120, count: 100 }] });
      await r.steps(minutes(4), { ops: [{ ms: 10, count: 100 }] });
      const kinds = r.events.map((e) => e.kind);
      expect(kinds, `one firing, one resolved${hint('AlertRule')}`).toEqual(['firing', 'resolved']);
      expect(r.events[0]!.at - start, `fired within 90 s of the spike's start${hint('AlertRule')}`).toBeLessThanOrEqual(90_000);
    }));

  test('steady memory growth alerts before memory reaches the warning level', () =>
    simulate(async () => {
      const r = rig(impl, { thresholds: { memory: DEFAULT_THRESHOLDS.memory } });
      await r.steps(minutes(20), { memoryPct: 50 });
      let pct = 50;
      while (r.events.length === 0 && pct < 100) {
        pct += 0.25; // 1.5% per minute
        await r.step({ memoryPct: pct });
      }
      expect(r.events[0]?.rule, `a leak of 1.5%/min from 50%: project it ${DEFAULT_THRESHOLDS.memory.warning}% ahead${hint('analyzePerformance')}`).toBe(
        'memory',
      );
      expect(pct, `memory had reached ${pct}% when the alert fired`).toBeLessThan(78);
    }));

  test('a flush: hit-ratio finding, and the recommendation is to warm the cache', () =>
    simulate(async () => {
      const r = rig(impl);
      await r.steps(minutes(10), { hitRatio: 95, keys: 50_000 });
      await r.steps(3, { hitRatio: 30, keys: 800 });
      const a = r.monitor.analyzePerformance();
      expect(
        a.findings.map((f) => f.rule),
        `hit ratio under 80% over the last minute${hint('analyzePerformance')}`,
      ).toContain('hit-ratio');
      const recs = r.monitor.generateRecommendations().filter((x) => x.because === 'hit-ratio');
      expect(
        recs.map((x) => x.id),
        `the keys were lost (flush): warm the cache${hint('generateRecommendations')}`,
      ).toEqual(['warm-cache']);
      expect(recs[0]!.evidence.length, 'say what triggered it').toBeGreaterThan(0);
    }));

  test('TTLs too short: the recommendation is to tune them', () =>
    simulate(async () => {
      const r = rig(impl);
      await r.steps(minutes(10), { hitRatio: 95, keys: 50_000 });
      await r.steps(minutes(2), { hitRatio: 70, keys: 50_000, expiredPerSec: 400 });
      const ids = r.monitor
        .generateRecommendations()
        .filter((x) => x.because === 'hit-ratio')
        .map((x) => x.id);
      expect(ids, `keys are all there but expire: tune-ttl${hint('generateRecommendations')}`).toEqual(['tune-ttl']);
    }));

  test('thresholds in a bad shape are refused with a clear error', () =>
    simulate(async () => {
      const r = rig(impl);
      const error = (() => {
        try {
          r.monitor.setupAlerting({ latency: { warning: 50 } } as never);
          return null;
        } catch (e) {
          return e;
        }
      })();
      expect(code(error), `validate with resolveThresholds (options.ts)${hint('setupAlerting')}`).toBe('E_INVALID_THRESHOLDS');
    }));

  test('the history stays bounded', () =>
    simulate(async () => {
      const r = rig(impl, { options: { historyLimit: 50 } });
      await r.steps(120);
      expect(r.monitor.history().length, `historyLimit 50 after 120 collections${hint('collectMetrics')}`).toBe(50);
    }));

  test('exportPrometheus writes the Prometheus text format', () =>
    simulate(async () => {
      const r = rig(impl);
      await r.steps(3, { hitRatio: 90 });
      const text = await r.monitor.exportPrometheus();
      expect(text, `a gauge line "cache_up 1"${hint('exportPrometheus')}`).toMatch(/^cache_up 1$/m);
      expect(text, `# TYPE lines from prom-client${hint('exportPrometheus')}`).toMatch(/^# TYPE cache_hit_ratio gauge$/m);
      expect(text).toMatch(/^cache_hit_ratio 0\.9$/m);
      expect(text).toMatch(/^cache_keyspace_hits_total 18000$/m);
    }));
});
