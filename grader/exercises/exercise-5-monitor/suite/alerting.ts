/**
 * Hidden tests of the alerting: thresholds in a bad shape, missing data, immediate criticals,
 * escalation once, re-firing after a resolve, replacing the configuration, event fields, and a
 * noisy hit ratio that must not flap.
 */
import { expect } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../../../lib/exercises/exercise-5-monitor/options.js';
import { rig } from '../../../../lib/exercises/exercise-5-monitor/testing.js';
import { createRng } from '../../../../lib/workload/rng.js';
import { caught, codeOf, minutes, type SuiteContext } from './kit.js';

/** Registers the alerting tests. */
export function registerAlertingTests(ctx: SuiteContext): void {
  ctx.sim('thresholds in a bad shape: E_INVALID_THRESHOLDS naming the field', async (impl) => {
    const r = rig(impl);
    const cases: [unknown, RegExp][] = [
      [null, /thresholds/],
      [[], /thresholds/],
      [{ latncy: { warning: 1, critical: 2 } }, /thresholds\.latncy/],
      [{ latency: 50 }, /thresholds\.latency/],
      [{ latency: { warning: '50', critical: 150 } }, /thresholds\.latency\.warning/],
      [{ latency: { warning: 50, critical: 20 } }, /thresholds\.latency\.critical/],
      [{ 'hit-ratio': { warning: 80, critical: 90 } }, /thresholds\.hit-ratio\.critical/],
      [{ memory: { warning: 80, critical: 95, forMs: -1 } }, /thresholds\.memory\.forMs/],
      [{ memory: { warning: 80, critical: 95, forMS: 1 } }, /thresholds\.memory\.forMS/],
    ];
    for (const [bad, path] of cases) {
      const error = await caught(() => r.monitor.setupAlerting(bad as never));
      expect(codeOf(error), JSON.stringify(bad)).toBe('E_INVALID_THRESHOLDS');
      expect((error as Error).message).toMatch(path);
    }
  });

  ctx.sim('missing data holds the alert: a down server neither resolves nor re-fires it', async (impl) => {
    const r = rig(impl, { thresholds: { latency: { ...DEFAULT_THRESHOLDS.latency, forMs: 0, clearForMs: 0 } } });
    await r.steps(minutes(1), { ops: [{ ms: 100, count: 100 }] });
    expect(r.events.map((e) => e.kind)).toEqual(['firing']);
    r.server.mode = { kind: 'down' };
    await r.steps(minutes(3), { ops: [{ ms: 1, count: 100 }] });
    expect(r.events.length, 'no event while the server is down').toBe(1);
    expect(r.monitor.activeAlerts().map((a) => a.rule)).toEqual(['latency']);
    r.server.mode = { kind: 'up' };
    await r.steps(minutes(2), { ops: [{ ms: 1, count: 100 }] });
    expect(r.events.map((e) => e.kind)).toEqual(['firing', 'resolved']);
    expect(r.monitor.activeAlerts()).toEqual([]);
  });

  ctx.sim('past the critical level: one firing event, already critical', async (impl) => {
    const r = rig(impl, { thresholds: { 'hot-key': { ...DEFAULT_THRESHOLDS['hot-key'], forMs: 0 } } });
    await r.steps(minutes(1), {
      ops: [
        { ms: 1, count: 20, key: 'a' },
        { ms: 1, count: 80, key: 'viral:post' },
      ],
    });
    expect(r.events.map((e) => [e.kind, e.severity, e.rule])).toEqual([['firing', 'critical', 'hot-key']]);
    expect(r.events[0]!.threshold).toBe(DEFAULT_THRESHOLDS['hot-key'].critical);
  });

  ctx.sim('escalation happens once; a resolved alert that comes back is a new alert', async (impl) => {
    const t = { warning: 50, critical: 150, forMs: 0, escalateAfterMs: 120_000, hysteresis: 0, clearForMs: 0 };
    const r = rig(impl, { thresholds: { latency: t } });
    await r.steps(minutes(5), { ops: [{ ms: 80, count: 100 }] });
    expect(r.events.map((e) => e.kind)).toEqual(['firing', 'escalated']);
    const first = r.events[0]!;
    expect(r.events[1]!.at - first.at).toBe(120_000);
    expect(r.events[1]!.since).toBe(first.at);
    await r.steps(minutes(2), { ops: [{ ms: 5, count: 100 }] });
    await r.steps(minutes(2), { ops: [{ ms: 80, count: 100 }] });
    const kinds = r.events.map((e) => e.kind);
    expect(kinds).toEqual(['firing', 'escalated', 'resolved', 'firing']);
    expect(r.events[3]!.severity).toBe('warning');
    expect(r.events[3]!.since).toBe(r.events[3]!.at);
  });

  ctx.sim('events say what happened: rule, value, threshold, since, a message', async (impl) => {
    const r = rig(impl, { thresholds: { evictions: { ...DEFAULT_THRESHOLDS.evictions, forMs: 0 } } });
    await r.steps(minutes(1), { evictionsPerSec: 300 });
    const e = r.events[0]!;
    expect([e.kind, e.rule, e.severity, e.threshold]).toEqual(['firing', 'evictions', 'warning', 100]);
    expect(e.value).toBeGreaterThan(100);
    expect(e.message.length).toBeGreaterThan(10);
    expect(r.monitor.activeAlerts()).toEqual([expect.objectContaining({ rule: 'evictions', severity: 'warning', since: e.at })]);
  });

  ctx.sim('setupAlerting again replaces the rules and the listener', async (impl) => {
    const r = rig(impl, { thresholds: { latency: { ...DEFAULT_THRESHOLDS.latency, forMs: 0 } } });
    const later: string[] = [];
    r.monitor.setupAlerting({ 'hot-key': { ...DEFAULT_THRESHOLDS['hot-key'], forMs: 0 } }, (e) => later.push(e.rule));
    await r.steps(minutes(1), {
      ops: [
        { ms: 400, count: 50, key: 'k' },
        { ms: 400, count: 50 },
      ],
    });
    expect(r.events, 'the first listener and rule are gone').toEqual([]);
    expect(later).toEqual(['hot-key']);
  });

  ctx.sim('a noisy hit ratio around 86% (±3.5 per sample) for two hours: no alert, no flap', async (impl) => {
    const r = rig(impl, { thresholds: { 'hit-ratio': DEFAULT_THRESHOLDS['hit-ratio'] } });
    const rng = createRng('noisy-hit-ratio');
    let raw = 0;
    for (let i = 0; i < minutes(120); i++) {
      const g = Math.sqrt(-2 * Math.log(Math.max(1e-12, rng.next()))) * Math.cos(2 * Math.PI * rng.next());
      const h = 86 + 3.5 * g;
      if (h < 80) raw += 1;
      await r.step({ hitRatio: h });
    }
    expect(raw, 'the raw samples do dip under 80%').toBeGreaterThan(10);
    expect(r.events).toEqual([]);
  });
}
