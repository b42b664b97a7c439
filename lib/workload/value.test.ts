import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { valueBytesFor, valueFor } from './value.js';

describe('valueFor', () => {
  it('returns exactly `size` ASCII bytes for any size', () => {
    for (const size of [0, 1, 10, 60, 1024, 4097, 100_000]) {
      const bytes = valueBytesFor('user:3:post:1', 2, size);
      expect(bytes.length).toBe(size);
      expect(bytes.every((b) => b >= 0x20 && b < 0x7f)).toBe(true);
      expect(valueFor('user:3:post:1', 2, size).length).toBe(size);
    }
  });

  it('is deterministic per key and version, and differs across them', () => {
    const a = valueFor('user:1:profile', 0, 4096);
    expect(valueFor('user:1:profile', 0, 4096)).toBe(a);
    expect(valueFor('user:1:profile', 1, 4096)).not.toBe(a);
    expect(valueFor('user:2:profile', 0, 4096)).not.toBe(a);
  });

  it('is JSON naming its key and version when large enough', () => {
    const parsed = JSON.parse(valueFor('user:5:timeline', 7, 2048));
    expect(parsed.key).toBe('user:5:timeline');
    expect(parsed.version).toBe(7);
    expect(typeof parsed.body).toBe('string');
  });

  it('compresses by the documented amount: ≈30% for large values, worse for small ones', () => {
    const ratio = (size: number) => deflateSync(valueBytesFor('user:9:post:2', 1, size)).length / size;
    const large = ratio(1024 * 1024);
    expect(large).toBeGreaterThan(0.25);
    expect(large).toBeLessThan(0.35);
    expect(ratio(65_536)).toBeLessThan(0.36);
    expect(ratio(1024)).toBeGreaterThan(large + 0.1);
  });

  it('rejects a bad size or version', () => {
    expect(() => valueFor('k', 0, -1)).toThrow(/size must be an integer/);
    expect(() => valueFor('k', 0.5, 10)).toThrow(/version must be an integer/);
  });
});
