/**
 * Exercise 1, part 2: compact values. What the cache stores for a value, and back. The social
 * platform's values are JSON text of 1 KiB to 10 MiB that compresses well (README.md, "2. Memory").
 * Hints: `npm run hint exercise-1 encodeValue`.
 */

/**
 * The bytes to store for `value` (any string, '' included). Make them small: compress what
 * compression shrinks (node:zlib), keep small values as they are, and record which you did so
 * decodeValue can tell.
 */
export function encodeValue(value: string): Buffer {
  // TODO: implement encodeValue (hints: `npm run hint exercise-1 encodeValue`).
  throw new Error(`TODO: encodeValue (a ${value.length}-character value) is not implemented yet → npm run hint exercise-1 encodeValue`);
}

/**
 * The value that `encodeValue` turned into `stored`. Throws CorruptValueError
 * (lib/exercises/exercise-1-hit-ratio/errors.ts) for bytes encodeValue did not produce.
 */
export function decodeValue(stored: Buffer): string {
  // TODO: implement decodeValue.
  throw new Error(`TODO: decodeValue (${stored.length} bytes) is not implemented yet → npm run hint exercise-1 encodeValue`);
}
