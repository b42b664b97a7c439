/**
 * Exercise 1's baseline (the naive code the platform runs today, kept with the grader): the key
 * is whatever string the app built, volatile parts and all, and partitions follow the data type.
 */
import { routeKey } from '../../../../lib/exercises/exercise-1-hit-ratio/legacy-keys.js';
import { CONTENT_KINDS, type ContentKind, type Partition } from '../../../../lib/exercises/exercise-1-hit-ratio/types.js';

/** The naive "normalization": the app's key as it is. */
export function normalizeKey(key: string): string {
  return key;
}

/** Partitions by data type only: four shards in use, posts (half the keys) all on one. */
export function partitionOf(key: string, partitions: number): Partition {
  const item = routeKey(key) ?? key;
  const type = (item.split(':')[2] ?? 'profile') as ContentKind;
  return { type, shard: CONTENT_KINDS.indexOf(type) % partitions };
}
