/**
 * Exercise 1, part 1: cache key design. One normalized, hierarchical key per item of the social
 * platform, whatever app built the legacy key, and the partition each item belongs to.
 * Read README.md, "1. Keys" and "3. Partitions" first. Hints: `npm run hint exercise-1 normalizeKey`
 * and `npm run hint exercise-1 partitionOf`.
 */
import type { Partition } from '../../lib/exercises/exercise-1-hit-ratio/types.js';

/**
 * The normalized key of `key`: `user:{id}:profile`, `user:{id}:timeline`,
 * `user:{id}:notifications` or `user:{id}:post:{n}`, for every way an app writes the same item.
 * - Unicode NFKC first (full-width letters and digits, composed and decomposed accents), then
 *   trim the whitespace around the key and around each part.
 * - Everything from the first `?` is volatile (cache busters, app versions, locales): drop it.
 * - The parts are separated by `/` when the key contains one (web: `/users/42/posts/1`), else by
 *   `:`. `user`/`users`, `profile`, `timeline`, `notifications`/`notification` and `post`/`posts`
 *   ignore letter case; ids do not (they are the platform's, opaque).
 * - Ids are percent-decoded (`%3A` is a `:` inside an id) and written back with `%`, `:`, `/`,
 *   `?`, `#` and whitespace percent-encoded, so two different ids never share a key.
 * - A post number is written without leading zeros (`posts/01` → `post:1`).
 * Throws InvalidKeyError (lib/exercises/exercise-1-hit-ratio/errors.ts) for anything else.
 */
export function normalizeKey(key: string): string {
  // TODO: implement normalizeKey (hints: `npm run hint exercise-1 normalizeKey`).
  throw new Error(`TODO: normalizeKey(${JSON.stringify(key)}) is not implemented yet → npm run hint exercise-1 normalizeKey`);
}

/**
 * Where the item of `key` (any form normalizeKey accepts) lives: its data type, and a shard in
 * [0, partitions) chosen from the user id alone, so that a user's items share a shard and users
 * spread evenly over the shards whatever their ids look like.
 */
export function partitionOf(key: string, partitions: number): Partition {
  // TODO: implement partitionOf (hints: `npm run hint exercise-1 partitionOf`).
  throw new Error(`TODO: partitionOf(${JSON.stringify(key)}, ${partitions}) is not implemented yet → npm run hint exercise-1 partitionOf`);
}
