/**
 * Tests of exercise 5's load-check machinery, independent of any monitor: the series generator
 * (deterministic, every kind present, storms only where the policy evicts, traps away from
 * incidents), the replayed latencies (exact percentiles), and the scoring on hand-made events.
 */
import { describe, expect, test } from 'vitest';
import { MetricsCollector } from '../collector.js';
import type { AlertEvent } from '../types.js';
import { INCIDENT_KINDS, type Incident } from './incidents.js';
import { OPS_PER_SAMPLE, latencyAt, type SeriesOutcome } from './replay.js';
import { escalationsCorrect, meanDetectSeconds, precision, recall, recommendationMatch, score } from './score.js';
import { generateSeries, type LabelledSeries } from './series.js';

describe('labelled series', () => {
  const series = generateSeries('measures-test', 4);

  test('the same seed gives the same series; another seed another layout', () => {
    expect(generateSeries('measures-test', 4)).toEqual(series);
    const other = generateSeries('another-seed', 4);
    expect(other.map((s) => s.incidents.map((i) => i.kind))).not.toEqual(series.map((s) => s.incidents.map((i) => i.kind)));
  });

  test('every kind appears; storms only where the policy evicts every key', () => {
    const kinds = new Set(series.flatMap((s) => s.incidents.map((i) => i.kind)));
    expect([...kinds].sort()).toEqual([...INCIDENT_KINDS].sort());
    for (const s of series) for (const i of s.incidents) if (i.kind === 'storm') expect(s.policy).toMatch(/^allkeys-/);
  });

  test('traps stay in the quiet stretches, incidents do not overlap (except a storm with its memory label)', () => {
    for (const s of series) {
      const groups = new Map<string, Incident[]>();
      for (const i of s.incidents) groups.set(i.id.replace(/-(evictions|memory)$/, ''), [...(groups.get(i.id.replace(/-(evictions|memory)$/, '')) ?? []), i]);
      const spans = [...groups.values()]
        .map((g) => [Math.min(...g.map((i) => i.start)), Math.max(...g.map((i) => i.end))] as const)
        .sort((a, b) => a[0] - b[0]);
      for (let k = 1; k < spans.length; k++) expect(spans[k]![0], s.id).toBeGreaterThan(spans[k - 1]![1]);
      for (const t of s.traps)
        for (const [from, to] of spans) expect(t.at + t.lengthMs <= from - 60_000 || t.at >= to, `${s.id} ${t.kind} at ${t.at}`).toBe(true);
      expect(s.points.length).toBe(s.durationMs / s.intervalMs);
    }
  });
});

describe('replayed client latencies', () => {
  test('100 operations whose p50, p95 and p99 are exactly the series values', () => {
    const point = { p50Ms: 7.5, p95Ms: 42.25, p99Ms: 80 };
    const c = new MetricsCollector();
    for (let j = 0; j < OPS_PER_SAMPLE; j++) c.record(latencyAt(j, point));
    const w = c.snapshot();
    expect([w.p50Ms, w.p95Ms, w.p99Ms]).toEqual([7.5, 42.25, 80]);
  });
});

describe('scoring', () => {
  const incident = (over: Partial<Incident>): Incident => ({
    id: 'i',
    type: 'latency',
    kind: 'latency-warn',
    start: 600_000,
    end: 900_000,
    deadlineMs: 90_000,
    severity: 'warning',
    expected: ['pipelining'],
    ...over,
  });
  const event = (kind: AlertEvent['kind'], at: number, over: Partial<AlertEvent> = {}): AlertEvent => ({
    kind,
    rule: 'latency',
    severity: 'warning',
    at,
    value: 1,
    threshold: 1,
    since: at,
    message: '',
    ...over,
  });
  const outcome = (events: AlertEvent[], incidents: Incident[], recs: SeriesOutcome['recommendations'] = []): SeriesOutcome => ({
    series: { id: 's', durationMs: 3_600_000, incidents } as LabelledSeries,
    events,
    recommendations: recs,
    errors: [],
    errorCount: 0,
  });

  test('a clean detection: recall, precision, time to detect, severity, recommendations', () => {
    const s = score([
      outcome(
        [event('firing', 660_000), event('resolved', 960_000)],
        [incident({})],
        [{ at: 700_000, list: [{ id: 'pipelining', because: 'latency', title: '', evidence: 'x' }] }],
      ),
    ]);
    expect([recall(s, 'latency'), precision(s, 'latency'), s.falseAlarms.length, s.flaps]).toEqual([100, 100, 0, 0]);
    expect([meanDetectSeconds(s), escalationsCorrect(s), recommendationMatch(s)]).toEqual([60, 100, 100]);
  });

  test('late, flapping, wrong severity, extra recommendations, a false alarm', () => {
    const events = [
      event('firing', 100_000),
      event('resolved', 110_000), // quiet stretch: a false alarm…
      event('firing', 200_000), // …and a flap (within 10 minutes of the resolve)
      event('resolved', 210_000),
      event('firing', 820_000, { severity: 'warning' }),
      event('escalated', 840_000, { severity: 'critical' }), // after the 90 s deadline
    ];
    const recs = [
      {
        at: 850_000,
        list: [
          { id: 'pipelining' as const, because: 'latency' as const, title: '', evidence: 'x' },
          { id: 'connection-pooling' as const, because: 'latency' as const, title: '', evidence: 'x' },
        ],
      },
    ];
    const s = score([outcome(events, [incident({})], recs)]);
    expect([recall(s, 'latency'), precision(s, 'latency'), s.falseAlarms.length, s.flaps]).toEqual([0, (100 * 1) / 3, 2, 1]);
    expect(meanDetectSeconds(s), 'a missed incident counts twice its deadline').toBe(180);
    expect(s.incidents[0]!.peak).toBe('critical');
    expect(recommendationMatch(s)).toBeCloseTo((200 * 1) / 3, 9);
    expect(escalationsCorrect(s), 'nothing detected in time: nothing to judge').toBe(0);
  });

  test('an alert already firing when the incident starts counts as detected at once', () => {
    const s = score([outcome([event('firing', 550_000)], [incident({ start: 600_000 })])]);
    expect([recall(s, 'latency'), s.incidents[0]!.detectedAfterMs]).toEqual([100, 0]);
  });
});
