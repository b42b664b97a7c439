import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../sim/clock.js';
import { countingSource, SourceUnavailableError } from './counting.js';

describe('countingSource', () => {
  it('counts calls and concurrent calls, spending the latency on the given clock', async () => {
    const clock = new VirtualClock();
    const source = countingSource((key) => `v:${key}`, { clock, latencyMs: 50 });
    await clock.run(async () => {
      const start = clock.now();
      const values = await Promise.all(Array.from({ length: 10 }, (_, i) => source.load(`k${i}`)));
      expect(values[3]).toBe('v:k3');
      expect(clock.now() - start).toBe(50); // concurrent: one latency, not ten
      expect(source.stats).toEqual({ calls: 10, failures: 0, inFlight: 0, peakInFlight: 10 });
      await source.load('a');
      await source.load('b');
      expect(clock.now() - start).toBe(150);
      expect(source.stats.peakInFlight).toBe(10);
    });
  });

  it('takes the latency per key and adds slow faults to it', async () => {
    const clock = new VirtualClock();
    const source = countingSource(() => 1, {
      clock,
      latencyMs: (key) => (key === 'far' ? 30 : 5),
      fault: (_key, call) => (call === 2 ? { kind: 'slow', extraMs: 100 } : { kind: 'ok' }),
    });
    await clock.run(async () => {
      const t0 = clock.now();
      await source.load('near');
      expect(clock.now() - t0).toBe(5);
      await source.load('far');
      expect(clock.now() - t0).toBe(135);
    });
  });

  it('fails calls the fault plan fails, counts them, and can change plan mid-run', async () => {
    const source = countingSource((key) => key.toUpperCase(), { fault: () => ({ kind: 'fail' }) });
    const error = await source.load('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect((error as SourceUnavailableError).code).toBe('E_SOURCE_UNAVAILABLE');
    expect((error as SourceUnavailableError).key).toBe('x');
    const custom = new Error('boom');
    source.setFault(() => ({ kind: 'fail', error: custom }));
    await expect(source.load('y')).rejects.toBe(custom);
    source.setFault(undefined);
    await expect(source.load('z')).resolves.toBe('Z');
    expect(source.stats).toMatchObject({ calls: 3, failures: 2, inFlight: 0 });
  });

  it('counts a loader that throws as a failure', async () => {
    const source = countingSource(async () => {
      throw new Error('db down');
    });
    await expect(source.load('k')).rejects.toThrow('db down');
    expect(source.stats).toMatchObject({ calls: 1, failures: 1, inFlight: 0 });
  });

  it('resets counters, keeping the peak at what is in flight right now', async () => {
    const clock = new VirtualClock();
    const source = countingSource(() => 0, { clock, latencyMs: 10 });
    await clock.run(async () => {
      await Promise.all([source.load('a'), source.load('b'), source.load('c')]);
      const pending = source.load('d');
      source.resetStats();
      expect(source.stats).toEqual({ calls: 0, failures: 0, inFlight: 1, peakInFlight: 1 });
      await pending;
      expect(source.stats.inFlight).toBe(0);
    });
  });
});
