/**
 * Exercise 5, part 3: the cache performance monitor (the platform's fifth task). Read README.md first;
 * hints per method: `npm run hint exercise-5 <method>`.
 *
 * Conventions the tests and the load check rely on:
 * - the only commands you send are `cache.info()` and, on Redis 6, `cache.config('GET', 'maxclients')`;
 * - time is Date.now() and timers are setTimeout: the kit fakes both in simulations;
 * - the client side (latencies, keys) comes from `metricsCollector.snapshot()`, once per collection;
 * - the windows and thresholds are options (lib/exercises/exercise-5-monitor/options.ts, given).
 */
import type { CacheClient } from '../../lib/backends/types.js';
import type { MetricsCollector } from '../../lib/exercises/exercise-5-monitor/collector.js';
import { resolveMonitorOptions, type ResolvedMonitorOptions } from '../../lib/exercises/exercise-5-monitor/options.js';
import type {
  ActiveAlert,
  AlertListener,
  AlertThresholds,
  MetricsSample,
  MonitorApi,
  MonitorOptions,
  PerformanceAnalysis,
  Recommendation,
} from '../../lib/exercises/exercise-5-monitor/types.js';

/** Collects, analyses, recommends and alerts on one cache server. */
export class CachePerformanceMonitor implements MonitorApi {
  readonly #cache: CacheClient;
  readonly #collector: MetricsCollector;
  readonly #options: ResolvedMonitorOptions;
  // TODO: add your state: the sample history, the previous counters, the alert rules (./alert-rule.js)
  // and the listener, the totals for Prometheus.

  constructor(cache: CacheClient, metricsCollector: MetricsCollector, options: MonitorOptions = {}) {
    this.#cache = cache;
    this.#collector = metricsCollector;
    this.#options = resolveMonitorOptions(options); // defaults and validation (given)
  }

  /**
   * One sample (README, "collectMetrics"): INFO within `options.infoTimeoutMs` (else a DownSample),
   * parsed with ./info-parser.js; counters turned into deltas since the previous up sample (a
   * restart makes them fall: then the delta is the new value and `reset` is true); hit ratio null
   * when there were no reads; the collector's window for ops, p50/p95/p99 and top keys. Keeps the
   * sample (at most `options.historyLimit`), then feeds every alert rule its value from
   * analyzePerformance().ruleValues and passes the events to the listener.
   */
  async collectMetrics(): Promise<MetricsSample> {
    // TODO: read INFO, build the sample, keep it, evaluate the alert rules.
    throw new Error(
      `TODO: collectMetrics is not implemented yet (INFO timeout ${this.#options.infoTimeoutMs} ms, ${typeof this.#cache.info}, ${typeof this.#collector.snapshot}) → npm run hint exercise-5 collectMetrics`,
    );
  }

  /**
   * The rule values over the short window, the trends over the longer ones, and a Finding for
   * every rule whose value is past its warning level (README, "analyzePerformance").
   */
  analyzePerformance(): PerformanceAnalysis {
    // TODO: window figures, memory projection, keys lost, findings.
    throw new Error('TODO: analyzePerformance is not implemented yet → npm run hint exercise-5 analyzePerformance');
  }

  /** The README's recommendation table applied to analyzePerformance()'s findings, with evidence. */
  generateRecommendations(): Recommendation[] {
    // TODO: one or two recommendations per finding, chosen by the evidence.
    throw new Error('TODO: generateRecommendations is not implemented yet → npm run hint exercise-5 generateRecommendations');
  }

  /**
   * Alerts on the rules in `thresholds` (validate them with resolveThresholds from options.ts: it
   * throws InvalidThresholdsError naming the bad field); events go to `listener`.
   */
  setupAlerting(thresholds: AlertThresholds, listener?: AlertListener): void {
    // TODO: one AlertRule per configured rule.
    throw new Error(
      `TODO: setupAlerting is not implemented yet (${Object.keys(thresholds ?? {}).join(', ')}${listener ? ', with a listener' : ''}) → npm run hint exercise-5 setupAlerting`,
    );
  }

  /** The alerts firing now. */
  activeAlerts(): ActiveAlert[] {
    // TODO: collect the rules' active alerts.
    throw new Error('TODO: activeAlerts is not implemented yet → npm run hint exercise-5 setupAlerting');
  }

  /** The samples kept, oldest first (never more than options.historyLimit). */
  history(): readonly MetricsSample[] {
    // TODO: return the history.
    throw new Error('TODO: history is not implemented yet → npm run hint exercise-5 collectMetrics');
  }

  /** The figures in the Prometheus text format, through prom-client (README, "exportPrometheus"). */
  async exportPrometheus(): Promise<string> {
    // TODO: a prom-client Registry with the README's metrics.
    throw new Error('TODO: exportPrometheus is not implemented yet → npm run hint exercise-5 exportPrometheus');
  }
}
