/**
 * Exercise 5, part 2: one alert rule's state machine. Read README.md, "Alert rules"; hints:
 * `npm run hint exercise-5 AlertRule`.
 *
 *   ok ──breach──▶ pending ──held forMs──▶ firing (warning | critical) ──clear──▶ clearing ──held clearForMs──▶ ok
 *
 * - breach: the value is past `warning` (below it for hit-ratio, above it for every other rule);
 * - critical at once when the value is past `critical`; a warning that is still firing
 *   `escalateAfterMs` after it fired (or whose value goes past `critical`) is escalated;
 * - clear: the value is back past `warning` by `hysteresis`, and resolves once that held `clearForMs`;
 * - one active alert per rule: evaluating a breach again while firing sends nothing (de-duplication);
 * - a null value (no reads, server down) changes nothing.
 */
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
  // TODO: add the state you need (the active alert, since when the value breaches, since when it is clear).

  constructor(rule: AlertRuleId, thresholds: RuleThresholds) {
    this.rule = rule;
    this.#t = resolveRuleThresholds(rule, thresholds); // defaults and validation (given)
  }

  /** The firing alert (a copy), or null. */
  get active(): ActiveAlert | null {
    // TODO: return the active alert.
    throw new Error(`TODO: AlertRule.active is not implemented yet (${this.rule}) → npm run hint exercise-5 AlertRule`);
  }

  /**
   * Feeds the rule's value at time `now` (ms, Date.now()); returns the event this evaluation
   * caused — `firing`, `escalated` or `resolved` (fields in AlertEvent) — or null.
   * Use `beyond(rule, value, level)` and RULE_DIRECTION from lib/exercises/exercise-5-monitor/options.ts.
   */
  evaluate(value: number | null, now: number): AlertEvent | null {
    // TODO: implement the state machine above.
    throw new Error(`TODO: AlertRule.evaluate(${value}, ${now}) is not implemented yet (warning ${this.#t.warning}) → npm run hint exercise-5 AlertRule`);
  }
}
