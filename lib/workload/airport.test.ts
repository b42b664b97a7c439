import { describe, expect, it } from 'vitest';
import { AIRPORT_DEFAULTS, createAirportTrace } from './airport.js';
import { toArray } from './trace-io.js';
import { WorkloadOptionError } from './errors.js';

describe('airport trace', () => {
  it('draws only from a pool of 10,000 passengers in pool mode', () => {
    const trace = createAirportTrace({ seed: 1, ops: 40_000 });
    expect(trace.pool.length).toBe(AIRPORT_DEFAULTS.poolSize);
    expect(new Set(trace.pool).size).toBe(10_000);
    expect(Math.min(...trace.pool)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...trace.pool)).toBeLessThanOrEqual(50_000);
    const pool = new Set(trace.pool);
    const seen = new Set<number>();
    for (const op of trace) {
      expect(pool.has(op.passengerId)).toBe(true);
      seen.add(op.passengerId);
    }
    expect(seen.size).toBeLessThanOrEqual(10_000);
    expect(seen.size).toBeGreaterThan(9000); // 40,000 draws from 10,000 reach ≈98% of them
  });

  it('draws from all passengers in random mode', () => {
    const ops = toArray(createAirportTrace({ seed: 1, ops: 40_000, mode: 'random' }));
    const seen = new Set(ops.map((o) => o.passengerId));
    // 40,000 uniform draws from 50,000 reach 50,000·(1 − e^−0.8) ≈ 27,500 passengers
    expect(Math.abs(seen.size - 27_534)).toBeLessThan(500);
    expect(Math.max(...seen)).toBeLessThanOrEqual(50_000);
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(1);
  });

  it('reads at the read ratio and books flights in range', () => {
    const ops = toArray(createAirportTrace({ seed: 2, ops: 20_000, readRatio: 0.6, flights: 300 }));
    expect(Math.abs(ops.filter((o) => o.op === 'read').length / ops.length - 0.6)).toBeLessThan(0.015);
    expect(ops.every((o) => o.flightId >= 1 && o.flightId <= 300)).toBe(true);
  });

  it('gives workers the same pool but different operations', () => {
    const a = createAirportTrace({ seed: 3, ops: 100, worker: 0 });
    const b = createAirportTrace({ seed: 3, ops: 100, worker: 1 });
    expect(b.pool).toEqual(a.pool);
    expect(toArray(b)).not.toEqual(toArray(a));
  });

  it('rejects bad options with an error that names the option', () => {
    const bad: [object, string][] = [
      [{ seed: 1, mode: 'hot' }, 'mode'],
      [{ seed: 1, readRatio: -0.1 }, 'readRatio'],
      [{ seed: 1, passengers: 100, poolSize: 200 }, 'poolSize'],
      [{ seed: 1, flights: 0 }, 'flights'],
      [{ seed: 1, threads: 4 }, 'threads'],
      [{ seed: '' }, 'seed'],
    ];
    for (const [options, option] of bad) {
      expect(() => createAirportTrace(options as never), option).toThrow(WorkloadOptionError);
      expect(() => createAirportTrace(options as never)).toThrow(new RegExp(`airport trace: (unknown )?option "${option}"`));
    }
  });
});
