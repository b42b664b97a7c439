/**
 * What exercise 2's hidden tests protect, read by the grader (grader/src/weights.ts) from the
 * kit's own copy of this file, never from a run: a value that does not round-trip (data loss) and
 * a read that returns damaged, foreign, reordered or outdated data (wrong values) weigh most;
 * round trips, connection reuse and byte counts (tuning) least. A test not listed weighs 1
 * (behaviour). Names are the tests' own names, as written in this folder;
 * grader/test/weights.test.ts fails when one no longer names a test.
 */
import type { SuiteWeights } from '../../../src/weights.js';

/** Test names by what they protect; grader/rubric.json `technical.weights` says what each kind weighs. */
export const weights = {
  dataLoss: [
    'awkward values round-trip exactly through write and read, on another instance too',
    'implementCompression: below the threshold data is kept as it is, above it shrinks; decompress restores both',
    'incompressible data grows by a small header at most, and round-trips',
  ],
  wrongValues: [
    'a stored value cut short or with one byte flipped never reads back as other data',
    'foreign values (text, JSON, empty, random bytes) read as E_CORRUPT_VALUE or a miss',
    'decompress and deserialize refuse bytes they did not produce with E_CORRUPT_VALUE',
    'a write on one instance drops the local copies of every other instance',
    'every read that starts after a write completes sees it, over 60 mixed operations on 3 instances',
    'a read in flight while another instance writes does not keep the old value locally',
    'readMany keeps the order, repeats duplicates and gives undefined for missing keys, in one round trip',
  ],
  tuning: [
    'optimizeSerialization: binary data costs its bytes, not JSON’s array of numbers, and it does not compress',
    '300 concurrent reads share the optimizer’s connections: no new connection per request',
    'a timeline of 50 posts costs one round trip, and much less time than 50 sequential GETs',
    'a second read of a key is served locally: no round trip',
  ],
} satisfies SuiteWeights;
