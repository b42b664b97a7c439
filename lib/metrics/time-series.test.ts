import { describe, expect, it } from 'vitest';
import { TimeSeries } from './time-series.js';

const T0 = 1_764_081_507_000; // the seed's sample second, in ms

describe('TimeSeries', () => {
  it('buckets by the unix second an operation started in, across second boundaries', () => {
    const s = new TimeSeries();
    s.record(T0 + 0, 100, 'cache_hit');
    s.record(T0 + 999.9, 300, 'cache_miss');
    s.record(T0 + 1000, 50, 'write');
    s.record(T0 + 2500, 7, 'read');
    expect(s.seconds()).toEqual([1_764_081_507, 1_764_081_508, 1_764_081_509]);
    expect(s.toJSON()).toEqual({
      '1764081507': { count: 2, total_time_us: 400, avg_time_us: 200, min_time_us: 100, max_time_us: 300, reads: 0, writes: 0, cache_hits: 1, cache_misses: 1 },
      '1764081508': { count: 1, total_time_us: 50, avg_time_us: 50, min_time_us: 50, max_time_us: 50, reads: 0, writes: 1, cache_hits: 0, cache_misses: 0 },
      '1764081509': { count: 1, total_time_us: 7, avg_time_us: 7, min_time_us: 7, max_time_us: 7, reads: 1, writes: 0, cache_hits: 0, cache_misses: 0 },
    });
  });

  it("has exactly the seed's fields, with avg = total / count rounded to 2 decimals", () => {
    const s = new TimeSeries();
    for (const us of [89, 100.5, 118_364]) s.record(T0 + 10, us, 'cache_hit');
    const bucket = s.toJSON()['1764081507']!;
    expect(Object.keys(bucket)).toEqual([
      'count',
      'total_time_us',
      'avg_time_us',
      'min_time_us',
      'max_time_us',
      'reads',
      'writes',
      'cache_hits',
      'cache_misses',
    ]);
    expect(bucket.total_time_us).toBe(118_553.5);
    expect(bucket.avg_time_us).toBe(39_517.83); // 118553.5 / 3 = 39517.8333…
    expect([bucket.min_time_us, bucket.max_time_us]).toEqual([89, 118_364]);
  });

  it('merges second by second, equal to one series fed both', () => {
    const a = new TimeSeries();
    const b = new TimeSeries();
    const both = new TimeSeries();
    const feed = (ts: TimeSeries, t: number, us: number, kind: 'write' | 'cache_hit') => {
      ts.record(t, us, kind);
      both.record(t, us, kind);
    };
    feed(a, T0 + 10, 500, 'cache_hit');
    feed(a, T0 + 1500, 20, 'write');
    feed(b, T0 + 900, 10, 'write');
    feed(b, T0 + 3000, 1, 'cache_hit');
    a.merge(b);
    expect(a.toJSON()).toEqual(both.toJSON());
    const c = new TimeSeries();
    c.merge(JSON.parse(JSON.stringify(both)));
    expect(c.toJSON()).toEqual(both.toJSON());
  });

  it('rebuilds from JSON and names the bad field of a broken file', () => {
    const s = new TimeSeries();
    s.record(T0, 10, 'write');
    expect(TimeSeries.fromJSON(s.toJSON()).toJSON()).toEqual(s.toJSON());
    const broken = { '1764081507': { ...s.toJSON()['1764081507']!, cache_hits: 'x' } } as never;
    expect(() => TimeSeries.fromJSON(broken)).toThrow(/second 1764081507: field "cache_hits"/);
    expect(() => TimeSeries.fromJSON({ yesterday: s.toJSON()['1764081507']! })).toThrow(/"yesterday" is not a unix second/);
  });

  it('rejects a bad duration, timestamp or kind', () => {
    const s = new TimeSeries();
    expect(() => s.record(T0, -1, 'write')).toThrow(expect.objectContaining({ code: 'E_BAD_LATENCY' }));
    expect(() => s.record(Number.NaN, 1, 'write')).toThrow(expect.objectContaining({ code: 'E_BAD_LATENCY' }));
    expect(() => s.record(T0, 1, 'hit' as never)).toThrow(expect.objectContaining({ code: 'E_BAD_SERIES_KIND' }));
    expect(s.seconds()).toEqual([]);
  });
});
