/**
 * Exercise 5's figures: ids (stable: the rubric and ANALYSIS.md refer to them), labels, targets,
 * and the baseline's values. BASELINE holds what the naive monitor in
 * grader/exercises/exercise-5-monitor/baseline measures on the visible embedded parameters; the kit's
 * calibration test re-measures them on every `npm run verify`.
 */
import { ALERT_RULES, type AlertRuleId } from '../types.js';
import { figureMaker, type FigureSpec } from '../../../load/types.js';

/** Figure ids, in the order they are printed. */
export const FIGURE_IDS = [
  ...ALERT_RULES.map((r) => `recall-${r}` as const),
  ...ALERT_RULES.map((r) => `precision-${r}` as const),
  'false-alarms',
  'flaps',
  'time-to-detect',
  'escalations-correct',
  'recommendation-match',
  'live-detected',
  'live-false-alarms',
] as const;

/** One of {@link FIGURE_IDS}. */
export type FigureId = (typeof FIGURE_IDS)[number];

/**
 * The naive monitor's figures on the visible embedded parameters (re-measured by the calibration
 * test). It finds the sudden incidents, fast, but misses the slow memory leak (no trend) and every
 * connection incident on Redis 6 (no maxclients in INFO), floods the quiet stretches with alerts
 * that flap, never escalates a long warning, and recommends everything it knows.
 */
export const BASELINE: Partial<Record<FigureId, number>> = {
  'recall-hit-ratio': 100,
  'recall-memory': 50,
  'recall-latency': 100,
  'recall-evictions': 100,
  'recall-hot-key': 100,
  'recall-connections': 50,
  'precision-hit-ratio': 40,
  'precision-memory': 100,
  'precision-latency': 25,
  'precision-evictions': 33.3,
  'precision-hot-key': 37.5,
  'precision-connections': 40,
  'false-alarms': 25,
  flaps: 14,
  'time-to-detect': 312.1,
  'escalations-correct': 90.9,
  'recommendation-match': 65.4,
  'live-detected': 100,
  'live-false-alarms': 2,
};

const TYPE_LABEL: Record<AlertRuleId, string> = {
  'hit-ratio': 'hit-ratio drops',
  memory: 'memory near or heading for maxmemory',
  latency: 'latency spikes',
  evictions: 'eviction storms',
  'hot-key': 'hot keys',
  connections: 'connection exhaustion',
};

function spec(id: FigureId): FigureSpec {
  const recall = /^recall-(.+)$/.exec(id);
  if (recall)
    return {
      label: `labelled ${TYPE_LABEL[recall[1] as AlertRuleId]} alerted on before their deadline`,
      unit: '%',
      target: { op: '>=', value: 100 },
      hint: 'Hints: analyzePerformance',
    };
  const precision = /^precision-(.+)$/.exec(id);
  if (precision)
    return {
      label: `${precision[1]} alerts that belong to a labelled incident of that type`,
      unit: '%',
      target: { op: '>=', value: 100 },
      hint: 'Hints: AlertRule',
    };
  switch (id) {
    case 'false-alarms':
      return { label: 'alerts fired outside every labelled incident (quiet stretches)', unit: '', target: { op: '==', value: 0 }, hint: 'Hints: AlertRule' };
    case 'flaps':
      return { label: 'alerts that fired again within 10 minutes of resolving', unit: '', target: { op: '==', value: 0 }, hint: 'Hints: AlertRule' };
    case 'time-to-detect':
      return {
        label: 'mean time from incident start to its alert (a missed incident counts twice its deadline)',
        unit: 's',
        target: { op: '<=', value: 240 },
        hint: 'Hints: analyzePerformance',
      };
    case 'escalations-correct':
      return {
        label: 'incidents found in time whose worst alert severity matched the label',
        unit: '%',
        target: { op: '>=', value: 100 },
        hint: 'Hints: AlertRule',
      };
    case 'recommendation-match':
      return {
        label: 'recommendations made during each incident vs the expected set (mean F1)',
        unit: '%',
        target: { op: '>=', value: 100 },
        hint: 'Hints: generateRecommendations',
      };
    case 'live-detected':
      return {
        label: 'incidents caused on a live cache (flush, hot key, memory burst) alerted on in time',
        unit: '%',
        target: { op: '>=', value: 100 },
        hint: 'Hints: collectMetrics',
      };
    case 'live-false-alarms':
      return { label: 'alerts on the live cache outside the incidents caused', unit: '', target: { op: '==', value: 0 }, hint: 'Hints: collectMetrics' };
  }
  throw new Error(`unknown figure ${id}`);
}

/** A figure with its spec and baseline; `error` makes it a missing figure (NaN). */
export const figure = figureMaker<FigureId>(spec, BASELINE);
