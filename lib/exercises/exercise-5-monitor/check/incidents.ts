/**
 * The incident kinds of exercise 5's labelled series: how each one bends the metrics, and the
 * label it gets (type, start, end, detection deadline, expected severity, expected
 * recommendations). Shapes follow what the seeds describe: a flush empties the cache and the hit
 * ratio climbs back as it refills; TTLs set too short make keys expire before reuse; a leak grows
 * memory steadily toward maxmemory; a batch job writing large values causes an eviction storm; a
 * hot key takes a large share of the traffic; connections leak toward maxclients.
 */
import type { Rng } from '../../../workload/rng.js';
import type { AlertRuleId, RecommendationId, Severity } from '../types.js';

/** A labelled incident: what the monitor must find. Times in ms from the series start. */
export interface Incident {
  id: string;
  type: AlertRuleId;
  kind: IncidentKind;
  start: number;
  end: number;
  /** Detected only if an alert for `type` fires within `start + deadlineMs`. */
  deadlineMs: number;
  severity: Severity;
  expected: RecommendationId[];
}

/** The truth of one tick, before noise (levels) and as counts per second (rates). */
export interface Tick {
  hitRatio: number;
  memoryPct: number;
  keysFactor: number;
  evictionsPerSec: number;
  expiredPerSec: number;
  p95Ms: number;
  hotSharePct: number;
  clientsPct: number;
  newConnPerSec: number;
}

/** Every kind of incident the generator places. */
export const INCIDENT_KINDS = [
  'flush',
  'ttl',
  'dip',
  'leak',
  'storm',
  'latency-warn',
  'latency-crit',
  'hot-warn',
  'hot-crit',
  'conn-warn',
  'conn-crit',
] as const;

/** One of {@link INCIDENT_KINDS}. */
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/** What a placed incident does: its labels and a function that bends the ticks it covers. */
export interface Placed {
  labels: Incident[];
  /** Quiet time this incident needs after its end before the next one (ms). */
  after: number;
  /** Applies the incident to tick `t` (ms from the series start); `base` is the normal tick. */
  apply(t: number, tick: Tick, base: Tick): void;
  /** The last time it changes anything. */
  until: number;
}

const MIN = 60_000;
const between = (rng: Rng, lo: number, hi: number) => lo + (hi - lo) * rng.next();
const ramp = (t: number, from: number, ms: number) => Math.min(1, Math.max(0, (t - from) / ms));

