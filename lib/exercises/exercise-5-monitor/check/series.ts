/**
 * Exercise 5's labelled metric series, generated from a seed: each series is one cache server
 * (INFO dialect, maxmemory-policy, normal levels) observed every 10 s for a few hours, with
 * labelled incidents (incidents.ts) separated by quiet stretches. The quiet stretches are not
 * clean: they hold the traps a naive monitor falls into — a hit ratio that hovers near its
 * threshold, single-sample spikes (a GC pause, an eviction blip, a burst on one key, a deploy's
 * reconnects) and server restarts that reset every counter. Only the labels are committed
 * (lib/exercises/exercise-5-monitor/check/visible-labels.json); the points are regenerated from the seed.
 */
import { createRng, type Rng } from '../../../workload/rng.js';
import type { InfoFlavour } from '../info-render.js';
import { INCIDENT_KINDS, place, type Incident, type IncidentKind, type Placed, type Tick } from './incidents.js';

/** One sample's truth, noise included. */
export interface Point extends Tick {
  keys: number;
  p50Ms: number;
  p99Ms: number;
  /** The server restarted just before this sample (counters reset, data kept). */
  restart: boolean;
}

/** A quiet-stretch trap, for the record (not graded on its own: any alert there is a false alarm). */
interface Trap {
  kind: 'noisy-hit-ratio' | 'gc-pause' | 'eviction-blip' | 'key-burst' | 'reconnects' | 'restart';
  at: number;
  lengthMs: number;
}

/** One labelled series. */
export interface LabelledSeries {
  id: string;
  flavour: InfoFlavour;
  policy: string;
  maxMemory: number;
  maxClients: number;
  intervalMs: number;
  durationMs: number;
  readsPerSec: number;
  incidents: Incident[];
  traps: Trap[];
  points: Point[];
}

const MIN = 60_000;
const INTERVAL = 10_000;
const POLICIES = ['noeviction', 'allkeys-lru', 'allkeys-lfu', 'volatile-lru'];
const FLAVOURS: InfoFlavour[] = ['redis-7.0', 'redis-6.2', 'valkey-8.0', 'redis-7.0'];
/** Quiet time before the first incident: the long window fills with normal behaviour. */
const LEAD_IN = 35 * MIN;

