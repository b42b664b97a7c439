/**
 * What exercise 4's hidden tests protect, read by the grader (grader/src/weights.ts) from the
 * kit's own copy of this file, never from a run: a lock that two holders can hold at once, or that
 * a crashed holder keeps for ever, and a wrong value weigh most; XFetch, jitter and backoff
 * (tuning) least. A test not listed weighs 1 (behaviour). Names are the tests' own names, as
 * written in this folder; grader/test/weights.test.ts fails when one no longer names a test.
 */
import type { SuiteWeights } from '../../../src/weights.js';

/** Test names by what they protect; grader/rubric.json `technical.weights` says what each kind weighs. */
export const weights = {
  lockSafety: [
    'acquire: one holder at a time across instances',
    'a lock that expired and was taken by another owner is not released by the first',
    'extend keeps the lock for its owner, and only for its owner',
    'release and extend are one atomic command (Lua), not GET then DEL',
    'fencing tokens grow with every acquisition, across instances',
    'a dead lock holder is replaced once its lock expires',
    'fencing: a holder paused past its lock TTL cannot overwrite the newer value',
    'a holder resumed after its lock expired does not release the new holder’s lock',
  ],
  wrongValues: [
    'get: null, undefined, empty string, 0, false and objects are cached values, not misses',
    'get: a 10 MB value round-trips intact',
    'get: keys with ":", "{}", spaces and unicode stay apart, even from lock keys',
  ],
  tuning: [
    'waiting for a lock retries with backoff, not in a busy loop',
    'retryDelayMs grows exponentially to retryMaxMs, with jitter',
    'XFetch: beta = 0 never recomputes before expiry, even on the luckiest draw',
    'XFetch: a large beta recomputes early, in the calling request',
    'XFetch: the decision uses each key’s measured recompute time (delta)',
    'jitter: keys written together expire spread over ttl × (1 ± jitter)',
  ],
} satisfies SuiteWeights;
