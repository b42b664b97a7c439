import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AIRPORT_DATA_DEFAULTS, generateAirportData, resolveAirportOptions } from './generate.js';
import { airportCounts, airportDataHash, insertBatches } from './sql.js';
import { airportJson, readAirportJson } from './files.js';

/** The data hash of the default data set; it changes only when the generator's output does. */
const GOLDEN_DATA_HASH = 'a750c26c4d5f15bef75e42978060de37b6931c30f56cf7e8e74cf247a8c7928f';

describe('airport data generator', () => {
  const data = generateAirportData();
  const counts = airportCounts(data);

  it('generates the pinned default data set (same rows on every machine)', () => {
    expect(counts.passengers).toBe(50_000);
    expect(counts.flights).toBe(5_000);
    expect(airportDataHash(data)).toBe(GOLDEN_DATA_HASH);
  });

  it('spreads bookings realistically: several per passenger, a long tail, a few with none', () => {
    const per = Array.from(data.bookingsPerPassenger.subarray(1));
    const mean = counts.bookings / counts.passengers;
    expect(mean).toBeGreaterThan(5.5);
    expect(mean).toBeLessThan(6.5);
    const none = per.filter((n) => n === 0).length / per.length;
    expect(none).toBeGreaterThan(0.01);
    expect(none).toBeLessThan(0.02);
    expect(Math.max(...per)).toBeLessThanOrEqual(40);
    expect(per.filter((n) => n >= 20).length).toBeGreaterThan(100);
    expect(per.reduce((a, b) => a + b, 0)).toBe(counts.bookings);
  });

  it('keeps every reference valid and passport numbers unique', () => {
    const { booking, flight, airplane, airline, passenger } = data;
    let bad = 0;
    const perPassenger = new Uint32Array(counts.passengers + 1);
    for (let i = 0; i < counts.bookings; i++) {
      const p = booking.passengerId[i]!;
      const f = booking.flightId[i]!;
      if (p < 1 || p > counts.passengers || f < 1 || f > counts.flights) bad++;
      perPassenger[p]!++;
      const seats = airplane.capacity[flight.airplaneId[f - 1]! - 1]!;
      if (booking.seatRow[i]! < 1 || (booking.seatRow[i]! - 1) * 6 >= seats) bad++;
      if (booking.priceCents[i]! < 4900 || booking.priceCents[i]! > 199_999) bad++;
    }
    for (let i = 0; i < counts.flights; i++) {
      if (flight.from[i] === flight.to[i] || flight.arrival[i]! <= flight.departure[i]!) bad++;
      if (flight.airlineId[i] !== airplane.airlineId[flight.airplaneId[i]! - 1]) bad++;
    }
    expect(bad).toBe(0);
    expect(perPassenger).toEqual(data.bookingsPerPassenger);
    expect(new Set(passenger.passportno).size).toBe(counts.passengers);
    expect(Math.max(...airline.baseAirport)).toBeLessThanOrEqual(data.airport.iata.length);
  });

  it('is deterministic per options and changes with the seed', () => {
    const small = { passengers: 300, flights: 40 };
    expect(airportDataHash(generateAirportData(small))).toBe(airportDataHash(generateAirportData(small)));
    expect(airportDataHash(generateAirportData({ ...small, seed: 'other' }))).not.toBe(airportDataHash(generateAirportData(small)));
  });

  it('rejects bad options naming them', () => {
    expect(() => generateAirportData({ passengers: 0 })).toThrow('option "passengers" must be an integer');
    expect(() => generateAirportData({ flights: 1.5 })).toThrow('option "flights"');
    expect(() => resolveAirportOptions({ seed: '' })).toThrow('option "seed"');
    expect(resolveAirportOptions()).toEqual(AIRPORT_DATA_DEFAULTS);
  });

  it("renders batched INSERTs with names quoted (O'Brien)", () => {
    const small = generateAirportData({ passengers: 2000, flights: 50 });
    const batches = [...insertBatches(small, 500)];
    expect(batches.every((b) => b.rows <= 500)).toBe(true);
    expect(batches.filter((b) => b.table === 'passenger').map((b) => b.rows)).toEqual([500, 500, 500, 500]);
    const passengerSql = batches
      .filter((b) => b.table === 'passenger')
      .map((b) => b.sql)
      .join('\n');
    expect(passengerSql).toContain("'O''Brien'");
    expect(batches.find((b) => b.table === 'flight')!.sql).toMatch(/^INSERT INTO flight \(flight_id, flightno, `from`, `to`/);
  });
});

describe('airport.json', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cachelab-airport-json-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const options = resolveAirportOptions({ passengers: 500, flights: 30 });
  const data = generateAirportData(options);
  const hash = airportDataHash(data);
  const file = path.join(dir, 'airport.json');
  writeFileSync(file, airportJson(data, hash));

  it('round-trips to the same data set', () => {
    const read = readAirportJson(file, options);
    expect(read?.hash).toBe(hash);
    expect(airportDataHash(read!.data)).toBe(hash);
    expect(read!.data.bookingsPerPassenger).toEqual(data.bookingsPerPassenger);
  });

  it('is ignored when missing, truncated, from another generator version or for other options', () => {
    expect(readAirportJson(path.join(dir, 'missing.json'), options)).toBeUndefined();
    const truncated = path.join(dir, 'truncated.json');
    writeFileSync(truncated, airportJson(data, hash).slice(0, 1000));
    expect(readAirportJson(truncated, options)).toBeUndefined();
    const old = path.join(dir, 'old.json');
    writeFileSync(old, airportJson(data, hash).replace('"generatorVersion":1', '"generatorVersion":0'));
    expect(readAirportJson(old, options)).toBeUndefined();
    expect(readAirportJson(file, resolveAirportOptions({ passengers: 501, flights: 30 }))).toBeUndefined();
  });
});