const between = (rng: Rng, lo: number, hi: number) => lo + (hi - lo) * rng.next();
function gauss(rng: Rng): number {
  const u = Math.max(1e-12, rng.next());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** `count` labelled series for `seed`: every incident kind appears at least `count / 4` times. */
export function generateSeries(seed: number | string, count: number): LabelledSeries[] {
  const rng = createRng(`exercise-5:${seed}`);
  const policies = shuffle([...POLICIES], rng.fork('policies'));
  const series = Array.from({ length: count }, (_, i) => ({ policy: policies[i % POLICIES.length]!, kinds: [] as IncidentKind[] }));
  const kinds: IncidentKind[] = [];
  for (let r = 0; r < Math.max(1, Math.ceil(count / 4)); r++) kinds.push(...INCIDENT_KINDS);
  while (kinds.length < count * 3) kinds.push(INCIDENT_KINDS[rng.int(INCIDENT_KINDS.length)]!);
  // Storms need a policy that evicts; spread the rest so each series gets a similar load.
  for (const kind of shuffle(kinds, rng.fork('kinds'))) {
    const fits = series.filter((s) => kind !== 'storm' || s.policy.startsWith('allkeys'));
    const pool = fits.length > 0 ? fits : series;
    pool.sort((a, b) => a.kinds.length - b.kinds.length);
    pool[0]!.kinds.push(kind);
  }
  return series.map((s, i) => buildSeries(`s${i + 1}`, FLAVOURS[i % FLAVOURS.length]!, s.policy, s.kinds, rng.fork(`series-${i}`)));
}

function buildSeries(id: string, flavour: InfoFlavour, policy: string, kinds: IncidentKind[], rng: Rng): LabelledSeries {
  const base: Tick = {
    hitRatio: between(rng, 91, 95),
    memoryPct: between(rng, 50, 60),
    keysFactor: 1,
    evictionsPerSec: policy === 'noeviction' ? 0 : between(rng, 2, 10),
    expiredPerSec: between(rng, 15, 30),
    p95Ms: between(rng, 15, 25),
    hotSharePct: between(rng, 5, 10),
    clientsPct: between(rng, 25, 35),
    newConnPerSec: between(rng, 0.5, 2),
  };
  const placed: Placed[] = [];
  let t = LEAD_IN;
  kinds.forEach((kind, k) => {
    const p = place(kind, t, rng.fork(`incident-${k}`), policy, `${id}-${k + 1}-${kind}`, base);
    placed.push(p);
    t = p.until + p.after + between(rng, 0, 5) * MIN;
  });
  const durationMs = Math.ceil(t / INTERVAL) * INTERVAL;
  const traps = placeTraps(placed, rng.fork('traps'));
  const keys = Math.round(between(rng, 80_000, 120_000));
  const phase = between(rng, 0, 2 * Math.PI);
  const noise = rng.fork('noise');
  const points: Point[] = [];
  for (let at = INTERVAL; at <= durationMs; at += INTERVAL) {
    const tick: Tick = { ...base };
    const inTrap = (kind: Trap['kind']) => traps.some((x) => x.kind === kind && at >= x.at && at < x.at + x.lengthMs);
    if (inTrap('noisy-hit-ratio')) tick.hitRatio = 87;
    for (const p of placed) p.apply(at, tick, base);
    const sigmaHit = inTrap('noisy-hit-ratio') ? 3.5 : 1.2;
    const p95 = inTrap('gc-pause') ? between(noise, 70, 120) : tick.p95Ms * (0.9 + 0.2 * noise.next());
    points.push({
      ...tick,
      hitRatio: clamp(tick.hitRatio + sigmaHit * gauss(noise), 0, 100),
      memoryPct: clamp(tick.memoryPct + 3 * Math.sin((2 * Math.PI * at) / (120 * MIN) + phase) * tick.keysFactor + 0.8 * gauss(noise), 0.5, 100),
      keysFactor: tick.keysFactor,
      keys: Math.round(keys * tick.keysFactor * (1 + 0.002 * gauss(noise))),
      evictionsPerSec: inTrap('eviction-blip') ? between(noise, 150, 400) : tick.evictionsPerSec * (0.5 + noise.next()),
      expiredPerSec: tick.expiredPerSec * (0.7 + 0.6 * noise.next()),
      p95Ms: p95,
      p50Ms: p95 * 0.35,
      p99Ms: p95 * 1.7,
      hotSharePct: inTrap('key-burst') ? between(noise, 30, 45) : clamp(tick.hotSharePct + 1.5 * gauss(noise), 1, 95),
      clientsPct: inTrap('reconnects') ? between(noise, 82, 90) : clamp(tick.clientsPct + 1.5 * gauss(noise), 1, 100),
      newConnPerSec: tick.newConnPerSec * (0.5 + noise.next()),
      restart: traps.some((x) => x.kind === 'restart' && at - INTERVAL < x.at && x.at <= at),
    });
  }
  return {
    id,
    flavour,
    policy,
    maxMemory: 1024 ** 3,
    maxClients: 1_000,
    intervalMs: INTERVAL,
    durationMs,
    readsPerSec: Math.round(between(rng, 1_500, 3_000)),
    incidents: placed.flatMap((p) => p.labels),
    traps,
    points,
  };
}

/** Traps go in the quiet gaps, well away from incidents, at least 2 minutes apart. */
function placeTraps(placed: Placed[], rng: Rng): Trap[] {
  const gaps: [number, number][] = [];
  let from = 5 * MIN;
  for (const p of placed) {
    const start = Math.min(...p.labels.map((l) => l.start));
    gaps.push([from, start - 5 * MIN]);
    from = p.until + 8 * MIN;
  }
  const traps: Trap[] = [];
  const single: Trap['kind'][] = ['gc-pause', 'eviction-blip', 'key-burst', 'reconnects', 'restart'];
  for (const [lo, hi] of gaps) {
    let t = lo;
    if (hi - lo >= 14 * MIN && rng.next() < 0.8) {
      const length = Math.min(hi - lo - 2 * MIN, between(rng, 12, 20) * MIN);
      traps.push({ kind: 'noisy-hit-ratio', at: t, lengthMs: length });
      t += length + 2 * MIN;
    }
    while (t + 2 * MIN < hi) {
      t += between(rng, 2, 6) * MIN;
      if (t >= hi) break;
      traps.push({ kind: single[rng.int(single.length)]!, at: Math.floor(t / INTERVAL) * INTERVAL, lengthMs: INTERVAL });
    }
  }
  return traps;
}
