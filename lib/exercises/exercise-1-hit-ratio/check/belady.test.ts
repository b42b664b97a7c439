/** Belady's MIN as the load check computes it: the textbook answer for equal sizes, free inserts, sizes. */
import { describe, expect, test } from 'vitest';
import { minHits, type Access } from './belady.js';

const reads = (items: (string | number)[], bytes = 1): Access[] => items.map((i) => ({ item: String(i), read: true, bytes }));

describe("Belady's MIN", () => {
  test('the textbook example: 20 references, 3 frames, 9 faults (Silberschatz, Operating System Concepts)', () => {
    const refs = [7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1];
    expect(minHits(reads(refs), 3, { bypass: false })).toEqual({ hits: 11, reads: 20, hitRatio: 55 });
    // A cache may decline to store: not storing the 7 of reference 1 (read again only at 18) saves a fault.
    expect(minHits(reads(refs), 3).hits).toBe(12);
  });

  test('a free insert (warm-up, write, preload) turns the next read into a hit', () => {
    const accesses: Access[] = [{ item: 'a', read: false, bytes: 1 }, ...reads(['a', 'b', 'a'])];
    expect(minHits(accesses, 2).hits).toBe(2);
  });

  test('with sizes, one large entry read once more is given up for many small ones read again', () => {
    const accesses: Access[] = [
      { item: 'big', read: true, bytes: 8 },
      ...reads(['s1', 's2', 's3', 's4']),
      ...reads(['s1', 's2', 's3', 's4']),
      { item: 'big', read: true, bytes: 8 },
    ];
    expect(minHits(accesses, 8).hits).toBe(4);
  });

  test('an entry larger than the budget is never cached, and an empty trace has no ratio', () => {
    expect(minHits(reads(['x', 'x'], 10), 5).hits).toBe(0);
    expect(minHits([], 5).hitRatio).toBeNaN();
  });
});
