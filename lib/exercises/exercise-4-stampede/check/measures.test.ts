/** The counting rules behind exercise 4's figures, on hand-made call logs. */
import { describe, expect, test } from 'vitest';
import { duplicates, outageCallBound } from './faults.js';
import { scenarioParams } from './params.js';
import { distinctExpiries } from './peak-hour.js';
import type { SourceCall } from './world.js';

const call = (key: string, start: number, end: number | undefined, instance = 0): SourceCall => ({ key, instance, version: 0, start, end, ok: true });

describe('distinctExpiries', () => {
  test('a reload within half a TTL of the previous load is a stampede, not a new expiry', () => {
    const calls = [call('a', 0, 50), call('a', 10, 60), call('b', 0, 50), call('a', 500, 550), call('a', 520, 560)];
    // gap 400: a@0 new, a@10 dup, b@0 new, a@500 new, a@520 dup
    expect(distinctExpiries(calls, 0, 400)).toBe(3);
  });

  test('calls before `from` (the warm-up) count as previous loads but not as expiries', () => {
    const calls = [call('a', 0, 50), call('a', 100, 150), call('a', 600, 650)];
    expect(distinctExpiries(calls, 1, 400)).toBe(1);
  });
});

describe('duplicates', () => {
  test('a load that starts while another instance is loading the same key is a duplicate', () => {
    expect(duplicates([call('a', 0, 100, 0), call('a', 50, 150, 1), call('b', 50, 80, 1)], [])).toBe(1);
  });

  test('loads that only follow each other, or overlap a paused or dead holder, are not', () => {
    expect(duplicates([call('a', 0, 100), call('a', 100, 200)], [])).toBe(0);
    expect(duplicates([call('a', 0, undefined, 0), call('a', 50, 80, 1)], [{ instance: 0, from: 0, to: Infinity }])).toBe(0);
    expect(duplicates([call('a', 0, 300, 0), call('a', 250, 280, 1)], [{ instance: 0, from: 0, to: 200 }])).toBe(1);
  });
});

describe('parameters', () => {
  test('the outage bound allows the threshold, in-flight keys and one probe per cool-down, per instance', () => {
    const { faults } = scenarioParams({ seed: 1, scale: 1, backend: 'embedded' });
    expect(outageCallBound({ ...faults, instances: 2, failureThreshold: 5, outageKeys: 3, outageMs: 1000, cooldownMs: 300 })).toBe(2 * (4 + 3 + 4 + 1));
  });

  test('scale multiplies callers and keys; a bad scale is refused with its value', () => {
    const one = scenarioParams({ seed: 1, scale: 1, backend: 'embedded' });
    const two = scenarioParams({ seed: 1, scale: 2, backend: 'embedded' });
    expect(two.hotKey.callers).toBe(2 * one.hotKey.callers);
    expect(two.peakHour.keys).toBe(2 * one.peakHour.keys);
    expect(() => scenarioParams({ seed: 1, scale: 0, backend: 'embedded' })).toThrow(/scale must be a positive number, got 0/);
  });
});
