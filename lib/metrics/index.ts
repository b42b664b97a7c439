/** The kit's metrics: counters, latency histograms and per-second time series. */
export { Counters } from './counters.js';
export { MetricsInputError } from './errors.js';
export { LatencyHistogram, type LatencySummary, type SerializedHistogram } from './histogram.js';
export { TimeSeries, type SecondBucket, type SeriesKind, type TimeSeriesJSON } from './time-series.js';
