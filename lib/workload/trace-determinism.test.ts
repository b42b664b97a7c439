/**
 * DONE-WHEN of issue 2: same seed → byte-identical trace. Traces are serialized as JSON lines and
 * hashed; the golden hashes catch any change to the generators (or to the RNG, Zipf sampler,
 * value sizes) on any machine. If a change is intended, every calibrated figure moves with it:
 * update the hashes here and re-run the calibrations.
 */
import { describe, expect, it } from 'vitest';
import { createSocialTrace } from './social.js';
import { createAirportTrace } from './airport.js';
import { toArray, toJsonLines, traceSha256 } from './trace-io.js';

const GOLDEN = {
  social: '2280e62aedda800364f044004979a1960c0eb92cb56478e99d6aaffb50d1c98e',
  socialShifting: '000d804b7e9282c01b9a30786e26024e5686e28b83fb106c75805d863e2d35d9',
  airport: 'd9cb0a6b9c85261638cc1a6980611a9b459cc9201af950381dfe80594a5d7614',
  airportRandom: '0cd9cc3d47b2fe446f39ccb662adcfbf29ec73b8b61d4acacd0c733ecc4963c7',
};

describe('trace determinism', () => {
  it('gives byte-identical social traces for the same seed (two independent runs)', () => {
    const run = () => [...toJsonLines(createSocialTrace({ seed: 99, ops: 20_000 }))].join('\n');
    const a = run();
    const b = run();
    expect(a.length).toBeGreaterThan(1_000_000);
    expect(b).toBe(a);
    expect(traceSha256(createSocialTrace({ seed: 99, ops: 20_000 }))).toBe(traceSha256(createSocialTrace({ seed: 99, ops: 20_000 })));
  });

  it('gives different traces for different seeds', () => {
    const social = (seed: number) => traceSha256(createSocialTrace({ seed, ops: 5000 }));
    const airport = (seed: number) => traceSha256(createAirportTrace({ seed, ops: 5000 }));
    expect(social(1)).not.toBe(social(2));
    expect(airport(1)).not.toBe(airport(2));
  });

  it('gives byte-identical airport traces for the same seed', () => {
    const a = traceSha256(createAirportTrace({ seed: 'x', ops: 20_000, mode: 'random' }));
    expect(traceSha256(createAirportTrace({ seed: 'x', ops: 20_000, mode: 'random' }))).toBe(a);
  });

  it('matches the golden sha256 of small traces, so a generator change is caught on any machine', () => {
    expect(traceSha256(createSocialTrace({ seed: 'golden', ops: 1000 }))).toBe(GOLDEN.social);
    expect(traceSha256(createSocialTrace({ seed: 'golden', ops: 1000, keys: 5000, shiftEveryOps: 300, dayMs: 60_000, startHour: 17.99 }))).toBe(
      GOLDEN.socialShifting,
    );
    expect(traceSha256(createAirportTrace({ seed: 'golden', ops: 1000 }))).toBe(GOLDEN.airport);
    expect(traceSha256(createAirportTrace({ seed: 'golden', ops: 1000, mode: 'random', worker: 2 }))).toBe(GOLDEN.airportRandom);
  });

  it('serializes operations with their fields in a fixed order', () => {
    const [first] = toArray(createSocialTrace({ seed: 'golden', ops: 1 }));
    expect(Object.keys(first!)).toEqual(['op', 'key', 'kind', 'size', 'userId', 't', 'epoch']);
    const [booking] = toArray(createAirportTrace({ seed: 'golden', ops: 1 }));
    expect(Object.keys(booking!)).toEqual(['op', 'passengerId', 'flightId']);
  });

  it('refuses to collect a trace longer than the limit into an array', () => {
    expect(() => toArray(createAirportTrace({ seed: 1, ops: 11 }), 10)).toThrow(/more than 10 operations; iterate it instead/);
  });
});
