/** The workload layer in one import: seeded RNG, Zipf, the social and airport traces, values. */
export { createRng, hash32, type Rng } from './rng.js';
export { zipfSampler, type ZipfSampler } from './zipf.js';
export { WorkloadOptionError } from './errors.js';
export { hotKeyCount, hotSetShare, zipfExponentFor, zipfHeadShare, type HotSetShare } from './hot-set.js';
export { createSocialKeySpace, KEYS_PER_USER, type SocialKeySpace, type SocialKeySpaceOptions, type SocialKind } from './social-keys.js';
export { createSocialTrace, type SocialOp, type SocialTrace, type SocialTraceOptions } from './social.js';
export { hourAt, isPeak, rateAt, type DayModel, type PeakWindow } from './diurnal.js';
export { valueBytesFor, valueFor } from './value.js';
export { AIRPORT_DEFAULTS, createAirportTrace, type AirportOp, type AirportTrace, type AirportTraceOptions } from './airport.js';
export { toArray, toJsonLines, traceSha256 } from './trace-io.js';
