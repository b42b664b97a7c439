/**
 * Reads a load-test log back for `npm run plot`: checks every field the plot uses and names the
 * first bad one, so a truncated or hand-edited file is one clear message, never a crash later.
 * Also accepts a bare per-second series, the shape the seed's own tool wrote.
 */
import { readFileSync } from 'node:fs';
import { TimeSeries, type TimeSeriesJSON } from '../lib/metrics/time-series.js';
import { errorSeriesProblem } from './error-series.js';
import { LogFileError } from './errors.js';
import { LOG_FORMAT, type PerfLog } from './log-file.js';

function check(file: string, ok: boolean, field: string, problem: string): void {
  if (!ok) throw new LogFileError(file, field, problem);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function series(file: string, field: string, value: unknown): TimeSeriesJSON {
  check(file, isObject(value), field, 'must be an object keyed by unix second');
  try {
    TimeSeries.fromJSON(value as TimeSeriesJSON);
  } catch (error) {
    throw new LogFileError(file, field, (error as Error).message.replace(/\.$/, ''), { cause: error });
  }
  for (const [second, b] of Object.entries(value as TimeSeriesJSON)) {
    const parts = b.reads + b.writes + b.cache_hits + b.cache_misses;
    check(file, parts === b.count, `${field}.${second}.count`, `is ${b.count} but reads + writes + cache_hits + cache_misses is ${parts}`);
  }
  return value as TimeSeriesJSON;
}

/** What the plot reads: a full log, or a bare per-second series as the seed's tool wrote it. */
export type LoadedLog = { kind: 'full'; log: PerfLog } | { kind: 'series'; series: TimeSeriesJSON };

/** Reads and checks the log at `location`; throws a {@link LogFileError} naming it as `file` and the first bad field. */
export function readLog(location: string, file = location): LoadedLog {
  let text: string;
  try {
    text = readFileSync(location, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const problem = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : (error as Error).message;
    throw new LogFileError(file, undefined, problem, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new LogFileError(file, undefined, `is not valid JSON (${(error as Error).message})`, { cause: error });
  }
  check(file, isObject(data), '(top level)', 'must be a JSON object');
  const doc = data as Record<string, unknown>;
  const keys = Object.keys(doc);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) return { kind: 'series', series: series(file, '(top level)', doc) };
  check(file, doc.format === LOG_FORMAT, 'format', `must be "${LOG_FORMAT}"`);
  check(file, doc.version === 1, 'version', `must be 1 (this kit reads version 1), got ${JSON.stringify(doc.version)}`);
  // status, notes, errors_by_kind, write_refresh_errors and time_series_errors came with the live log: optional.
  check(
    file,
    doc.status === undefined || ['complete', 'interrupted', 'failed', 'running'].includes(doc.status as string),
    'status',
    'must be "complete", "interrupted", "failed" or "running"',
  );
  check(file, doc.notes === undefined || (Array.isArray(doc.notes) && doc.notes.every((n) => typeof n === 'string')), 'notes', 'must be a list of strings');
  const config = doc.configuration;
  check(file, isObject(config), 'configuration', 'must be an object');
  const c = config as Record<string, unknown>;
  for (const name of ['threads', 'queries_per_thread', 'total_queries', 'cache_ttl_ms']) {
    check(file, isCount(c[name]), `configuration.${name}`, 'must be a whole number ≥ 0');
  }
  check(file, typeof c.read_ratio === 'number' && c.read_ratio >= 0 && c.read_ratio <= 100, 'configuration.read_ratio', 'must be a percentage from 0 to 100');
  check(file, c.passenger_mode === 'pool' || c.passenger_mode === 'random', 'configuration.passenger_mode', 'must be "pool" or "random"');
  check(file, typeof c.cache === 'boolean', 'configuration.cache', 'must be true or false');
  check(file, c.time_base === 'virtual' || c.time_base === 'wall', 'configuration.time_base', 'must be "virtual" or "wall"');
  const results = doc.results;
  check(file, isObject(results), 'results', 'must be an object');
  const r = results as Record<string, unknown>;
  check(file, typeof r.duration_s === 'number' && r.duration_s >= 0, 'results.duration_s', 'must be a number ≥ 0');
  for (const name of ['total_queries', 'reads', 'writes', 'cache_hits', 'cache_misses', 'database_ops', 'errors']) {
    check(file, isCount(r[name]), `results.${name}`, 'must be a whole number ≥ 0');
  }
  for (const name of ['write_refresh_errors', 'writes_unknown']) {
    check(file, r[name] === undefined || isCount(r[name]), `results.${name}`, 'must be a whole number ≥ 0');
  }
  if (r.errors_by_kind !== undefined) {
    const k = r.errors_by_kind as Record<string, unknown> | null;
    check(
      file,
      isObject(k) && isCount(k.cache) && isCount(k.database),
      'results.errors_by_kind',
      'must be { "cache": n, "database": n } with whole numbers ≥ 0',
    );
  }
  for (const name of ['queries_per_second', 'avg_latency_per_query_ms', 'cache_hit_rate_pct']) {
    check(file, r[name] === null || typeof r[name] === 'number', `results.${name}`, 'must be a number or null');
  }
  series(file, 'time_series', doc.time_series);
  const split = doc.time_series_by_operation;
  check(file, isObject(split), 'time_series_by_operation', 'must be an object with "cache_hit" and "database" series');
  series(file, 'time_series_by_operation.cache_hit', (split as Record<string, unknown>).cache_hit);
  series(file, 'time_series_by_operation.database', (split as Record<string, unknown>).database);
  if (doc.time_series_errors !== undefined) {
    const problem = errorSeriesProblem(doc.time_series_errors);
    check(file, problem === undefined, 'time_series_errors', problem ?? '');
  }
  return { kind: 'full', log: doc as unknown as PerfLog };
}
