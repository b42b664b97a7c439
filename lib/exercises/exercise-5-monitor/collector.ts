/**
 * The `metricsCollector` of exercise 5 (given code): what the application records about its own
 * cache calls — how long each took and which key it touched — which INFO cannot tell. The monitor
 * takes one window per collection with `snapshot()`. Latency percentiles come from the kit's HDR
 * histogram (exact for small sets); key counts are bounded so a long run cannot grow them forever.
 */
import type { CacheClient } from '../../backends/types.js';
import { LatencyHistogram } from '../../metrics/histogram.js';
import type { KeyCount } from './types.js';

/** What the application did between two snapshots. */
export interface ClientWindow {
  /** Operations recorded. */
  count: number;
  /** Operations that failed. */
  errors: number;
  /** Latency percentiles in ms, null when nothing was recorded. */
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  /** The most used keys, most used first (at most `topKeys` of them). */
  topKeys: KeyCount[];
}

/** Options of {@link MetricsCollector}. */
export interface CollectorOptions {
  /** Keys listed in `topKeys`. Default 10. */
  topKeys?: number;
  /** Distinct keys counted per window; later new keys count under `(other)`. Default 10,000. */
  maxTrackedKeys?: number;
}

/** Commands the instrumented client records (data commands; INFO and CONFIG are the monitor's own). */
const RECORDED = new Set([
  'get',
  'set',
  'setex',
  'psetex',
  'setnx',
  'getex',
  'getdel',
  'getset',
  'mget',
  'mset',
  'del',
  'unlink',
  'exists',
  'incr',
  'incrby',
  'decr',
  'decrby',
  'expire',
  'pexpire',
  'ttl',
  'pttl',
  'hget',
  'hset',
  'hgetall',
  'hmget',
  'hdel',
  'lpush',
  'rpush',
  'lrange',
  'sadd',
  'smembers',
  'zadd',
  'zrange',
  'zincrby',
]);

/** Other keys, past `maxTrackedKeys`. */
export const OTHER_KEYS = '(other)';

/** Records client-side timings and key use; see the module comment. */
export class MetricsCollector {
  readonly #topKeys: number;
  readonly #maxTracked: number;
  #latency = new LatencyHistogram();
  #errors = 0;
  #keys = new Map<string, number>();

  constructor(options: CollectorOptions = {}) {
    this.#topKeys = options.topKeys ?? 10;
    this.#maxTracked = options.maxTrackedKeys ?? 10_000;
    if (!Number.isInteger(this.#topKeys) || this.#topKeys < 1)
      throw new RangeError(`MetricsCollector: options.topKeys must be an integer ≥ 1, got ${this.#topKeys}.`);
    if (!Number.isInteger(this.#maxTracked) || this.#maxTracked < 1)
      throw new RangeError(`MetricsCollector: options.maxTrackedKeys must be an integer ≥ 1, got ${this.#maxTracked}.`);
  }

  /** Records one operation that took `ms` (on `key`, if it had one). */
  record(ms: number, key?: string, ok = true): void {
    this.#latency.recordMs(Math.max(0, ms));
    if (!ok) this.#errors += 1;
    if (key === undefined) return;
    const counted = this.#keys.has(key) || this.#keys.size < this.#maxTracked ? key : OTHER_KEYS;
    this.#keys.set(counted, (this.#keys.get(counted) ?? 0) + 1);
  }

  /** Records `count` operations of `ms` each on `key` (synthetic load without a loop per operation). */
  recordMany(ms: number, count: number, key?: string): void {
    for (let i = 0; i < count; i++) this.record(ms, key);
  }

  /** The window since the last snapshot; starts a new one. */
  snapshot(): ClientWindow {
    const s = this.#latency.summary();
    const some = s.count > 0;
    const topKeys = [...this.#keys]
      .filter(([key]) => key !== OTHER_KEYS)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, this.#topKeys)
      .map(([key, count]) => ({ key, count }));
    const window: ClientWindow = {
      count: s.count,
      errors: this.#errors,
      p50Ms: some ? s.p50Ms : null,
      p95Ms: some ? s.p95Ms : null,
      p99Ms: some ? s.p99Ms : null,
      maxMs: some ? s.maxMs : null,
      topKeys,
    };
    this.#latency = new LatencyHistogram();
    this.#errors = 0;
    this.#keys = new Map();
    return window;
  }

  /**
   * A client that records every data command it sends (time from call to reply, on the clock that
   * `performance.now()` reads, and its first key). Other properties pass through unchanged.
   */
  instrument(client: CacheClient): CacheClient {
    return new Proxy(client, {
      get: (target, prop) => {
        const value = Reflect.get(target, prop, target) as unknown;
        if (typeof value !== 'function' || typeof prop !== 'string' || !RECORDED.has(prop.toLowerCase())) {
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        }
        return (...args: unknown[]) => {
          const key = typeof args[0] === 'string' ? args[0] : undefined;
          const start = performance.now();
          const done = (ok: boolean) => this.record(performance.now() - start, key, ok);
          const out = (value as (...a: unknown[]) => unknown).apply(target, args);
          if (out instanceof Promise) {
            return out.then(
              (v: unknown) => (done(true), v),
              (e: unknown) => {
                done(false);
                throw e;
              },
            );
          }
          done(true);
          return out;
        };
      },
    });
  }
}
