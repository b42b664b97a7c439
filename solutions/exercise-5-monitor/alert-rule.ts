/**
 * Exercise 5, part 2 (reference solution): one alert rule's state machine.
 *
 *   ok ──breach──▶ pending ──held forMs──▶ firing(warning|critical) ──clear──▶ clearing ──held clearForMs──▶ ok
 *        ◀─no breach─┘                          │ severe, or firing escalateAfterMs   ◀─not clear─┘
 *                                               ▼
 *                                          escalated (critical)
 *
 * Hysteresis (clear only once the value is `hysteresis` past the warning level) and the two hold
 * times are what keep a noisy value from flapping; one active alert per rule de-duplicates.
 */
import { beyond, RULE_DIRECTION, RULE_UNIT } from '../../lib/exercises/exercise-5-monitor/options.js';
import { resolveRuleThresholds } from '../../lib/exercises/exercise-5-monitor/options.js';
import type {
  ActiveAlert,
  AlertEvent,
  AlertRuleApi,
  AlertRuleId,
  ResolvedRuleThresholds,
  RuleThresholds,
} from '../../lib/exercises/exercise-5-monitor/types.js';

/** One rule: feed it values, get firing / escalated / resolved events. */
export class AlertRule implements AlertRuleApi {
  readonly rule: AlertRuleId;
  readonly #t: ResolvedRuleThresholds;
  #active: ActiveAlert | null = null;
  #breachSince: number | null = null;
  #clearSince: number | null = null;

  constructor(rule: AlertRuleId, thresholds: RuleThresholds) {
    this.rule = rule;
    this.#t = resolveRuleThresholds(rule, thresholds);
  }

  get active(): ActiveAlert | null {
    return this.#active && { ...this.#active };
  }

  evaluate(value: number | null, now: number): AlertEvent | null {
    // Unknown (no reads, server down): keep the state; neither fire nor resolve on missing data.
    if (value === null || !Number.isFinite(value)) return null;
    const t = this.#t;
    const severe = beyond(this.rule, value, t.critical);
    const alert = this.#active;
    if (!alert) {
      if (!beyond(this.rule, value, t.warning)) {
        this.#breachSince = null;
        return null;
      }
      this.#breachSince ??= now;
      if (now - this.#breachSince < t.forMs) return null;
      this.#breachSince = null;
      this.#active = { rule: this.rule, severity: severe ? 'critical' : 'warning', since: now, value };
      return this.#event('firing', now, value, severe ? t.critical : t.warning);
    }
    alert.value = value;
    const below = RULE_DIRECTION[this.rule] === 'below';
    const clearLevel = below ? t.warning + t.hysteresis : t.warning - t.hysteresis;
    if (below ? value >= clearLevel : value <= clearLevel) {
      this.#clearSince ??= now;
      if (now - this.#clearSince < t.clearForMs) return null;
      const event = this.#event('resolved', now, value, clearLevel);
      this.#active = null;
      this.#clearSince = null;
      return event;
    }
    this.#clearSince = null;
    if (alert.severity === 'warning' && (severe || now - alert.since >= t.escalateAfterMs)) {
      alert.severity = 'critical';
      return this.#event('escalated', now, value, severe ? t.critical : t.warning);
    }
    return null;
  }

  #event(kind: AlertEvent['kind'], at: number, value: number, threshold: number): AlertEvent {
    const alert = this.#active!;
    const unit = RULE_UNIT[this.rule];
    const side = kind === 'resolved' ? 'back past' : RULE_DIRECTION[this.rule];
    const shown = Math.round(value * 10) / 10;
    return {
      kind,
      rule: this.rule,
      severity: alert.severity,
      at,
      value,
      threshold,
      since: alert.since,
      message: `${this.rule} ${shown}${unit} ${side} ${threshold}${unit} (${kind === 'resolved' ? 'resolved' : alert.severity})`,
    };
  }
}
