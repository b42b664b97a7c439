/**
 * Defaults and validation of exercise 5's options and alert thresholds (given code, so the exercise
 * is about monitoring rather than argument checking). Each resolver returns every field filled in
 * or throws an error naming the field and what it must be.
 */
import { InvalidOptionError, InvalidThresholdsError } from './errors.js';
import { ALERT_RULES, type AlertRuleId, type MonitorOptions, type ResolvedRuleThresholds, type RuleThresholds } from './types.js';

/** Monitor options with defaults filled in. */
export type ResolvedMonitorOptions = Required<MonitorOptions>;

/** Whether a rule's bad side is below (hit ratio) or above (everything else) its thresholds. */
export const RULE_DIRECTION: Record<AlertRuleId, 'below' | 'above'> = {
  'hit-ratio': 'below',
  memory: 'above',
  latency: 'above',
  evictions: 'above',
  'hot-key': 'above',
  connections: 'above',
};

/** The unit of each rule's value, for messages. */
export const RULE_UNIT: Record<AlertRuleId, string> = {
  'hit-ratio': '%',
  memory: '%',
  latency: ' ms',
  evictions: '/s',
  'hot-key': '%',
  connections: '%',
};

/**
 * Thresholds the analysis uses for rules `setupAlerting` was not given (the scenario's targets where it
 * has one: hit ratio 90% target / 65% current, latency < 50 ms target / 150 ms current, memory < 80%).
 */
export const DEFAULT_THRESHOLDS: Record<AlertRuleId, ResolvedRuleThresholds> = {
  'hit-ratio': { warning: 80, critical: 60, forMs: 30_000, escalateAfterMs: 600_000, hysteresis: 3, clearForMs: 60_000 },
  memory: { warning: 80, critical: 95, forMs: 30_000, escalateAfterMs: 600_000, hysteresis: 3, clearForMs: 60_000 },
  latency: { warning: 50, critical: 150, forMs: 30_000, escalateAfterMs: 600_000, hysteresis: 10, clearForMs: 60_000 },
  evictions: { warning: 100, critical: 1_000, forMs: 30_000, escalateAfterMs: 600_000, hysteresis: 20, clearForMs: 60_000 },
  'hot-key': { warning: 25, critical: 60, forMs: 30_000, escalateAfterMs: 600_000, hysteresis: 5, clearForMs: 60_000 },
  connections: { warning: 80, critical: 95, forMs: 30_000, escalateAfterMs: 600_000, hysteresis: 3, clearForMs: 60_000 },
};

/** Keys lost in the long window at or above which a hit-ratio drop means "warm the cache" (%). */
export const KEYS_LOST_WARM_PCT = 50;

/** New connections per second at or above which a latency spike means "pool connections". */
export const CHURN_CONNECTIONS_PER_SEC = 10;

const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
const nonNegative = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function opt(name: keyof MonitorOptions, value: unknown, fallback: number, ok: (v: unknown) => v is number, expected: string): number {
  if (value === undefined) return fallback;
  if (!ok(value)) throw new InvalidOptionError(`options.${name}`, value, expected);
  return value;
}

/** Validates the monitor's options (see {@link MonitorOptions} for the defaults). */
export function resolveMonitorOptions(options: MonitorOptions = {}): ResolvedMonitorOptions {
  if (options === null || typeof options !== 'object') throw new InvalidOptionError('options', options, 'an object (or omitted)');
  const windowMs = opt('windowMs', options.windowMs, 60_000, positive, 'a positive number of milliseconds (e.g. 60000)');
  const trendMs = opt(
    'trendMs',
    options.trendMs,
    900_000,
    (v): v is number => positive(v) && v >= windowMs,
    `a number of milliseconds ≥ windowMs (${windowMs})`,
  );
  const baselineMs = opt(
    'baselineMs',
    options.baselineMs,
    1_800_000,
    (v): v is number => positive(v) && v >= trendMs,
    `a number of milliseconds ≥ trendMs (${trendMs})`,
  );
  return {
    windowMs,
    trendMs,
    baselineMs,
    horizonMs: opt('horizonMs', options.horizonMs, 1_800_000, positive, 'a positive number of milliseconds (e.g. 1800000)'),
    historyLimit: opt('historyLimit', options.historyLimit, 1_000, (v): v is number => positive(v) && Number.isInteger(v), 'a positive integer (e.g. 1000)'),
    infoTimeoutMs: opt('infoTimeoutMs', options.infoTimeoutMs, 1_000, positive, 'a positive number of milliseconds (e.g. 1000)'),
  };
}

