/**
 * The offline optimum of exercise 1's trace: Belady's MIN (L. Belady, "A study of replacement
 * algorithms for a virtual-storage computer", IBM Systems Journal 5(2), 1966), the textbook
 * algorithm that knows the whole trace and, when the cache is full, evicts the entry whose next
 * read lies farthest in the future. Written by hand: it is a dozen lines over a known trace and no
 * maintained library offers it.
 *
 * Two adaptations, so that it bounds what this exercise's techniques can reach:
 * - values have sizes, and exact OPT with sizes is NP-hard; the standard extension (Berger,
 *   Beckmann, Harchol-Balter, SIGMETRICS 2018, "Belady-Size") evicts the entry with the largest
 *   (distance to next read × bytes), which for equal sizes is exactly MIN;
 * - it may insert for free what a perfect implementation of this exercise would: the warm-up list
 *   before the trace, a written item's new value, and a session's timeline and notifications at
 *   its login. Everything else is loaded on demand, like any cache-aside read.
 * Entries are sized as Redis 7 stores them (memory-model.ts) with values compressed by deflate.
 */
import { deflateRawSync } from 'node:zlib';
import { DICT_ENTRY_ALLOC, keyBytes, ROBJ_BYTES, sdsAlloc } from '../../../sim/memory-model.js';
import { valueFor } from '../../../workload/value.js';
import { KEYS_PER_USER } from '../../../workload/social-keys.js';
import { routeKey } from '../legacy-keys.js';
import type { Exercise1Trace } from './trace.js';

/** What the optimum achieves on a trace. */
export interface OptimumResult {
  hitRatio: number;
  hits: number;
  reads: number;
}

const NEVER = Number.MAX_SAFE_INTEGER;
// An entry with a TTL also sits in the expires dict; 16 bytes cover both dicts' bucket arrays.
const PER_ENTRY = DICT_ENTRY_ALLOC * 2 + 16;

/** Bytes one item takes in Redis with its value deflated (what the reference solution stores). */
function entrySize(trace: Exercise1Trace, item: string, sizes: Map<string, number>): number {
  let bytes = sizes.get(item);
  if (bytes === undefined) {
    const space = trace.social.keySpace;
    const stored = 1 + deflateRawSync(Buffer.from(valueFor(item, 0, space.sizeAt(space.indexOf(item))))).length;
    bytes = ROBJ_BYTES + sdsAlloc(stored) + keyBytes(item) + PER_ENTRY;
    sizes.set(item, bytes);
  }
  return bytes;
}

/** One access of the optimum's sequence: a read (counted) or a free insert (warm-up, write, preload). */
export interface Access {
  item: string;
  read: boolean;
  /** Bytes the item takes in the cache. */
  bytes: number;
}

/**
 * Belady's MIN over `accesses` with `budgetBytes`: on a read the item is a hit if cached; after
 * any access the item is kept, and while the cache is over budget the entry with the largest
 * (distance to its next read × bytes) goes. With `bypass` (the default, what a cache may do) the
 * accessed item itself may be the one that goes, and an item never read again is not stored;
 * without it, as in paging, the accessed item always stays.
 */
export function minHits(accesses: readonly Access[], budgetBytes: number, { bypass = true } = {}): OptimumResult {
  // nextRead[i]: index of the next read of accesses[i].item after i.
  const nextRead = new Array<number>(accesses.length);
  const upcoming = new Map<string, number>();
  for (let i = accesses.length - 1; i >= 0; i--) {
    nextRead[i] = upcoming.get(accesses[i]!.item) ?? NEVER;
    if (accesses[i]!.read) upcoming.set(accesses[i]!.item, i);
  }
  const cached = new Map<string, { bytes: number; next: number }>();
  let used = 0;
  let hits = 0;
  let reads = 0;
  for (let i = 0; i < accesses.length; i++) {
    const { item, read, bytes } = accesses[i]!;
    const entry = cached.get(item);
    if (read) {
      reads++;
      if (entry) hits++;
    }
    if (entry) {
      used -= entry.bytes;
      cached.delete(item);
    }
    if (bytes > budgetBytes || (bypass && nextRead[i] === NEVER)) continue; // never read again: keeping it can only cost
    cached.set(item, { bytes, next: nextRead[i]! });
    used += bytes;
    while (used > budgetBytes) {
      let victim = '';
      let worst = -1;
      for (const [k, e] of cached) {
        if (!bypass && k === item) continue;
        const score = (e.next - i) * e.bytes;
        if (score > worst) {
          worst = score;
          victim = k;
        }
      }
      used -= cached.get(victim)!.bytes;
      cached.delete(victim);
    }
  }
  return { hitRatio: reads === 0 ? NaN : (100 * hits) / reads, hits, reads };
}

/** Belady's MIN (size-aware, with the exercise's free inserts) on `trace` with `budgetBytes` of data. */
export function beladyOptimum(trace: Exercise1Trace, budgetBytes: number): OptimumResult {
  const sizes = new Map<string, number>();
  const accesses: Access[] = [];
  const add = (item: string, read: boolean) => accesses.push({ item, read, bytes: entrySize(trace, item, sizes) });
  for (const key of trace.popular) {
    const item = routeKey(key);
    if (item) add(item, false);
  }
  const space = trace.social.keySpace;
  for (const op of trace.ops) {
    if (op.op === 'login') {
      for (const slot of [1, 2]) add(space.keyAt(op.userId * KEYS_PER_USER + slot), false);
    } else {
      add(op.item, op.op === 'read');
    }
  }
  return minHits(accesses, budgetBytes);
}