/** Places one incident of `kind` at `t0`; `policy` is the series' maxmemory-policy. */
export function place(kind: IncidentKind, t0: number, rng: Rng, policy: string, id: string, base: Tick): Placed {
  switch (kind) {
    case 'flush': {
      // Keys, memory and hit ratio fall at once and come back as the cache refills (tau).
      const tau = between(rng, 3, 5) * MIN;
      const floor = between(rng, 20, 35);
      const recovered = t0 + tau * Math.log((base.hitRatio - floor) / (base.hitRatio - 86)) + MIN;
      return {
        labels: [{ id, type: 'hit-ratio', kind, start: t0, end: recovered, deadlineMs: 90_000, severity: 'critical', expected: ['warm-cache'] }],
        after: 36 * MIN, // the key loss stays in the long window for baselineMs
        until: t0 + 8 * tau,
        apply(t, tick) {
          if (t < t0) return;
          const left = Math.exp(-(t - t0) / tau);
          tick.hitRatio = base.hitRatio - (base.hitRatio - floor) * left;
          tick.keysFactor = 1 - 0.98 * left;
          tick.memoryPct = base.memoryPct * (1 - 0.95 * left);
        },
      };
    }
    case 'ttl':
    case 'dip': {
      // TTLs too short: keys expire before reuse, the hit ratio sinks and stays low until fixed.
      const slow = kind === 'ttl';
      const low = slow ? between(rng, 68, 72) : between(rng, 70, 74);
      const down = slow ? 10 * MIN : 1 * MIN;
      const hold = slow ? between(rng, 18, 24) * MIN : between(rng, 4, 6) * MIN;
      const up = 3 * MIN;
      const crossing = t0 + down * ((base.hitRatio - 80) / (base.hitRatio - low));
      const end = t0 + down + hold + up;
      return {
        labels: [
          { id, type: 'hit-ratio', kind, start: t0, end, deadlineMs: crossing - t0 + 3 * MIN, severity: slow ? 'critical' : 'warning', expected: ['tune-ttl'] },
        ],
        after: 20 * MIN,
        until: end,
        apply(t, tick) {
          const depth = ramp(t, t0, down) - ramp(t, t0 + down + hold, up);
          if (depth <= 0) return;
          tick.hitRatio = base.hitRatio - (base.hitRatio - low) * depth;
          tick.expiredPerSec = base.expiredPerSec + 400 * depth;
        },
      };
    }
    case 'leak': {
      // Memory grows steadily (values that keep growing, keys steady) until someone cleans up.
      const rate = between(rng, 1.2, 2) / MIN; // % per ms
      const top = 97;
      const climb = (top - base.memoryPct) / rate;
      const end = t0 + climb + 3 * MIN;
      const expected: RecommendationId[] = policy === 'noeviction' ? ['compress-values', 'eviction-policy'] : ['compress-values'];
      return {
        labels: [{ id, type: 'memory', kind, start: t0, end, deadlineMs: (78 - base.memoryPct) / rate, severity: 'critical', expected }],
        after: 25 * MIN,
        until: end,
        apply(t, tick) {
          if (t >= t0 && t < end) tick.memoryPct = Math.min(top, base.memoryPct + (t - t0) * rate);
        },
      };
    }
    case 'storm': {
      // A batch job writes large values: memory hits the limit at once and evictions pour out.
      const length = between(rng, 5, 8) * MIN;
      const rate = between(rng, 250, 600);
      const decay = 3 * MIN;
      const end = t0 + length;
      return {
        labels: [
          { id: `${id}-evictions`, type: 'evictions', kind, start: t0, end, deadlineMs: 90_000, severity: 'warning', expected: ['increase-memory'] },
          {
            id: `${id}-memory`,
            type: 'memory',
            kind,
            start: t0,
            end: end + decay,
            deadlineMs: 120_000,
            severity: 'critical',
            expected: policy === 'noeviction' ? ['compress-values', 'eviction-policy'] : ['compress-values'],
          },
        ],
        after: 25 * MIN,
        until: end + decay,
        apply(t, tick) {
          if (t < t0 || t >= end + decay) return;
          const full = 99;
          tick.memoryPct = t < end ? base.memoryPct + (full - base.memoryPct) * ramp(t, t0, MIN) : full - (full - base.memoryPct) * ramp(t, end, decay);
          if (t < end) {
            tick.evictionsPerSec = rate;
            tick.keysFactor = 0.9;
            tick.hitRatio = base.hitRatio - 3;
          }
        },
      };
    }
    case 'latency-warn':
    case 'latency-crit': {
      // A latency spike; with connection churn (a client opening a connection per request) half the time.
      const crit = kind === 'latency-crit';
      const level = crit ? between(rng, 260, 400) : between(rng, 90, 120);
      const length = between(rng, 4, 8) * MIN;
      const churn = rng.next() < 0.5;
      const churnRate = between(rng, 35, 60);
      return {
        labels: [
          {
            id,
            type: 'latency',
            kind,
            start: t0,
            end: t0 + length,
            deadlineMs: 90_000,
            severity: crit ? 'critical' : 'warning',
            expected: [churn ? 'connection-pooling' : 'pipelining'],
          },
        ],
        after: 20 * MIN,
        until: t0 + length + MIN,
        apply(t, tick) {
          // Churn causes the spike: it starts a minute before it and ends a minute after.
          if (churn && t >= t0 - MIN && t < t0 + length + MIN) tick.newConnPerSec = churnRate;
          if (t >= t0 && t < t0 + length) tick.p95Ms = level;
        },
      };
    }
    case 'hot-warn':
    case 'hot-crit': {
      const crit = kind === 'hot-crit';
      const share = crit ? between(rng, 72, 90) : between(rng, 35, 50);
      const length = between(rng, 5, 9) * MIN;
      return {
        labels: [
          {
            id,
            type: 'hot-key',
            kind,
            start: t0,
            end: t0 + length,
            deadlineMs: 90_000,
            severity: crit ? 'critical' : 'warning',
            expected: ['local-cache', 'shard-hot-key'],
          },
        ],
        after: 20 * MIN,
        until: t0 + length,
        apply(t, tick) {
          if (t >= t0 && t < t0 + length) tick.hotSharePct = share;
        },
      };
    }
    case 'conn-warn':
    case 'conn-crit': {
      // Connections leak (opened, never closed) toward maxclients until the app restarts.
      const crit = kind === 'conn-crit';
      const peak = crit ? between(rng, 98.5, 99.5) : between(rng, 86, 90);
      const climb = between(rng, 8, 12) * MIN;
      const end = t0 + climb + 2 * MIN;
      const crossing = t0 + climb * ((80 - base.clientsPct) / (peak - base.clientsPct));
      return {
        labels: [
          {
            id,
            type: 'connections',
            kind,
            start: t0,
            end,
            deadlineMs: crossing - t0 + 2 * MIN,
            severity: crit ? 'critical' : 'warning',
            expected: ['connection-pooling'],
          },
        ],
        after: 20 * MIN,
        until: end,
        apply(t, tick) {
          if (t >= t0 && t < end) tick.clientsPct = base.clientsPct + (peak - base.clientsPct) * ramp(t, t0, climb);
        },
      };
    }
  }
}
