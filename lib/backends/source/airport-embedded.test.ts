import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmbeddedAirportStore } from './airport-embedded.js';
import { bookingsKey, bookingsSource, passengerIdOfKey } from './airport-store.js';
import { FIXTURES_DIR } from './airport/files.js';
import type { AirportSample } from './airport/files.js';
import { VirtualClock } from '../../sim/clock.js';

const sample: AirportSample = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'airport-sample.json'), 'utf8'));

describe('embedded airport store', () => {
  it('answers the read query as recorded in the committed sample (300 passengers)', async () => {
    const store = createEmbeddedAirportStore();
    expect(sample.passengers.length).toBe(300);
    for (const p of sample.passengers) {
      const row = await store.getPassengerBookings(p.passenger_id);
      if (p.booking_count === 0) expect(row).toBeNull();
      else expect(row).toEqual({ firstname: p.firstname, lastname: p.lastname, booking_count: p.booking_count });
    }
    expect(await store.passengerIds()).toEqual({ first: 1, last: sample.counts.passengers, count: sample.counts.passengers });
    expect(await store.flightIds()).toEqual({ first: 1, last: sample.counts.flights, count: sample.counts.flights });
  });

  it('counts a new booking in the next read, and keeps writes to itself', async () => {
    const a = createEmbeddedAirportStore();
    const b = createEmbeddedAirportStore();
    const p = sample.passengers.find((x) => x.booking_count > 0)!;
    const id = await a.insertBooking(1, p.passenger_id);
    expect(id).toBe(sample.counts.bookings + 1);
    expect(await a.insertBooking(2, p.passenger_id)).toBe(id + 1);
    expect((await a.getPassengerBookings(p.passenger_id))!.booking_count).toBe(p.booking_count + 2);
    expect((await b.getPassengerBookings(p.passenger_id))!.booking_count).toBe(p.booking_count);
  });

  it('turns a passenger without bookings into a row after the first booking', async () => {
    const store = createEmbeddedAirportStore();
    const p = sample.passengers.find((x) => x.booking_count === 0)!;
    expect(await store.getPassengerBookings(p.passenger_id)).toBeNull();
    await store.insertBooking(10, p.passenger_id);
    expect(await store.getPassengerBookings(p.passenger_id)).toEqual({ firstname: p.firstname, lastname: p.lastname, booking_count: 1 });
  });

  it('answers null for an unknown passenger and rejects bookings for unknown ids', async () => {
    const store = createEmbeddedAirportStore();
    expect(await store.getPassengerBookings(999_999)).toBeNull();
    await expect(store.insertBooking(1, 999_999)).rejects.toMatchObject({ code: 'E_NO_SUCH_PASSENGER', passengerId: 999_999 });
    await expect(store.insertBooking(999_999, 1)).rejects.toMatchObject({ code: 'E_NO_SUCH_FLIGHT', flightId: 999_999 });
    await expect(store.getPassengerBookings(0)).rejects.toMatchObject({ code: 'E_INVALID_ID' });
    await expect(store.getPassengerBookings('7' as never)).rejects.toThrow('passengerId must be a positive integer, got "7"');
  });

  it('refuses use after close', async () => {
    const store = createEmbeddedAirportStore();
    await store.close();
    await expect(store.getPassengerBookings(1)).rejects.toMatchObject({ code: 'E_SOURCE_CLOSED' });
  });

  it('serves small data sets generated in memory when no file matches', async () => {
    const store = createEmbeddedAirportStore({ passengers: 100, flights: 10 });
    expect(store.origin).toBe('generated');
    expect(await store.passengerIds()).toEqual({ first: 1, last: 100, count: 100 });
  });
});

describe('bookings source', () => {
  it('maps bookings:{id} to the row and counts calls on the clock', async () => {
    const clock = new VirtualClock();
    const store = createEmbeddedAirportStore();
    const source = bookingsSource(store, { clock, latencyMs: 20 });
    const p = sample.passengers.find((x) => x.booking_count > 0)!;
    await clock.run(async () => {
      const t0 = clock.now();
      const rows = await Promise.all([source.load(bookingsKey(p.passenger_id)), source.load(bookingsKey(p.passenger_id))]);
      expect(rows[0]).toEqual({ firstname: p.firstname, lastname: p.lastname, booking_count: p.booking_count });
      expect(clock.now() - t0).toBe(20);
    });
    expect(source.stats).toMatchObject({ calls: 2, failures: 0, peakInFlight: 2 });
  });

  it('rejects keys that are not bookings:{id}', async () => {
    const source = bookingsSource(createEmbeddedAirportStore());
    await expect(source.load('user:1')).rejects.toMatchObject({ code: 'E_BAD_SOURCE_KEY' });
    await expect(source.load('bookings:0')).rejects.toThrow('expected "bookings:{passenger_id}", e.g. "bookings:42"');
    expect(source.stats.failures).toBe(2);
    expect(passengerIdOfKey('bookings:123')).toBe(123);
  });
});
