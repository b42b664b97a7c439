/** Exercise 1's baseline: every value cached as the source returns it. */

/** The value's bytes, as they are. */
export function encodeValue(value: string): Buffer {
  return Buffer.from(value, 'utf8');
}

/** The stored bytes as text. */
export function decodeValue(stored: Buffer): string {
  return stored.toString('utf8');
}
