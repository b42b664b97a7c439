import { describe, expect, it } from 'vitest';
import {
  allocSize,
  bytesToHuman,
  entryBytes,
  isIntEncodable,
  memoryUsage,
  sdsAlloc,
  stringEncoding,
  stringValueBytes,
  tableSize,
  valueBytes,
} from './memory-model.js';

// Expected values are computed by hand from Redis 7's object layout (robj 16 B, sds headers
// 1/3/5/9 B, dictEntry 24 B) and jemalloc's size classes; the MEMORY USAGE ones were also read
// from a real Redis 7.0.15 (see docs/cost-model.md).
describe('jemalloc size classes (16-byte quantum)', () => {
  it.each([
    [1, 8],
    [8, 8],
    [9, 16],
    [21, 32],
    [33, 48],
    [128, 128],
    [129, 160],
    [257, 320],
    [1006, 1024],
    [1030, 1280],
    [4102, 5120],
    [10006, 10240],
    [32774, 40960],
    [100010, 114688],
  ])('a request of %i bytes gets %i', (n, size) => {
    expect(allocSize(n)).toBe(size);
  });
});

describe('sds strings', () => {
  it('uses the 1-byte header for short keys and 3/5/9 bytes as lengths grow', () => {
    expect(sdsAlloc(1, true)).toBe(8); // 1 + 1 + 1
    expect(sdsAlloc(10, true)).toBe(16); // 1 + 10 + 1
    expect(sdsAlloc(32, true)).toBe(48); // 3 + 32 + 1 = 36
    expect(sdsAlloc(200)).toBe(224); // 3 + 200 + 1 = 204
    expect(sdsAlloc(500)).toBe(512); // 5 + 500 + 1 = 506
    expect(sdsAlloc(100_000)).toBe(114_688); // 9 + 100000 + 1
  });
});

describe('string encodings', () => {
  it('chooses int, embstr (≤ 44 bytes) or raw like Redis', () => {
    expect(stringEncoding('12345')).toBe('int');
    expect(stringEncoding('-5')).toBe('int');
    expect(stringEncoding('007')).toBe('embstr');
    expect(stringEncoding('12345678901234567890')).toBe('embstr'); // beyond int64
    expect(isIntEncodable('9223372036854775807')).toBe(true);
    expect(stringEncoding('x'.repeat(44))).toBe('embstr');
    expect(stringEncoding('x'.repeat(45))).toBe('raw');
  });

  it('sizes each encoding', () => {
    expect(stringValueBytes('7')).toBe(16); // robj only
    expect(stringValueBytes('x')).toBe(32); // 16 + 3 + 1 + 1 = 21 → 32
    expect(stringValueBytes('x'.repeat(44))).toBe(64); // 16 + 3 + 44 + 1
    expect(stringValueBytes('x'.repeat(45))).toBe(16 + 64); // robj + (3 + 45 + 1 → 64)
    expect(stringValueBytes(Buffer.alloc(1000))).toBe(16 + 1024);
  });
});

describe('MEMORY USAGE and used_memory per key', () => {
  it.each([
    ['k', 'x', 64],
    ['k', 'x'.repeat(20), 80],
    ['kkkkkkkkkk', 'x'.repeat(100), 168],
    ['k', 'x'.repeat(1000), 1072],
    ['k', 'x'.repeat(1024), 1328],
    ['k'.repeat(31), 'x'.repeat(4096), 5208],
    ['k', 'x'.repeat(45), 112],
    ['k', 'x'.repeat(100_000), 114_736],
    ['int', '10000', 48],
  ])('MEMORY USAGE %s (value of %#) matches Redis 7', (key, value, usage) => {
    expect(memoryUsage(key, value)).toBe(usage);
  });

  it('charges the real dictEntry allocation (32 B, not 24) to used_memory', () => {
    expect(entryBytes('key:1234', 'v'.repeat(1000))).toBe(32 + 16 + 16 + 1024);
    expect(entryBytes('k', 'x') - memoryUsage('k', 'x')).toBe(8);
  });

  it('sizes small hashes as a listpack and large ones as a table', () => {
    const small = valueBytes({ a: '1', b: '2' });
    // robj + listpack: header 7 + 4 entries × (1 byte + 2 overhead) = 19 → 32
    expect(small).toBe(16 + 32);
    const large = valueBytes(Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`f${i}`, 'v'])));
    expect(large).toBeGreaterThan(200 * 32);
  });
});

describe('dict tables and INFO formatting', () => {
  it('grows tables to the next power of two, at least 4', () => {
    expect([0, 1, 4, 5, 8, 9, 10_000].map(tableSize)).toEqual([0, 4, 4, 8, 8, 16, 16_384]);
  });

  it('prints used_memory_human as Redis does', () => {
    expect(bytesToHuman(512)).toBe('512B');
    expect(bytesToHuman(914_576)).toBe('893.14K');
    expect(bytesToHuman(11_968_512)).toBe('11.41M');
    expect(bytesToHuman(3 * 1024 ** 3)).toBe('3.00G');
  });
});
