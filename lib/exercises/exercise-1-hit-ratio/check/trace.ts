/**
 * The requests exercise 1's load check replays: the social platform's trace (lib/workload/social.ts)
 * with each operation's key as one of the three apps builds it (legacy-keys.ts), plus logins
 * after which the user's session reads their own timeline and notifications. "Yesterday" is the
 * same trace continued: its reads are the access log and its most read keys the warm-up list.
 */
import { createRng } from '../../../workload/rng.js';
import { createSocialTrace, type SocialTrace } from '../../../workload/social.js';
import { zipfSampler } from '../../../workload/zipf.js';
import { KEYS_PER_USER } from '../../../workload/social-keys.js';
import { legacyKey, pickClient } from '../legacy-keys.js';
import type { Exercise1Params } from './params.js';

/** One request of the replay. */
interface TraceOp {
  op: 'read' | 'write' | 'login';
  /** The app's (legacy) key; '' for a login. */
  key: string;
  /** The item's normalized key; '' for a login. */
  item: string;
  userId: number;
  /** Trace time in ms. */
  t: number;
}

/** Everything a replay needs. */
export interface Exercise1Trace {
  ops: TraceOp[];
  reads: number;
  logins: number;
  /** Yesterday's reads as legacy keys (the access log). */
  log: string[];
  /** Yesterday's most read legacy keys, most read first. */
  popular: string[];
  social: SocialTrace;
}

// Session reads of a user's own items: slots 1 and 2 of a user are the timeline and notifications.
const SESSION_SLOTS = [1, 2];

/** Builds the trace of `params` for `seed` (same seed, same requests). */
export function buildTrace(seed: number | string, params: Exercise1Params): Exercise1Trace {
  const social = createSocialTrace({
    seed,
    ops: params.ops + params.yesterdayOps,
    keys: params.keys,
    hotTrafficShare: params.hotTrafficShare,
    readRatio: params.readRatio,
    ratePerSec: params.ratePerSec,
    peak: false,
  });
  const rng = createRng(`${seed}:exercise-1`);
  const variants = rng.fork('variants');
  const sessions = rng.fork('sessions');
  const users = zipfSampler(params.keys / KEYS_PER_USER, params.loginZipfS, rng.fork('logins'));
  const ops: TraceOp[] = [];
  const log: string[] = [];
  const pending: { item: string; userId: number; client: ReturnType<typeof pickClient> }[] = [];
  let index = 0;
  let logins = 0;
  for (const o of social) {
    if (index++ >= params.ops) {
      if (o.op === 'read') log.push(legacyKey(o.key, pickClient(variants), o.t, variants));
      continue;
    }
    if (sessions.next() < params.loginRate) {
      const userId = users.sample();
      const client = pickClient(sessions);
      ops.push({ op: 'login', key: '', item: '', userId, t: o.t });
      logins++;
      for (const slot of SESSION_SLOTS) pending.push({ item: social.keySpace.keyAt(userId * KEYS_PER_USER + slot), userId, client });
    }
    // Session reads come within the next few requests, between other users' requests.
    if (pending.length > 0 && sessions.next() < 0.5) {
      const p = pending.shift()!;
      ops.push({ op: 'read', key: legacyKey(p.item, p.client, o.t, variants), item: p.item, userId: p.userId, t: o.t });
    }
    ops.push({ op: o.op, key: legacyKey(o.key, pickClient(variants), o.t, variants), item: o.key, userId: o.userId, t: o.t });
  }
  const counts = new Map<string, number>();
  for (const k of log) counts.set(k, (counts.get(k) ?? 0) + 1);
  const popular = [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, params.warmKeys)
    .map(([k]) => k);
  return { ops, reads: ops.filter((o) => o.op === 'read').length, logins, log, popular, social };
}
