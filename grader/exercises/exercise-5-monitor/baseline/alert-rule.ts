/**
 * Exercise 5 baseline: a static threshold on the raw value. Fires the moment the value crosses the
 * warning level, resolves the moment it is back, turns critical only past the critical level: no
 * hold time, no hysteresis, no escalation over time. Noise makes it flap.
 */
import { beyond, resolveRuleThresholds } from '../../../../lib/exercises/exercise-5-monitor/options.js';
import type {
  ActiveAlert,
  AlertEvent,
  AlertRuleApi,
  AlertRuleId,
  ResolvedRuleThresholds,
  RuleThresholds,
} from '../../../../lib/exercises/exercise-5-monitor/types.js';

/** One rule, naive. */
export class AlertRule implements AlertRuleApi {
  readonly rule: AlertRuleId;
  readonly #t: ResolvedRuleThresholds;
  #active: ActiveAlert | null = null;

  constructor(rule: AlertRuleId, thresholds: RuleThresholds) {
    this.rule = rule;
    this.#t = resolveRuleThresholds(rule, thresholds);
  }

  get active(): ActiveAlert | null {
    return this.#active;
  }

  evaluate(value: number | null, now: number): AlertEvent | null {
    if (value === null) return null;
    const breach = beyond(this.rule, value, this.#t.warning);
    const severe = beyond(this.rule, value, this.#t.critical);
    const event = (kind: AlertEvent['kind'], a: ActiveAlert): AlertEvent => ({
      kind,
      rule: this.rule,
      severity: a.severity,
      at: now,
      value,
      threshold: this.#t.warning,
      since: a.since,
      message: `${this.rule} ${value}`,
    });
    if (!this.#active) {
      if (!breach) return null;
      this.#active = { rule: this.rule, severity: severe ? 'critical' : 'warning', since: now, value };
      return event('firing', this.#active);
    }
    if (!breach) {
      const a = this.#active;
      this.#active = null;
      return event('resolved', a);
    }
    if (severe && this.#active.severity === 'warning') {
      this.#active.severity = 'critical';
      return event('escalated', this.#active);
    }
    return null;
  }
}
