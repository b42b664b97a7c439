/**
 * Errors of the metrics module. Each names the bad input and the fix; `code` is stable so callers
 * (the load runner, the lab) can tell a bad measurement from a bad file.
 */

/** Thrown when a metric is fed a value it cannot record (negative, NaN, unknown name, bad shape). */
export class MetricsInputError extends Error {
  readonly code: 'E_BAD_LATENCY' | 'E_UNKNOWN_COUNTER' | 'E_BAD_COUNTER_STEP' | 'E_BAD_SERIES_KIND' | 'E_BAD_SERIALIZED_METRIC';
  constructor(code: MetricsInputError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MetricsInputError';
    this.code = code;
  }
}
