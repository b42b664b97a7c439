/**
 * What exercise 5's hidden tests protect, read by the grader (grader/src/weights.ts) from the
 * kit's own copy of this file, never from a run: a metric with a wrong value (a rate, a ratio, a
 * delta or a counter that misreads a restart, a gap or a reset, a parsed INFO field cut short)
 * weighs most; asking the server less often (tuning) least. A test not listed weighs 1
 * (behaviour). Names are the tests' own names, as written in this folder;
 * grader/test/weights.test.ts fails when one no longer names a test.
 */
import type { SuiteWeights } from '../../../src/weights.js';

/** Test names by what they protect; grader/rubric.json `technical.weights` says what each kind weighs. */
export const weights = {
  wrongValues: [
    'the window hit ratio weighs each interval by its reads',
    'rates are per second of real interval, whatever the sampling period',
    'the first sample: no previous counters, so every delta is 0 and the hit ratio unknown',
    'a server that goes down and comes back: deltas span the gap, no reset',
    'counters that fall without a new run id (CONFIG RESETSTAT) are a reset too',
    'no traffic at all: nothing is NaN or infinite',
    'Valkey 8.0 (a real reply): its own name and version; values that contain colons stay whole',
    'counters never go down, even across a server restart',
    'real INFO: hits and misses of this interval, memory against maxmemory, maxclients',
  ],
  tuning: ['Redis 6: CONFIG GET maxclients asked once, not on every sample'],
} satisfies SuiteWeights;
