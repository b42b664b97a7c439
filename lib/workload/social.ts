/**
 * The social-platform trace: reads and writes of profiles, posts, timelines and
 * notifications, Zipf popularity calibrated so the top 5% of keys draw ≈ 80% of the traffic,
 * heavy-tailed values of 1 KiB – 10 MiB, an optional moving hot set and a peak window.
 * A trace is a recipe, not a list: iterating it streams the operations from the seed, so a
 * million operations never sit in memory at once, and iterating twice gives the same operations.
 */
import { OptionChecker } from './errors.js';
import { createRng } from './rng.js';
import { zipfSampler } from './zipf.js';
import { hotKeyCount, zipfExponentFor } from './hot-set.js';
import { createSocialKeySpace, KEY_SPACE_OPTIONS, type SocialKeySpace, type SocialKeySpaceOptions, type SocialKind } from './social-keys.js';
import { nextGapMs, type DayModel, type PeakWindow } from './diurnal.js';

/** One operation of the social trace. */
export interface SocialOp {
  op: 'read' | 'write';
  key: string;
  kind: SocialKind;
  /** Size in bytes of the key's value. */
  size: number;
  userId: number;
  /** Arrival time, ms since the start of the trace (rounded to the microsecond). */
  t: number;
  /** Hot-set epoch: 0 until the first shift, then 1, 2, … (see {@link SocialTrace.hotKeys}). */
  epoch: number;
}

/** Options of {@link createSocialTrace}; only `seed` is required. */
export interface SocialTraceOptions extends SocialKeySpaceOptions {
  /** Same seed, same trace (byte for byte). */
  seed: number | string;
  /** Operations in the trace. Default 100,000. */
  ops?: number;
  /** Share of reads. Default 0.8 (the platform's 80% reads, 20% writes). */
  readRatio?: number;
  /** Share of the key space that forms the hot set. Default 0.05. */
  hotKeyShare?: number;
  /** Share of traffic the hot set draws; sets the Zipf exponent. Default 0.8. */
  hotTrafficShare?: number;
  /** Zipf exponent, instead of calibrating it from the two shares above. */
  zipfS?: number;
  /** Move the hot set to other keys every this many operations. Default: never. */
  shiftEveryOps?: number;
  /** Move the hot set to other keys every this many ms of trace time. Default: never. */
  shiftEveryMs?: number;
  /** Ranks the popularity moves by at each shift. Default: the hot-set size (a fresh hot set). */
  shiftKeys?: number;
  /** Arrivals per second during the peak (all day when `peak` is false). Default 50,000 (the platform's evening peak). */
  ratePerSec?: number;
  /** Hour of the simulated day at t = 0. Default 18 (the start of the peak). */
  startHour?: number;
  /** Length of a simulated day in ms. Default 86,400,000; smaller compresses the day. */
  dayMs?: number;
  /** The peak window; false for a flat rate. Default { startHour: 18, endHour: 22, factor: 3 }. */
  peak?: Partial<PeakWindow> | false;
}

/** The options of a trace with every default filled in (NaN hotTrafficShare when zipfS was given). */
type ResolvedSocialOptions = Readonly<Omit<Required<SocialTraceOptions>, 'shiftEveryOps' | 'shiftEveryMs' | 'peak'>> & {
  readonly shiftEveryOps: number | null;
  readonly shiftEveryMs: number | null;
  readonly peak: PeakWindow | false;
};

/** A seeded social trace: iterate it (or call `ops()`) to stream its operations. */
export interface SocialTrace extends Iterable<SocialOp> {
  /** Every option with its default filled in (the calibrated exponent in `zipfS`). */
  readonly options: ResolvedSocialOptions;
  readonly keySpace: SocialKeySpace;
  readonly day: DayModel;
  /** Size of the hot set in keys. */
  readonly hotKeyCount: number;
  /** The keys of the hot set during `epoch`, most popular first. */
  hotKeys(epoch?: number): string[];
  /** A fresh stream of the operations. */
  ops(): Generator<SocialOp>;
}

const GENERATOR = 'social trace';
const OPTION_NAMES = [
  'seed',
  'ops',
  'readRatio',
  'hotKeyShare',
  'hotTrafficShare',
  'zipfS',
  'shiftEveryOps',
  'shiftEveryMs',
  'shiftKeys',
  'ratePerSec',
  'startHour',
  'dayMs',
  'peak',
  ...KEY_SPACE_OPTIONS,
];

