/**
 * How many bytes Redis 7 spends on a key, modelled on its allocator and object layout so the
 * embedded cache reports `used_memory` and `MEMORY USAGE` close to a real server's.
 *
 * Calibrated on Redis 7.0.15 with jemalloc 5.3.0 (16-byte quantum), see docs/cost-model.md.
 * Strings are exact (MEMORY USAGE matches the real server byte for byte); hashes, lists, sets and
 * sorted sets are approximations of their compact and table encodings.
 */

/** A value as the embedded keyspace stores it (the representation ioredis-mock uses). */
export type StoredValue = string | Buffer | Record<string, unknown> | unknown[] | Set<unknown> | Map<unknown, unknown>;

/** Size of the allocation jemalloc (16-byte quantum) hands out for a request of `n` bytes. */
export function allocSize(n: number): number {
  if (n <= 0) return 0;
  if (n <= 8) return 8;
  if (n <= 128) return Math.ceil(n / 16) * 16;
  // Above 128 bytes jemalloc has four size classes per power of two.
  const group = 2 ** Math.floor(Math.log2(n - 1));
  const spacing = group / 4;
  return Math.ceil(n / spacing) * spacing;
}

/** Header bytes of an sds string of `len` bytes (keys may use the 1-byte sdshdr5). */
function sdsHeader(len: number, allowType5: boolean): number {
  if (len < 32 && allowType5) return 1;
  if (len < 256) return 3;
  if (len < 65_536) return 5;
  if (len < 2 ** 32) return 9;
  return 17;
}

/** Allocation of an sds string of `len` bytes: header + bytes + terminating NUL. */
export function sdsAlloc(len: number, allowType5 = false): number {
  return allocSize(sdsHeader(len, allowType5) + len + 1);
}

/** Size of a Redis object header (`robj`). */
export const ROBJ_BYTES = 16;
/** `sizeof(dictEntry)` as MEMORY USAGE counts it. */
const DICT_ENTRY_BYTES = 24;
/** What a dict entry really takes from jemalloc (24 rounded to the 16-byte quantum). */
export const DICT_ENTRY_ALLOC = allocSize(DICT_ENTRY_BYTES);
/** Longest string Redis stores in one allocation with its object header (`embstr`). */
const EMBSTR_LIMIT = 44;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Byte length of a stored string or buffer. */
function byteLength(value: string | Buffer): number {
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}

/** True when Redis would store `value` with the `int` encoding (a canonical 64-bit integer). */
export function isIntEncodable(value: string | Buffer): boolean {
  const text = typeof value === 'string' ? value : value.toString('latin1');
  if (text.length === 0 || text.length > 20 || !/^-?(0|[1-9][0-9]*)$/.test(text) || text === '-0') return false;
  const n = BigInt(text);
  return n >= INT64_MIN && n <= INT64_MAX;
}

/** The encoding OBJECT ENCODING reports for a string value. */
export function stringEncoding(value: string | Buffer): 'int' | 'embstr' | 'raw' {
  if (isIntEncodable(value)) return 'int';
  return byteLength(value) <= EMBSTR_LIMIT ? 'embstr' : 'raw';
}

/** Bytes allocated for a string value (object header included). */
export function stringValueBytes(value: string | Buffer): number {
  const len = byteLength(value);
  switch (stringEncoding(value)) {
    case 'int':
      return ROBJ_BYTES;
    case 'embstr':
      return allocSize(ROBJ_BYTES + 3 + len + 1);
    case 'raw':
      return ROBJ_BYTES + sdsAlloc(len);
  }
}

function elementBytes(element: unknown): number {
  if (typeof element === 'string' || Buffer.isBuffer(element)) return byteLength(element);
  return Buffer.byteLength(String(element));
}

// A listpack entry costs its bytes plus a length prefix and a back-length of 1-2 bytes each.
function listpackBytes(elements: unknown[]): number {
  let total = 7; // header (6) + end marker (1)
  for (const e of elements) {
    const len = elementBytes(e);
    total += len + (len < 64 ? 2 : len < 4096 ? 4 : 10);
  }
  return allocSize(total);
}

const COMPACT_MAX_ENTRIES = 128;
const COMPACT_MAX_VALUE = 64;

function fitsCompact(elements: unknown[]): boolean {
  return elements.length <= COMPACT_MAX_ENTRIES && elements.every((e) => elementBytes(e) <= COMPACT_MAX_VALUE);
}

// A table encoding: one dict entry per element plus its sds strings and the bucket array.
function tableBytes(entries: number, perEntry: number): number {
  return ROBJ_BYTES + allocSize(96) /* dict struct */ + entries * (DICT_ENTRY_ALLOC + perEntry) + 8 * tableSize(entries);
}

/** Bytes allocated for any stored value (object header included). Approximate for non-strings. */
export function valueBytes(value: StoredValue): number {
  if (typeof value === 'string' || Buffer.isBuffer(value)) return stringValueBytes(value);
  if (Array.isArray(value)) {
    // quicklist of listpack nodes; one node per 8 KiB
    const lp = listpackBytes(value);
    return ROBJ_BYTES + allocSize(48) + Math.ceil(lp / 8192) * allocSize(32) + lp;
  }
  if (value instanceof Set) {
    const members = [...value];
    if (fitsCompact(members)) return ROBJ_BYTES + listpackBytes(members);
    return tableBytes(members.length, 0) + members.reduce<number>((s, m) => s + sdsAlloc(elementBytes(m)), 0);
  }
  if (value instanceof Map) {
    const flat = [...value.entries()].flat();
    if (fitsCompact(flat)) return ROBJ_BYTES + listpackBytes(flat);
    // skiplist node (~48 bytes) and a dict entry per member, as Redis's zset pairs them
    return tableBytes(value.size, allocSize(48)) + [...value.keys()].reduce<number>((s, m) => s + sdsAlloc(elementBytes(m)), 0);
  }
  const flat = Object.entries(value).flat();
  if (fitsCompact(flat)) return ROBJ_BYTES + listpackBytes(flat);
  return tableBytes(flat.length / 2, 0) + flat.reduce<number>((s, e) => s + sdsAlloc(elementBytes(e)), 0);
}

/** Bytes of a key's sds string in the main dict. */
export function keyBytes(key: string): number {
  return sdsAlloc(Buffer.byteLength(key), true);
}

/** What `MEMORY USAGE key` reports on Redis 7 for this key and value. */
export function memoryUsage(key: string, value: StoredValue): number {
  return valueBytes(value) + keyBytes(key) + DICT_ENTRY_BYTES;
}

/** What storing this key and value adds to `used_memory` (the dict's bucket array is separate). */
export function entryBytes(key: string, value: StoredValue): number {
  return valueBytes(value) + keyBytes(key) + DICT_ENTRY_ALLOC;
}

/** Buckets of a Redis dict holding `used` entries once it has grown to fit them (0 when empty). */
export function tableSize(used: number): number {
  if (used <= 0) return 0;
  return Math.max(4, 2 ** Math.ceil(Math.log2(used)));
}

/** `bytesToHuman` from Redis: 512B, 1.50K, 3.00M, … as INFO prints `used_memory_human`. */
export function bytesToHuman(n: number): string {
  const units = ['K', 'M', 'G', 'T', 'P'];
  if (n < 1024) return `${n}B`;
  let d = n / 1024;
  let i = 0;
  while (d >= 1024 && i < units.length - 1) {
    d /= 1024;
    i++;
  }
  return `${d.toFixed(2)}${units[i]}`;
}