/** Validates one rule's thresholds; `path` names it in errors (e.g. `thresholds.latency`). */
export function resolveRuleThresholds(rule: AlertRuleId, value: unknown, path = `thresholds.${rule}`): ResolvedRuleThresholds {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidThresholdsError(path, value, 'an object such as { warning: 80, critical: 60 }');
  }
  const t = value as Record<string, unknown>;
  const known = new Set(['warning', 'critical', 'forMs', 'escalateAfterMs', 'hysteresis', 'clearForMs']);
  for (const key of Object.keys(t)) {
    if (!known.has(key)) throw new InvalidThresholdsError(`${path}.${key}`, t[key], `one of ${[...known].join(', ')} (unknown field)`);
  }
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (!finite(t.warning)) throw new InvalidThresholdsError(`${path}.warning`, t.warning, 'a finite number');
  if (!finite(t.critical)) throw new InvalidThresholdsError(`${path}.critical`, t.critical, 'a finite number');
  const below = RULE_DIRECTION[rule] === 'below';
  if (below ? t.critical > t.warning : t.critical < t.warning) {
    throw new InvalidThresholdsError(
      `${path}.critical`,
      t.critical,
      `${below ? '≤' : '≥'} warning (${t.warning}): ${rule} is bad when ${RULE_DIRECTION[rule]} its thresholds`,
    );
  }
  const ms = (name: string, fallback: number): number => {
    const v = t[name];
    if (v === undefined) return fallback;
    if (!nonNegative(v) && !(name === 'escalateAfterMs' && v === Infinity)) throw new InvalidThresholdsError(`${path}.${name}`, v, 'a number ≥ 0');
    return v;
  };
  return {
    warning: t.warning,
    critical: t.critical,
    forMs: ms('forMs', 0),
    escalateAfterMs: ms('escalateAfterMs', Infinity),
    hysteresis: ms('hysteresis', 0),
    clearForMs: ms('clearForMs', 0),
  };
}

/** Validates what `setupAlerting` received: an object of known rules, each with valid thresholds. */
export function resolveThresholds(thresholds: unknown): Partial<Record<AlertRuleId, ResolvedRuleThresholds>> {
  if (thresholds === null || typeof thresholds !== 'object' || Array.isArray(thresholds)) {
    throw new InvalidThresholdsError('thresholds', thresholds, `an object keyed by rule (${ALERT_RULES.join(', ')})`);
  }
  const out: Partial<Record<AlertRuleId, ResolvedRuleThresholds>> = {};
  for (const [key, value] of Object.entries(thresholds)) {
    if (!(ALERT_RULES as readonly string[]).includes(key)) {
      throw new InvalidThresholdsError(`thresholds.${key}`, value, `a known rule: one of ${ALERT_RULES.join(', ')}`);
    }
    out[key as AlertRuleId] = resolveRuleThresholds(key as AlertRuleId, value);
  }
  return out;
}

/** True when `value` is on the bad side of `level` for `rule` (strictly). */
export function beyond(rule: AlertRuleId, value: number, level: number): boolean {
  return RULE_DIRECTION[rule] === 'below' ? value < level : value > level;
}

/** Scales every time in `thresholds` by `factor` (the real-Redis runs compress time). */
export function scaleThresholds(thresholds: Record<AlertRuleId, RuleThresholds>, factor: number): Record<AlertRuleId, RuleThresholds> {
  const out = {} as Record<AlertRuleId, RuleThresholds>;
  for (const rule of ALERT_RULES) {
    const t = thresholds[rule];
    const s = (v: number | undefined) => (v === undefined || v === Infinity ? v : v * factor);
    out[rule] = { ...t, forMs: s(t.forMs), escalateAfterMs: s(t.escalateAfterMs), clearForMs: s(t.clearForMs) };
  }
  return out;
}

/** Re-exported for convenience. */
export type { RuleThresholds };