function resolveOptions(options: SocialTraceOptions) {
  const check = new OptionChecker(GENERATOR);
  if (options === null || typeof options !== 'object') check.fail('options', options, 'an object with at least { seed }');
  check.known(options, OPTION_NAMES);
  const seed = check.seed('seed', options.seed);
  const keySpace = createSocialKeySpace(options, GENERATOR);
  const n = keySpace.count;
  const ops = check.int('ops', options.ops ?? 100_000, 0);
  const readRatio = check.num('readRatio', options.readRatio ?? 0.8, 0, 1);
  const hotKeyShare = check.num('hotKeyShare', options.hotKeyShare ?? 0.05, 0, 1, { min: true, max: true });
  const hot = hotKeyCount(n, hotKeyShare);
  let zipfS: number;
  if (hot >= n) {
    zipfS = 0; // every key is hot: popularity cannot matter
  } else if (options.zipfS !== undefined) {
    if (options.hotTrafficShare !== undefined) check.fail('zipfS', options.zipfS, 'left out when hotTrafficShare is given (give one of the two)');
    zipfS = check.num('zipfS', options.zipfS, 0, 20);
  } else {
    const share = options.hotTrafficShare ?? 0.8;
    const floor = hot / n;
    check.num('hotTrafficShare', share, floor, 1, { min: true, max: true });
    zipfS = zipfExponentFor(n, hotKeyShare, share);
  }
  if (options.shiftEveryOps !== undefined && options.shiftEveryMs !== undefined) {
    check.fail('shiftEveryMs', options.shiftEveryMs, 'left out when shiftEveryOps is given (give one of the two)');
  }
  const shiftEveryOps = options.shiftEveryOps === undefined ? null : check.int('shiftEveryOps', options.shiftEveryOps, 1);
  const shiftEveryMs = options.shiftEveryMs === undefined ? null : check.num('shiftEveryMs', options.shiftEveryMs, 0, Infinity, { min: true });
  const shiftKeys = check.int('shiftKeys', options.shiftKeys ?? hot, 1, n);
  const ratePerSec = check.num('ratePerSec', options.ratePerSec ?? 50_000, 0, 1e9, { min: true });
  const startHour = check.num('startHour', options.startHour ?? 18, 0, 24, { max: true });
  const dayMs = check.num('dayMs', options.dayMs ?? 86_400_000, 0, Infinity, { min: true });
  let peak: PeakWindow | false = false;
  if (options.peak !== false) {
    const p = options.peak ?? {};
    if (typeof p !== 'object' || p === null) check.fail('peak', p, 'false or { startHour, endHour, factor }');
    peak = {
      startHour: check.num('peak.startHour', p.startHour ?? 18, 0, 24, { max: true }),
      endHour: check.num('peak.endHour', p.endHour ?? 22, 0, 24),
      factor: check.num('peak.factor', p.factor ?? 3, 1, 1e6),
    };
  }
  const resolved: ResolvedSocialOptions = {
    seed,
    ops,
    readRatio,
    hotKeyShare,
    hotTrafficShare: options.zipfS === undefined ? (options.hotTrafficShare ?? 0.8) : NaN,
    zipfS,
    shiftEveryOps,
    shiftEveryMs,
    shiftKeys,
    ratePerSec,
    startHour,
    dayMs,
    peak,
    ...keySpace.options,
  };
  return { resolved: Object.freeze(resolved), keySpace, hot };
}

/** Creates a social trace; throws a {@link WorkloadOptionError} naming any bad option. */
export function createSocialTrace(options: SocialTraceOptions): SocialTrace {
  const { resolved, keySpace, hot } = resolveOptions(options);
  const n = keySpace.count;
  const day: DayModel = { ratePerSec: resolved.ratePerSec, startHour: resolved.startHour, dayMs: resolved.dayMs, peak: resolved.peak };
  // Popularity rank → key index: a seeded shuffle, so the popular keys are spread over users and
  // kinds instead of being the first users.
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const shuffle = createRng(resolved.seed).fork('order');
  for (let i = n - 1; i > 0; i--) {
    const j = shuffle.int(i + 1);
    const tmp = order[i]!;
    order[i] = order[j]!;
    order[j] = tmp;
  }
  const indexOfRank = (rank: number, epoch: number): number => order[(rank + epoch * resolved.shiftKeys) % n]!;

  function* ops(): Generator<SocialOp> {
    const root = createRng(resolved.seed);
    const zipf = zipfSampler(n, resolved.zipfS, root.fork('zipf'));
    const mixRng = root.fork('mix');
    const timeRng = root.fork('time');
    let t = 0;
    for (let i = 0; i < resolved.ops; i++) {
      if (i > 0) t += nextGapMs(t, day, timeRng);
      const epoch =
        resolved.shiftEveryOps !== null ? Math.floor(i / resolved.shiftEveryOps) : resolved.shiftEveryMs !== null ? Math.floor(t / resolved.shiftEveryMs) : 0;
      const index = indexOfRank(zipf.sample(), epoch);
      const op = mixRng.next() < resolved.readRatio ? 'read' : 'write';
      yield {
        op,
        key: keySpace.keyAt(index),
        kind: keySpace.kindAt(index),
        size: keySpace.sizeAt(index),
        userId: keySpace.userAt(index),
        t: Math.round(t * 1000) / 1000,
        epoch,
      };
    }
  }

  return {
    options: resolved,
    keySpace,
    day,
    hotKeyCount: hot,
    hotKeys(epoch = 0) {
      const keys: string[] = [];
      for (let rank = 0; rank < hot; rank++) keys.push(keySpace.keyAt(indexOfRank(rank, epoch)));
      return keys;
    },
    ops,
    [Symbol.iterator]: ops,
  };
}
