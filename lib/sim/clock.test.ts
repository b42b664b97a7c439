import { describe, expect, it } from 'vitest';
import { realClock, VirtualClock, VirtualClockStalledError, VirtualTimeLimitError } from './clock.js';

describe('VirtualClock', () => {
  it('advances exactly by the sleeps, and Date.now follows it', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    const seen = await clock.run(async () => {
      const t0 = clock.now();
      const d0 = Date.now();
      await clock.sleep(2);
      await Promise.all([clock.sleep(10), clock.sleep(4)]);
      return { elapsed: clock.now() - t0, date: Date.now() - d0 };
    });
    expect(seen).toEqual({ elapsed: 12, date: 12 });
  });

  it('has whole-millisecond timers: a fractional sleep is cut to its integer part', async () => {
    // fake-timers parses delays with parseInt; the embedded cache's link carries the remainders.
    const clock = new VirtualClock();
    const elapsed = await clock.run(async () => {
      const t0 = clock.now();
      await clock.sleep(1.9);
      return clock.now() - t0;
    });
    expect(elapsed).toBe(1);
  });

  it('reports a stall and a time limit with typed errors', async () => {
    const clock = new VirtualClock();
    await expect(clock.run(() => new Promise<void>(() => undefined))).rejects.toBeInstanceOf(VirtualClockStalledError);
    const forever = async () => {
      for (;;) await clock.sleep(100);
    };
    await expect(clock.run(forever, { limitMs: 1000 })).rejects.toBeInstanceOf(VirtualTimeLimitError);
    // One long sleep past the limit is cut at the limit, not run to its end.
    await expect(clock.run(() => clock.sleep(10_000), { limitMs: 1000 })).rejects.toBeInstanceOf(VirtualTimeLimitError);
    expect(await clock.run(() => clock.sleep(999).then(() => 'done'), { limitMs: 1000 })).toBe('done');
    // A limit past what a timer can hold still lets shorter work finish.
    expect(await clock.run(() => clock.sleep(5000).then(() => 'long'), { limitMs: 2 ** 40 })).toBe('long');
  });

  it('restores the real timers when the work throws synchronously', async () => {
    const clock = new VirtualClock();
    const work = (() => {
      throw new Error('boom');
    }) as unknown as () => Promise<void>;
    await expect(clock.run(work)).rejects.toThrow('boom');
    await new Promise((resolve) => setTimeout(resolve, 1)); // would hang if fake timers stayed
  });

  it('leaves the real clock usable', async () => {
    const t0 = realClock.now();
    await realClock.sleep(1);
    expect(realClock.now()).toBeGreaterThan(t0);
  });
});
