/**
 * Deterministic values for the social platform: the bytes of `key` at `version`, `size` bytes
 * long, the same on every machine. A value is ASCII JSON text (`{"key":…,"version":…,"body":"…"}`)
 * whose body is words drawn from a fixed 256-word vocabulary, so it compresses like real text and,
 * like real text, large values compress better than small ones (the coder must learn the words
 * first). Measured with node:zlib defaults, compressed/original: deflate ≈ 56% at 1 KiB, ≈ 42% at
 * 4 KiB, ≈ 31% at 64 KiB, ≈ 30% from 1 MiB up (gzip the same + 18 bytes); brotli ≈ 22% from
 * 1 MiB up. ASCII means the string's length is its size in bytes. 10 MiB takes ≈ 50 ms to build.
 */
import { createRng, hash32 } from './rng.js';

const VOCABULARY: readonly Buffer[] = (() => {
  const rng = createRng('cachelab-vocabulary-v1');
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const words = new Set<string>();
  while (words.size < 256) {
    const length = 2 + rng.int(8);
    let word = '';
    for (let i = 0; i < length; i++) word += letters[rng.int(26)];
    words.add(word);
  }
  return [...words].map((w) => Buffer.from(`${w} `, 'latin1'));
})();

function fillWords(target: Buffer, start: number, end: number, seed: string): void {
  const rng = createRng(hash32(seed));
  let at = start;
  let bits = 0;
  let left = 0;
  while (at < end) {
    if (left === 0) {
      bits = rng.int(4294967296); // one draw yields four 8-bit word choices
      left = 4;
    }
    const word = VOCABULARY[bits & 0xff]!;
    bits >>>= 8;
    left--;
    at += word.copy(target, at, 0, Math.min(word.length, end - at));
  }
}

/** The value of `key` at `version` as bytes; see the module comment. */
export function valueBytesFor(key: string, version: number, size: number): Buffer {
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`valueFor: size must be an integer ≥ 0, got ${size}`);
  if (!Number.isInteger(version) || version < 0) throw new RangeError(`valueFor: version must be an integer ≥ 0, got ${version}`);
  const out = Buffer.allocUnsafe(size);
  const head = `{"key":${JSON.stringify(key)},"version":${version},"body":"`;
  const tail = '"}';
  const seed = `${key}#${version}`;
  if (size < Buffer.byteLength(head) + tail.length) {
    fillWords(out, 0, size, seed); // too small for the JSON frame: plain words
    return out;
  }
  const bodyStart = out.write(head, 0, 'utf8');
  fillWords(out, bodyStart, size - tail.length, seed);
  out.write(tail, size - tail.length, 'latin1');
  return out;
}

/** The value of `key` at `version` as an ASCII string of exactly `size` characters (= bytes). */
export function valueFor(key: string, version: number, size: number): string {
  return valueBytesFor(key, version, size).toString('latin1');
}
