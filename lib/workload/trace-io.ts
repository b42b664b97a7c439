/**
 * Turning a trace into bytes: JSON lines (one operation per line, fields in the generator's
 * order), their sha256, and a bounded `toArray` for small traces. The hash is how a test proves
 * that the same seed gives a byte-identical trace on every run and every machine.
 */
import { createHash } from 'node:crypto';

/** The JSON line of each operation (no trailing newline). */
export function* toJsonLines<T>(trace: Iterable<T>): Generator<string> {
  for (const op of trace) yield JSON.stringify(op);
}

/** sha256 (hex) of the trace as JSON lines, each ended by '\n'; streams, so any length works. */
export function traceSha256(trace: Iterable<unknown>): string {
  const hash = createHash('sha256');
  for (const line of toJsonLines(trace)) hash.update(`${line}\n`);
  return hash.digest('hex');
}

/**
 * Collects a trace into an array. Refuses more than `limit` operations (default 1,000,000) so a
 * large trace is streamed rather than held in memory by accident.
 */
export function toArray<T>(trace: Iterable<T>, limit = 1_000_000): T[] {
  const out: T[] = [];
  for (const op of trace) {
    if (out.length >= limit) {
      throw new RangeError(`toArray: the trace has more than ${limit} operations; iterate it instead, or pass a larger limit`);
    }
    out.push(op);
  }
  return out;
}
