/**
 * The sizes of exercise 1's load check, derived from its parameters. Calibrated together (see
 * grader/exercises/exercise-1-hit-ratio/calibration.test.ts and README.md, "4. Targets"): a Zipf trace where 5% of
 * the items draw 80% of the reads, 20% writes, 1 KiB – 10 MiB values, and a data budget that holds
 * the items' values compressed (with room to spare) but not as the source returns them, let alone
 * once per legacy key variant.
 */
import { createSocialKeySpace } from '../../../workload/social-keys.js';
import type { LoadCheckParams } from '../../../load/types.js';

/** One run's scenario. */
export interface Exercise1Params {
  /** Items in the key space (6 per user). */
  keys: number;
  /** Operations replayed and measured (reads, writes; logins come on top). */
  ops: number;
  /** Operations of "yesterday's" log, given to optimizeCacheKeys. */
  yesterdayOps: number;
  /** Legacy keys in the warm-up list (yesterday's most read keys). */
  warmKeys: number;
  /** Chance that a user logs in before an operation (their session then reads timeline and notifications). */
  loginRate: number;
  /** Zipf exponent of who logs in (active users log in more often). */
  loginZipfS: number;
  /** Share of the reads the top 5% of items draw (the scenario's 80%). */
  hotTrafficShare: number;
  readRatio: number;
  /** Trace arrivals per second (a sample of the platform's traffic), so the trace spans ops / rate seconds. */
  ratePerSec: number;
  /** Bytes of data the cache may hold: maxmemory = the empty server's used_memory + this. */
  dataBudgetBytes: number;
  /** The data budget as a share of all items' values as the source returns them. */
  budgetShare: number;
  /** Shards partitionOf spreads users over. */
  partitions: number;
}

/** The data budget holds this share of all values as the source returns them (about 2.5× that deflated). */
const BUDGET_SHARE = 0.72;

/** The scenario for `params` (`scale` multiplies items, operations and budget). */
export function scenarioParams(params: LoadCheckParams): Exercise1Params {
  const scale = params.scale;
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new RangeError(`exercise 1 load check: scale must be a positive number, got ${scale}.`);
  }
  const n = (x: number) => Math.max(1, Math.round(x * scale));
  const keys = Math.max(60, Math.round((2_400 * scale) / 6) * 6);
  // Value sizes are heavy-tailed (1 KiB – 10 MiB): a larger key space holds disproportionately
  // more bytes, so the budget follows the bytes, not the number of keys.
  const space = createSocialKeySpace({ keys });
  let bytes = 0;
  for (let i = 0; i < keys; i++) bytes += space.sizeAt(i);
  return {
    keys,
    ops: n(60_000),
    yesterdayOps: n(20_000),
    warmKeys: n(1_500),
    loginRate: 0.02,
    loginZipfS: 0.8,
    hotTrafficShare: 0.8,
    readRatio: 0.8,
    ratePerSec: 50,
    dataBudgetBytes: Math.round(bytes * BUDGET_SHARE),
    budgetShare: BUDGET_SHARE,
    partitions: 8,
  };
}
