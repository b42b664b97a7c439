/**
 * What exercise 1's hidden tests protect, read by the grader (grader/src/weights.ts) from the
 * kit's own copy of this file, never from a run: a value that does not come back intact (data
 * loss) and a read that returns an outdated value, garbage or another item's value (wrong values)
 * weigh most; round trips, concurrency and spread (tuning) least. A test not listed weighs 1
 * (behaviour). Names are the tests' own names, as written in this folder;
 * grader/test/weights.test.ts fails when one no longer names a test.
 */
import type { SuiteWeights } from '../../../src/weights.js';

/** Test names by what they protect; grader/rubric.json `technical.weights` says what each kind weighs. */
export const weights = {
  dataLoss: [
    'encodeValue/decodeValue: any string comes back intact',
    'encodeValue/decodeValue: a 10 MiB value round-trips, stored in less than 40% of its size',
    'read: a 10 MiB item round-trips through the cache intact and is stored compressed',
  ],
  wrongValues: [
    'read/write across instances and apps: never an outdated value, and reads after writes hit',
    'decodeValue: empty or damaged bytes are refused with E_CORRUPT_VALUE, never returned as garbage',
    'normalizeKey: the case of type names does not matter, the case of ids does',
    'normalizeKey: separators inside ids are escaped, so different ids never share a key',
  ],
  tuning: [
    'encodeValue: social values shrink, more so when large (1 KiB < 75%, 64 KiB < 40%)',
    'warmCache: asks the cache about 200 keys in a few round trips, not 200',
    'warmCache: loads concurrently, never more than warmConcurrency at a time',
    'partitionOf: structured ids (all multiples of 8) still spread evenly over 8 shards',
    'partitionOf: string ids (handles, UUID-like) spread evenly over 8 shards',
  ],
} satisfies SuiteWeights;
