/** Exercise 3's measurements on hand-made inputs: detection scoring, staleness, concentration, balance. */
import { describe, expect, test } from 'vitest';
import { DetectionScore, loadRatio, StalenessTracker, topAccesses } from './measures.js';

describe('DetectionScore', () => {
  test('forgives keys near the threshold, counts clear mistakes', () => {
    const score = new DetectionScore();
    const counts = new Map([
      ['hot', 100],
      ['warm', 12],
      ['near', 14],
      ['cold', 4],
    ]); // threshold 10
    score.add(['hot', 'warm', 'cold', 'not-even-seen'], counts, 10);
    // allowed: count ≥ 5 (hot, warm, near); required: count ≥ 15 (hot).
    expect(score.precision()).toBe(50); // hot and warm of 4 reported
    expect(score.recall()).toBe(100);
    score.add([], counts, 10);
    expect(score.recall()).toBe(50); // hot missed the second time
    expect(score.samples).toBe(2);
  });

  test('nothing reported means precision 0; nothing required means recall 100', () => {
    const score = new DetectionScore();
    score.add([], new Map([['a', 1]]), 10);
    expect(score.precision()).toBe(0);
    expect(score.recall()).toBe(100);
  });

  test('a key reported twice counts once', () => {
    const score = new DetectionScore();
    score.add(['hot', 'hot'], new Map([['hot', 50]]), 10);
    expect([score.reported, score.correct]).toEqual([1, 1]);
  });
});

describe('StalenessTracker', () => {
  test('a read is stale when it misses a write that completed more than the bound before it began', () => {
    const t = new StalenessTracker(100);
    const v1 = t.nextValue('k', 0);
    t.written('k', v1.version, 1);
    t.read('k', 'k#0', 50); // 49 ms behind v1: within the bound
    t.read('k', 'k#0', 102); // 101 ms behind v1
    t.read('k', 'k#1', 500);
    expect([t.reads, t.stale, t.worstMs]).toEqual([3, 1, 101]);
    expect(t.firstProblem).toMatch(/"k" returned version 0 101 ms after a newer write/);
  });

  test('writes that overlapped in time may land in either order', () => {
    const t = new StalenessTracker(10);
    const a = t.nextValue('k', 0);
    const b = t.nextValue('k', 0); // started before a completed
    t.written('k', b.version, 1);
    t.written('k', a.version, 2);
    t.read('k', 'k#1', 1_000); // the server ran b first, then a: a is the last value
    expect(t.stale).toBe(0);
    const c = t.nextValue('k', 5); // started after a completed: surely newer than a
    t.written('k', c.version, 6);
    t.read('k', 'k#1', 1_000);
    expect(t.stale).toBe(1);
  });

  test('a read of a write still in flight is fresh; a value never written is a problem', () => {
    const t = new StalenessTracker(10);
    const a = t.nextValue('k', 0);
    t.read('k', `k#${a.version}`, 1);
    expect(t.stale).toBe(0);
    t.read('k', null, 2);
    t.read('k', 'other#1', 3);
    expect(t.stale).toBe(2);
    expect(t.firstProblem).toMatch(/returned null, which was never written/);
  });
});

describe('traffic shape', () => {
  test('topAccesses sums the most accessed keys', () => {
    expect(
      topAccesses(
        new Map([
          ['a', 5],
          ['b', 80],
          ['c', 15],
        ]),
        1,
      ),
    ).toEqual({ top: 80, total: 100 });
    expect(topAccesses(new Map(), 3)).toEqual({ top: 0, total: 0 });
  });

  test('loadRatio is the busiest node over the mean', () => {
    expect(loadRatio([10, 10, 10])).toBe(1);
    expect(loadRatio([30, 0, 0])).toBe(3);
    expect(loadRatio([0, 0])).toBeNaN();
  });
});
