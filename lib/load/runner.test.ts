import { describe, expect, it } from 'vitest';
import { realClock } from '../sim/clock.js';
import { runDeterministic } from './deterministic.js';
import { Barrier, replay, runTogether, type OpOutcome } from './runner.js';

const ORIGIN_SECOND = Date.UTC(2026, 0, 1) / 1000; // the virtual clock's default epoch

describe('replay on the virtual clock', () => {
  it('gives exact latency, duration and throughput for a handler that sleeps a known time', async () => {
    const result = await runDeterministic(1, (clock) =>
      replay({
        ops: [10, 20, 30, 40],
        concurrency: 2,
        clock,
        handle: async (ms) => {
          await clock.sleep(ms);
          return { kind: 'read', hit: ms <= 20 };
        },
      }),
    );
    // Worker 0: 10 then 30 (ends at 40); worker 1: 20 then 40 (ends at 60).
    expect(result.durationMs).toBe(60);
    expect(result.latency).toEqual({ count: 4, meanMs: 25, minMs: 10, maxMs: 40, p50Ms: 20, p95Ms: 40, p99Ms: 40 });
    expect(result.throughput).toBeCloseTo(4 / 0.06, 10);
    expect(result).toMatchObject({ ops: 4, errors: 0, reads: 4, writes: 0, hits: 2, misses: 2, hitRatio: 0.5, peakInFlight: 2 });
  });

  it('buckets the series by the second each operation started in', async () => {
    const result = await runDeterministic(2, (clock) =>
      replay({
        ops: ['hit', 'miss', 'write', 'read'] as const,
        concurrency: 1,
        clock,
        handle: async (op): Promise<OpOutcome> => {
          await clock.sleep(600);
          if (op === 'write') return { kind: 'write' };
          return op === 'read' ? { kind: 'read' } : { kind: 'read', hit: op === 'hit' };
        },
      }),
    );
    // Starts at 0, 600, 1200, 1800 ms: two per second.
    const bucket = { count: 2, total_time_us: 1_200_000, avg_time_us: 600_000, min_time_us: 600_000, max_time_us: 600_000 };
    expect(result.series).toEqual({
      [ORIGIN_SECOND]: { ...bucket, reads: 0, writes: 0, cache_hits: 1, cache_misses: 1 },
      [ORIGIN_SECOND + 1]: { ...bucket, reads: 1, writes: 1, cache_hits: 0, cache_misses: 0 },
    });
    expect(result).toMatchObject({ reads: 3, writes: 1, hits: 1, misses: 1, hitRatio: 0.5 });
  });

  it('respects concurrency: peak in flight equals the worker count, and worker ids stay in range', async () => {
    let inFlight = 0;
    let peak = 0;
    const workers = new Set<number>();
    const result = await runDeterministic(3, (clock) =>
      replay({
        ops: Array.from({ length: 100 }, (_, i) => i),
        concurrency: 7,
        clock,
        handle: async (i, worker) => {
          workers.add(worker);
          peak = Math.max(peak, ++inFlight);
          await clock.sleep(1 + (i % 5));
          inFlight -= 1;
          return { kind: 'write' };
        },
      }),
    );
    expect(peak).toBe(7);
    expect(result.peakInFlight).toBe(7);
    expect([...workers].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(result.ops).toBe(100);
    expect(result.latency.count).toBe(100);
  });

  it('never runs more workers than there are operations', async () => {
    const result = await runDeterministic(4, (clock) =>
      replay({ ops: [1, 2, 3], concurrency: 50, clock, handle: async (ms) => (await clock.sleep(ms), { kind: 'write' }) }),
    );
    expect(result.peakInFlight).toBe(3);
    expect(result.durationMs).toBe(3);
  });

  it('pulls from an async iterable lazily', async () => {
    let pulled = 0;
    async function* trace() {
      for (let i = 0; i < 6; i++) {
        pulled += 1;
        yield i;
      }
    }
    const result = await runDeterministic(5, (clock) =>
      replay({ ops: trace(), concurrency: 3, clock, handle: async () => (await clock.sleep(5), { kind: 'read', hit: true }) }),
    );
    expect(pulled).toBe(6);
    expect(result).toMatchObject({ ops: 6, hits: 6, hitRatio: 1, durationMs: 10 });
  });

  it('counts errors instead of throwing, keeps the first few messages and the first error', async () => {
    const todo = new Error('TODO: implement getOrLoad()');
    const result = await runDeterministic(6, (clock) =>
      replay({
        ops: Array.from({ length: 30 }, (_, i) => i),
        concurrency: 4,
        clock,
        keepErrors: 3,
        handle: async (i) => {
          await clock.sleep(1);
          if (i === 0) throw todo;
          if (i % 3 === 0) throw new Error(`boom ${i}`);
          if (i === 1) return undefined as never; // a bad outcome is an error too
          return { kind: 'write' };
        },
      }),
    );
    expect(result.errors).toBe(11); // 0, 3, 6, …, 27 (10) and the bad outcome of op 1
    expect(result.ops).toBe(30);
    expect(result.latency.count).toBe(19);
    expect(result.firstError).toBe(todo);
    expect(result.errorMessages).toHaveLength(3);
    expect(result.errorMessages[0]).toBe('TODO: implement getOrLoad()');
    expect(result.errorMessages).toContain("handle() must resolve to { kind: 'read' | 'write', hit?: boolean }, got undefined.");
  });

  it('reports NaN figures when every operation failed', async () => {
    const result = await runDeterministic(7, (clock) =>
      replay({ ops: [1, 2], concurrency: 1, clock, handle: async () => { throw new Error('TODO: x'); } }),
    );
    expect(result).toMatchObject({ ops: 2, errors: 2, hitRatio: NaN, throughput: NaN, series: {} });
    expect(result.latency.meanMs).toBeNaN();
  });
});

describe('replay on the real clock', () => {
  it('counts every operation and keys the series by the current unix second', async () => {
    const before = Math.floor(Date.now() / 1000);
    const result = await replay({
      ops: Array.from({ length: 20 }, (_, i) => i),
      concurrency: 4,
      clock: realClock,
      handle: async (i) => (await realClock.sleep(1), i % 2 ? { kind: 'write' } : { kind: 'read', hit: false }),
    });
    const after = Math.floor(Date.now() / 1000);
    expect(result).toMatchObject({ ops: 20, errors: 0, reads: 10, writes: 10, misses: 10, hitRatio: 0 });
    expect(result.latency.count).toBe(20);
    const seconds = Object.keys(result.series).map(Number);
    expect(seconds.every((s) => s >= before && s <= after)).toBe(true);
    expect(Object.values(result.series).reduce((n, b) => n + b.count, 0)).toBe(20);
  });
});

describe('bad options', () => {
  it('rejects a concurrency that is not a whole number >= 1 and ops that are not iterable', async () => {
    const base = { ops: [1], clock: realClock, handle: async () => ({ kind: 'write' as const }) };
    await expect(replay({ ...base, concurrency: 0 })).rejects.toMatchObject({ code: 'E_BAD_REPLAY_OPTIONS', message: expect.stringContaining('concurrency') });
    await expect(replay({ ...base, concurrency: 1.5 })).rejects.toMatchObject({ code: 'E_BAD_REPLAY_OPTIONS' });
    await expect(replay({ ...base, ops: 42 as never, concurrency: 1 })).rejects.toThrow(/Iterable or an AsyncIterable/);
  });
});

describe('runTogether and Barrier', () => {
  it('starts no caller before every caller exists, and settles each one separately', async () => {
    let allCreated = false;
    const sawAllCreated: boolean[] = [];
    const pending = runTogether(5, async (caller) => {
      sawAllCreated.push(allCreated);
      if (caller === 2) throw new Error('caller 2 failed');
      return caller * 10;
    });
    allCreated = true; // runTogether has returned: every caller is created, none has run yet
    const results = await pending;
    expect(sawAllCreated).toEqual([true, true, true, true, true]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason.message))).toEqual([0, 10, 'caller 2 failed', 30, 40]);
  });

  it('holds early arrivals until the last party arrives', async () => {
    const barrier = new Barrier(3);
    const order: string[] = [];
    const a = barrier.wait().then(() => order.push('a'));
    const b = barrier.wait().then(() => order.push('b'));
    await Promise.resolve();
    order.push('before third');
    await Promise.all([a, b, barrier.wait()]);
    expect(order).toEqual(['before third', 'a', 'b']);
    expect(() => new Barrier(0)).toThrow(/parties must be a whole number >= 1/);
  });
});
