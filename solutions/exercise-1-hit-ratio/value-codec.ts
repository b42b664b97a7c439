/**
 * Exercise 1, part 2 (reference solution): compact values. A stored value is one tag byte and
 * the payload: `0` raw UTF-8 (small values, where compression would not pay), `1` raw deflate
 * (node:zlib), which keeps the social platform's JSON text at 30–56% of its size.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { CorruptValueError } from '../../lib/exercises/exercise-1-hit-ratio/errors.js';

const RAW = 0;
const DEFLATE = 1;
/** Below this many bytes deflate's framing costs more than it saves. */
const MIN_COMPRESS_BYTES = 128;

/** The bytes to store for `value`. */
export function encodeValue(value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length >= MIN_COMPRESS_BYTES) {
    const packed = deflateRawSync(bytes);
    if (packed.length < bytes.length) return Buffer.concat([Buffer.of(DEFLATE), packed]);
  }
  return Buffer.concat([Buffer.of(RAW), bytes]);
}

/** The value `encodeValue` stored as `stored`; throws CorruptValueError for anything else. */
export function decodeValue(stored: Buffer): string {
  if (!Buffer.isBuffer(stored) || stored.length === 0) throw new CorruptValueError('it is empty');
  const payload = stored.subarray(1);
  switch (stored[0]) {
    case RAW:
      return payload.toString('utf8');
    case DEFLATE:
      try {
        return inflateRawSync(payload).toString('utf8');
      } catch (error) {
        throw new CorruptValueError('the deflate stream is damaged', { cause: error });
      }
    default:
      throw new CorruptValueError(`unknown format tag ${stored[0]}`);
  }
}
