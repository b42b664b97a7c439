/**
 * A model of "your own tests" for exercise 5 (graded under problem solving): small, deterministic
 * tests of the reference solution's own decisions, on a synthetic server and a virtual clock.
 * Students write theirs in exercises/exercise-5-monitor/ next to the visible suite.
 */
import { describe, expect, test } from 'vitest';
import { rig, simulate } from '../../lib/exercises/exercise-5-monitor/testing.js';
import type { Exercise5Module } from '../../lib/exercises/exercise-5-monitor/types.js';
import { AlertRule } from './alert-rule.js';
import { parseInfo } from './info-parser.js';
import { CachePerformanceMonitor } from './monitor.js';
import { keysLost } from './windows.js';

const impl: Exercise5Module = { CachePerformanceMonitor, AlertRule, parseInfo };

describe('my exercise 5 decisions', () => {
  test('keys lost is the largest fall from the running maximum, not the last change', () => {
    const sample = (keys: number) => ({ keys }) as Parameters<typeof keysLost>[0][number];
    expect(keysLost([10, 100, 20, 90, 95].map(sample))).toBe(80);
    expect(keysLost([0, 0].map(sample))).toBeNull();
  });

  test('the projection waits for half the trend window: no memory alert in the first minutes', () =>
    simulate(async () => {
      const r = rig(impl, { thresholds: { memory: { warning: 80, critical: 95 } } });
      for (let i = 0; i < 40; i++) await r.step({ memoryPct: 60 + (i % 2 === 0 ? 2 : -2) });
      expect(r.events).toEqual([]);
    }));

  test('the projection starts from the measured level: a cleaned-up leak resolves within minutes', () =>
    simulate(async () => {
      const r = rig(impl, { thresholds: { memory: { warning: 80, critical: 95, hysteresis: 3, clearForMs: 60_000 } } });
      await r.steps(90, { memoryPct: 55 });
      for (let pct = 55; pct <= 95; pct += 0.25) await r.step({ memoryPct: pct });
      await r.steps(30, { memoryPct: 55 }); // 5 minutes after the clean-up
      expect(r.events.map((e) => e.kind)).toEqual(['firing', 'escalated', 'resolved']);
    }));

  test('an interval without reads does not dilute the window hit ratio', () =>
    simulate(async () => {
      const r = rig(impl);
      await r.steps(5, { hitRatio: 70 });
      await r.step({ readsPerSec: 0 });
      expect(r.monitor.analyzePerformance().current.hitRatio).toBeCloseTo(70, 9);
    }));

  test('a Valkey server that restarts and then stops answering: reset seen, then a down sample, cache_up 0', () =>
    simulate(async () => {
      const r = rig(impl, { flavour: 'valkey-8.0', options: { infoTimeoutMs: 500 } });
      await r.steps(3, { hitRatio: 90 });
      r.server.restart();
      const after = await r.step({ hitRatio: 90 });
      expect(after.up && after.reset && after.server.name).toBe('valkey');
      r.server.mode = { kind: 'hang' };
      expect((await r.step()).up).toBe(false);
      const text = await r.monitor.exportPrometheus();
      expect(text).toMatch(/^cache_up 0$/m);
      expect(text).toMatch(/^cache_monitor_collection_failures_total 1$/m);
    }));

  test('evidence quotes the numbers behind each recommendation', () =>
    simulate(async () => {
      const r = rig(impl, { policy: 'noeviction' });
      await r.steps(120, { memoryPct: 50 });
      await r.steps(12, { memoryPct: 92, newConnectionsPerSec: 30, ops: [{ ms: 80, count: 100 }] });
      const evidence = Object.fromEntries(r.monitor.generateRecommendations().map((x) => [x.id, x.evidence]));
      expect(Object.keys(evidence).sort()).toEqual(['compress-values', 'connection-pooling', 'eviction-policy']);
      expect(evidence['eviction-policy']).toMatch(/used 92%.*noeviction/);
      expect(evidence['connection-pooling']).toMatch(/latency 80 ms p95.*30 new connections\/s/);
    }));
});
