/**
 * Scores what a monitor reported against the labels: per incident type, precision (firing alerts
 * that belong to an incident of that type) and recall (incidents whose alert fired before the
 * deadline); time to detect; flaps (an alert that fires again soon after it resolved); whether the
 * alert's worst severity during the incident matched the label; and how well the recommendations
 * made during each incident match the expected set (F1). Pure functions of the outcomes.
 */
import { ALERT_RULES, type AlertEvent, type AlertRuleId, type Severity } from '../types.js';
import type { Incident } from './incidents.js';
import type { SeriesOutcome } from './replay.js';

/** An alert counts for an incident from its start to this long after its end (slow resolves). */
const GRACE_MS = 10 * 60_000;
/** A firing this soon after the same rule resolved is a flap. */
const FLAP_WINDOW_MS = 10 * 60_000;

/** Per incident: what happened. */
interface IncidentScore {
  incident: Incident;
  series: string;
  /** ms from start to the alert (0 if already firing), or null if it never fired during the incident. */
  detectedAfterMs: number | null;
  inTime: boolean;
  peak: Severity | null;
  /** F1 of the recommendations made for this type during the incident, 0–100. */
  recommendationF1: number;
  recommended: string[];
}

/** Everything the figures are made of. */
export interface Scores {
  incidents: IncidentScore[];
  alerts: Record<AlertRuleId, { fired: number; matched: number }>;
  falseAlarms: { series: string; rule: AlertRuleId; at: number }[];
  flaps: number;
}

interface Segment {
  from: number;
  to: number;
  severity: Severity;
}

/** The alert intervals of one rule, split where the severity changes. */
function segments(events: AlertEvent[], rule: AlertRuleId, endOfSeries: number): Segment[] {
  const out: Segment[] = [];
  let open: { from: number; severity: Severity } | null = null;
  for (const e of events.filter((x) => x.rule === rule).sort((a, b) => a.at - b.at)) {
    if (e.kind === 'firing') {
      if (open) out.push({ ...open, to: e.at });
      open = { from: e.at, severity: e.severity };
    } else if (e.kind === 'escalated' && open) {
      out.push({ ...open, to: e.at });
      open = { from: e.at, severity: e.severity };
    } else if (e.kind === 'resolved' && open) {
      out.push({ ...open, to: e.at });
      open = null;
    }
  }
  if (open) out.push({ ...open, to: endOfSeries });
  return out;
}

function f1(produced: Set<string>, expected: Set<string>): number {
  if (produced.size === 0 && expected.size === 0) return 100;
  const common = [...produced].filter((x) => expected.has(x)).length;
  return (200 * common) / (produced.size + expected.size);
}

/** Scores every outcome. */
export function score(outcomes: SeriesOutcome[]): Scores {
  const alerts = Object.fromEntries(ALERT_RULES.map((r) => [r, { fired: 0, matched: 0 }])) as Scores['alerts'];
  const result: Scores = { incidents: [], alerts, falseAlarms: [], flaps: 0 };
  for (const o of outcomes) {
    const { series, events } = o;
    const firings = events.filter((e) => e.kind === 'firing');
    for (const e of firings) {
      alerts[e.rule].fired += 1;
      const match = series.incidents.some((i) => i.type === e.rule && e.at >= i.start && e.at <= i.end + GRACE_MS);
      if (match) alerts[e.rule].matched += 1;
      else result.falseAlarms.push({ series: series.id, rule: e.rule, at: e.at });
      const resolvedBefore = events.some((r) => r.kind === 'resolved' && r.rule === e.rule && r.at <= e.at && e.at - r.at <= FLAP_WINDOW_MS);
      if (resolvedBefore) result.flaps += 1;
    }
    for (const incident of series.incidents) {
      const segs = segments(events, incident.type, series.durationMs).filter((s) => s.to > incident.start && s.from <= incident.end);
      const first = segs[0];
      const detectedAfterMs = first ? Math.max(0, first.from - incident.start) : null;
      const peak: Severity | null = segs.length === 0 ? null : segs.some((s) => s.severity === 'critical') ? 'critical' : 'warning';
      const produced = new Set(
        o.recommendations
          .filter((r) => r.at >= incident.start && r.at <= incident.end + GRACE_MS)
          .flatMap((r) => r.list.filter((x) => x && x.because === incident.type).map((x) => String(x.id))),
      );
      result.incidents.push({
        incident,
        series: series.id,
        detectedAfterMs,
        inTime: detectedAfterMs !== null && detectedAfterMs <= incident.deadlineMs,
        peak,
        recommendationF1: f1(produced, new Set(incident.expected)),
        recommended: [...produced].sort(),
      });
    }
  }
  return result;
}

/** Recall of one type, in % (NaN when the series hold no incident of it). */
export function recall(s: Scores, type: AlertRuleId): number {
  const of = s.incidents.filter((i) => i.incident.type === type);
  return of.length === 0 ? Number.NaN : (100 * of.filter((i) => i.inTime).length) / of.length;
}

/** Precision of one rule's alerts, in % (0 when it never fired: nothing it said was useful). */
export function precision(s: Scores, type: AlertRuleId): number {
  const a = s.alerts[type];
  return a.fired === 0 ? 0 : (100 * a.matched) / a.fired;
}

/** Mean time to detect in seconds; an incident not alerted on before its deadline counts twice the deadline. */
export function meanDetectSeconds(s: Scores): number {
  if (s.incidents.length === 0) return Number.NaN;
  const total = s.incidents.reduce((a, i) => a + (i.inTime ? i.detectedAfterMs! : 2 * i.incident.deadlineMs), 0);
  return total / s.incidents.length / 1000;
}

/** Of the incidents detected in time, the % whose worst alert severity matched the label. */
export function escalationsCorrect(s: Scores): number {
  const detected = s.incidents.filter((i) => i.inTime);
  return detected.length === 0 ? 0 : (100 * detected.filter((i) => i.peak === i.incident.severity).length) / detected.length;
}

/** Mean recommendation F1 over all incidents, in %. */
export function recommendationMatch(s: Scores): number {
  return s.incidents.length === 0 ? Number.NaN : s.incidents.reduce((a, i) => a + i.recommendationF1, 0) / s.incidents.length;
}
