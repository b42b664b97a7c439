import { describe, expect, it } from 'vitest';
import { createSocialTrace, type SocialOp } from './social.js';
import { createSocialKeySpace } from './social-keys.js';
import { hotSetShare } from './hot-set.js';
import { isPeak } from './diurnal.js';
import { toArray } from './trace-io.js';
import { WorkloadOptionError } from './errors.js';

const share = (ops: SocialOp[], keyCount: number) =>
  hotSetShare(
    ops.map((o) => o.key),
    { keyCount },
  ).share;

describe('social trace', () => {
  const ops = toArray(createSocialTrace({ seed: 'social-test', ops: 100_000 }));

  it('makes 5% of the keys draw about 80% of the traffic by default', () => {
    const measured = share(ops, 10_000);
    expect(measured).toBeGreaterThan(0.78);
    expect(measured).toBeLessThan(0.82);
  });

  it('reads 80% of the time by default', () => {
    const reads = ops.filter((o) => o.op === 'read').length / ops.length;
    expect(Math.abs(reads - 0.8)).toBeLessThan(0.01);
  });

  it('follows other hot-set and read-ratio settings', () => {
    const other = toArray(createSocialTrace({ seed: 3, ops: 50_000, keys: 2000, hotKeyShare: 0.1, hotTrafficShare: 0.5, readRatio: 0.3 }));
    const measured = hotSetShare(
      other.map((o) => o.key),
      { keyCount: 2000, keyShare: 0.1 },
    ).share;
    expect(Math.abs(measured - 0.5)).toBeLessThan(0.03);
    expect(Math.abs(other.filter((o) => o.op === 'read').length / other.length - 0.3)).toBeLessThan(0.01);
    const flat = createSocialTrace({ seed: 3, keys: 2000, zipfS: 0 });
    expect(flat.options.zipfS).toBe(0);
  });

  it('describes every operation consistently with its key space', () => {
    const trace = createSocialTrace({ seed: 'social-test', ops: 2000 });
    const space = trace.keySpace;
    for (const op of trace) {
      const index = space.indexOf(op.key);
      expect(index).toBeGreaterThanOrEqual(0);
      expect([op.kind, op.userId, op.size]).toEqual([space.kindAt(index), space.userAt(index), space.sizeAt(index)]);
      expect(op.key.startsWith(`user:${op.userId}:`)).toBe(true);
    }
    expect(new Set(ops.map((o) => o.kind))).toEqual(new Set(['profile', 'post', 'timeline', 'notification']));
  });

  it('sizes values from 1 KiB to 10 MiB, most of them small, a few very large', () => {
    const space = createSocialKeySpace({ keys: 10_000 });
    const sizes = Array.from({ length: space.count }, (_, i) => space.sizeAt(i)).sort((a, b) => a - b);
    expect(sizes[0]).toBeGreaterThanOrEqual(1024);
    expect(sizes.at(-1)).toBeLessThanOrEqual(10 * 1024 * 1024);
    expect(sizes[sizes.length / 2]).toBeLessThan(4096);
    expect(sizes.filter((s) => s >= 100 * 1024).length).toBeGreaterThan(10);
    expect(sizes.filter((s) => s >= 1024 * 1024).length).toBeGreaterThan(0);
  });

  it('streams lazily and gives the same operations on every iteration', () => {
    const huge = createSocialTrace({ seed: 1, ops: 1_000_000_000 });
    const first: SocialOp[] = [];
    for (const op of huge) {
      first.push(op);
      if (first.length === 5) break;
    }
    const again = huge.ops();
    expect(first).toEqual(Array.from({ length: 5 }, () => again.next().value));
  });

  it('keeps time increasing at the configured rate', () => {
    for (let i = 1; i < ops.length; i++) {
      if (ops[i]!.t < ops[i - 1]!.t) throw new Error(`t decreased at op ${i}`);
    }
    // default: starts at 18:00, inside the peak, 50,000 arrivals per second
    const rate = ops.length / (ops.at(-1)!.t / 1000);
    expect(Math.abs(rate / 50_000 - 1)).toBeLessThan(0.02);
  });

  it('moves the hot set to fresh keys at each shift', () => {
    const trace = createSocialTrace({ seed: 4, ops: 100_000, keys: 4000, shiftEveryOps: 50_000 });
    const all = toArray(trace);
    const [before, after] = [all.slice(0, 50_000), all.slice(50_000)];
    expect(new Set(before.map((o) => o.epoch))).toEqual(new Set([0]));
    expect(new Set(after.map((o) => o.epoch))).toEqual(new Set([1]));
    const hot0 = new Set(trace.hotKeys(0));
    const hot1 = new Set(trace.hotKeys(1));
    expect(hot0.size).toBe(200);
    expect([...hot0].filter((k) => hot1.has(k))).toEqual([]);
    const on = (part: SocialOp[], hot: Set<string>) => part.filter((o) => hot.has(o.key)).length / part.length;
    expect(on(before, hot0)).toBeGreaterThan(0.77);
    expect(on(after, hot1)).toBeGreaterThan(0.77);
    expect(on(after, hot0)).toBeLessThan(0.05);
  });

  it('shifts by trace time too', () => {
    const trace = createSocialTrace({ seed: 4, ops: 20_000, ratePerSec: 10_000, peak: false, shiftEveryMs: 500 });
    const all = toArray(trace);
    for (const op of all) expect(op.epoch).toBe(Math.floor(op.t / 500));
    expect(all.at(-1)!.epoch).toBeGreaterThanOrEqual(3);
  });

  it('is busier in the peak window: 3× the rate from 18:00 to 22:00', () => {
    const trace = createSocialTrace({ seed: 5, ops: 100_000, ratePerSec: 5000, dayMs: 24_000, startHour: 0 });
    const all = toArray(trace);
    const peakOps = all.filter((o) => isPeak(o.t, trace.day)).length;
    // a day of 24 s has 4 peak hours at 3× the rate of the other 20: 12/32 of the traffic
    expect(all.at(-1)!.t).toBeGreaterThan(24_000);
    const days = all.at(-1)!.t / 24_000;
    const expectedPeak = (days * 4 * 1000 * 5000) / 1000;
    expect(Math.abs(peakOps / expectedPeak - 1)).toBeLessThan(0.1);
    expect(Math.abs(peakOps / all.length - 12 / 32)).toBeLessThan(0.03);
  });

  it('rejects bad options with an error that names the option', () => {
    expect(() => createSocialTrace({ seed: 1, readratio: 0.5 } as never)).toThrow(
      'social trace: unknown option "readratio"; check the spelling (known options: seed, ops, readRatio,',
    );
    expect(() => createSocialTrace({ seed: 1, readRatio: 1.5 })).toThrow('social trace: option "readRatio" must be a number in [0, 1], got 1.5');
    const bad: [object, string][] = [
      [{ seed: 1, readRatio: 1.5 }, 'readRatio'],
      [{ seed: 1, keys: 0 }, 'keys'],
      [{ seed: 1, ops: -1 }, 'ops'],
      [{ seed: 1, hotTrafficShare: 0.01 }, 'hotTrafficShare'],
      [{ seed: 1, zipfS: 1, hotTrafficShare: 0.8 }, 'zipfS'],
      [{ seed: 1, readratio: 0.5 }, 'readratio'],
      [{}, 'seed'],
      [{ seed: 1, peak: { factor: 0.5 } }, 'peak.factor'],
      [{ seed: 1, minBytes: 2048, maxBytes: 1024 }, 'maxBytes'],
      [{ seed: 1, shiftEveryOps: 10, shiftEveryMs: 10 }, 'shiftEveryMs'],
      [{ seed: 1, startHour: 24 }, 'startHour'],
    ];
    for (const [options, option] of bad) {
      let caught: unknown;
      try {
        createSocialTrace(options as never);
      } catch (error) {
        caught = error;
      }
      expect(caught, JSON.stringify(options)).toBeInstanceOf(WorkloadOptionError);
      expect((caught as WorkloadOptionError).code).toBe('E_WORKLOAD_OPTION');
      expect((caught as WorkloadOptionError).option).toBe(option);
      expect((caught as Error).message).toMatch(new RegExp(`social trace: (option|unknown option) "${option.replace('.', '\\.')}"`));
    }
  });
});

describe('social key space', () => {
  it('round-trips keys and rejects keys outside it', () => {
    const space = createSocialKeySpace({ keys: 100, keyPrefix: 't1:' });
    for (let i = 0; i < 100; i++) expect(space.indexOf(space.keyAt(i))).toBe(i);
    expect(space.keyAt(0)).toBe('t1:user:0:profile');
    expect(space.keyAt(7)).toBe('t1:user:1:timeline');
    expect(space.indexOf('user:0:profile')).toBe(-1);
    expect(space.indexOf('t1:user:99:profile')).toBe(-1);
    expect(space.indexOf('t1:user:01:profile')).toBe(-1);
    expect(() => space.keyAt(100)).toThrow(RangeError);
  });
});
