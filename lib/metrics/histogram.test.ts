import { describe, expect, it } from 'vitest';
import { EXACT_LIMIT, LatencyHistogram } from './histogram.js';

/** 1, 2, …, n milliseconds. */
function oneToN(n: number): LatencyHistogram {
  const h = new LatencyHistogram();
  for (let i = 1; i <= n; i++) h.recordMs(i);
  return h;
}

describe('LatencyHistogram', () => {
  it('gives nearest-rank percentiles, mean, min and max of 1..100 ms', () => {
    // Nearest rank: p50 of 100 values is the 50th value, p95 the 95th, p99 the 99th.
    expect(oneToN(100).summary()).toEqual({ count: 100, meanMs: 50.5, minMs: 1, maxMs: 100, p50Ms: 50, p95Ms: 95, p99Ms: 99 });
  });

  it('gives the rank rounded up for a set that does not divide evenly', () => {
    // 10 values: p50 → rank 5, p95 → rank ceil(9.5) = 10, p99 → rank ceil(9.9) = 10.
    const h = new LatencyHistogram();
    for (const ms of [0.3, 0.1, 0.5, 0.2, 0.4, 0.9, 0.6, 0.8, 0.7, 1.0]) h.recordMs(ms);
    const s = h.summary();
    expect([s.p50Ms, s.p95Ms, s.p99Ms]).toEqual([0.5, 1, 1]);
    expect(s.meanMs).toBeCloseTo(0.55, 12);
    expect([s.minMs, s.maxMs]).toEqual([0.1, 1]);
  });

  it('reads back a constant large latency exactly (beyond HDR bucket resolution)', () => {
    // 12,345.678 ms sits in a bucket 8 µs wide; clamping to the exact max keeps it exact.
    const h = new LatencyHistogram();
    for (let i = 0; i < 7; i++) h.recordMs(12_345.678);
    const s = h.summary();
    expect([s.meanMs, s.minMs, s.maxMs, s.p50Ms, s.p99Ms]).toEqual([12_345.678, 12_345.678, 12_345.678, 12_345.678, 12_345.678]);
  });

  it("gives exact percentiles for a virtual-clock mix above HDR's exact range", () => {
    // 95 × 50 ms and 5 × 200 ms: p95 is the 95th value, exactly 50 ms (HDR alone says 50.015).
    const h = new LatencyHistogram();
    for (let i = 0; i < 95; i++) h.recordMs(50);
    for (let i = 0; i < 5; i++) h.recordMs(200);
    expect(h.summary()).toEqual({ count: 100, meanMs: 57.5, minMs: 50, maxMs: 200, p50Ms: 50, p95Ms: 50, p99Ms: 200 });
  });

  it(`falls back to HDR past ${EXACT_LIMIT} distinct values, within 0.1%`, () => {
    const n = EXACT_LIMIT + 1000;
    const h = new LatencyHistogram();
    for (let i = 1; i <= n; i++) h.recordMs(i * 37.1);
    const within = (got: number, want: number) => expect(Math.abs(got / want - 1)).toBeLessThanOrEqual(0.001);
    within(h.percentileMs(50), Math.ceil(n * 0.5) * 37.1);
    within(h.percentileMs(99), Math.ceil(n * 0.99) * 37.1);
    expect(h.toJSON().exact).toBeNull();
    expect(h.summary().maxMs).toBe(n * 37.1);
  });

  it('merges in HDR mode equal to one histogram fed both', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    const both = new LatencyHistogram();
    for (let i = 1; i <= EXACT_LIMIT + 10; i++) {
      a.recordMs(i * 0.7);
      both.recordMs(i * 0.7);
      b.recordMs(5000 + i);
      both.recordMs(5000 + i);
    }
    a.merge(LatencyHistogram.fromJSON(JSON.parse(JSON.stringify(b.toJSON()))));
    const [got, want] = [a.summary(), both.summary()];
    expect({ ...got, meanMs: 0 }).toEqual({ ...want, meanMs: 0 });
    expect(got.meanMs).toBeCloseTo(want.meanMs, 9); // float sums in another order
  });

  it('merging two histograms equals one histogram fed both', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    const both = new LatencyHistogram();
    for (let i = 1; i <= 60; i++) {
      a.recordMs(i * 1.5);
      both.recordMs(i * 1.5);
    }
    for (let i = 1; i <= 40; i++) {
      b.recordMs(i * 250);
      both.recordMs(i * 250);
    }
    a.merge(b);
    expect(a.summary()).toEqual(both.summary());
    expect(a.count).toBe(100);
  });

  it('survives serialization (as posted from a worker thread) and merges from it', () => {
    const worker = oneToN(100);
    const wire = JSON.parse(JSON.stringify(worker.toJSON()));
    const main = new LatencyHistogram();
    main.recordMs(1000);
    main.merge(wire);
    const expected = oneToN(100);
    expected.recordMs(1000);
    expect(main.summary()).toEqual(expected.summary());
    expect(LatencyHistogram.fromJSON(wire).summary()).toEqual(oneToN(100).summary());
  });

  it('reports NaN figures when empty and round-trips an empty histogram', () => {
    const h = new LatencyHistogram();
    expect(h.summary()).toEqual({ count: 0, meanMs: NaN, minMs: NaN, maxMs: NaN, p50Ms: NaN, p95Ms: NaN, p99Ms: NaN });
    const copy = LatencyHistogram.fromJSON(h.toJSON());
    expect(copy.count).toBe(0);
    const other = oneToN(3);
    other.merge(h);
    expect(other.summary()).toEqual(oneToN(3).summary());
  });

  it('forgets everything on reset', () => {
    const h = oneToN(10);
    h.reset();
    h.recordMs(4);
    expect(h.summary()).toMatchObject({ count: 1, meanMs: 4, p99Ms: 4 });
  });

  it('rejects negative or non-finite latencies and bad serialized data with a code', () => {
    const h = new LatencyHistogram();
    expect(() => h.recordMs(-1)).toThrow(expect.objectContaining({ code: 'E_BAD_LATENCY' }));
    expect(() => h.recordMs(Number.NaN)).toThrow(expect.objectContaining({ code: 'E_BAD_LATENCY' }));
    expect(h.count).toBe(0);
    expect(() => LatencyHistogram.fromJSON({ count: 1 } as never)).toThrow(expect.objectContaining({ code: 'E_BAD_SERIALIZED_METRIC' }));
    const wire = oneToN(5).toJSON();
    expect(() => LatencyHistogram.fromJSON({ ...wire, hdr: 'not base64 hdr' })).toThrow(expect.objectContaining({ code: 'E_BAD_SERIALIZED_METRIC' }));
    expect(() => LatencyHistogram.fromJSON({ ...wire, count: 6 })).toThrow(/count 6 but its HDR data holds 5/);
  });
});
