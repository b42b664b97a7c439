/**
 * The embedded airport store: the fixture data in process memory, answering exactly as the
 * seeds' SQL does on MySQL. It reads fixtures/generated/airport.json when that file is current,
 * and otherwise generates the same data in memory, so students need no setup at all.
 */
import path from 'node:path';
import { generateAirportData, resolveAirportOptions, type AirportData, type AirportDataOptions } from './airport/generate.js';
import { GENERATED_DIR, readAirportJson } from './airport/files.js';
import { checkId, type AirportStore, type BookingRow, type IdRange } from './airport-store.js';
import { NoSuchFlightError, NoSuchPassengerError, SourceClosedError } from './errors.js';

/** Options of {@link createEmbeddedAirportStore}. */
export interface EmbeddedAirportOptions extends AirportDataOptions {
  /** Folder holding airport.json. Default fixtures/generated. */
  dir?: string;
}

/** An embedded store; `origin` says whether the data came from airport.json or the generator. */
export interface EmbeddedAirportStore extends AirportStore {
  readonly origin: 'file' | 'generated';
}

// The data is immutable and the same for equal options: build it once per process.
const cache = new Map<string, { data: AirportData; origin: 'file' | 'generated' }>();

function baseData(options: EmbeddedAirportOptions): { data: AirportData; origin: 'file' | 'generated' } {
  const { dir = GENERATED_DIR, ...rest } = options;
  const resolved = resolveAirportOptions(rest);
  const id = JSON.stringify([dir, resolved]);
  let entry = cache.get(id);
  if (!entry) {
    const file = readAirportJson(path.join(dir, 'airport.json'), resolved);
    entry = file ? { data: file.data, origin: 'file' } : { data: generateAirportData(resolved), origin: 'generated' };
    cache.set(id, entry);
  }
  return entry;
}

/** Creates an embedded store over the fixture data; writes stay in this store. */
export function createEmbeddedAirportStore(options: EmbeddedAirportOptions = {}): EmbeddedAirportStore {
  const { data, origin } = baseData(options);
  const passengers = data.passenger.firstname.length;
  const flights = data.flight.flightno.length;
  const counts = data.bookingsPerPassenger.slice(); // this store's writes only
  let bookings = data.booking.passengerId.length;
  let nextBookingId = bookings + 1;
  let closed = false;
  const open = (): void => {
    if (closed) throw new SourceClosedError('The embedded airport store');
  };
  return {
    kind: 'embedded',
    origin,
    async getPassengerBookings(passengerId): Promise<BookingRow | null> {
      open();
      const id = checkId('passengerId', passengerId);
      const n = id <= passengers ? counts[id]! : 0;
      if (n === 0) return null;
      return { firstname: data.passenger.firstname[id - 1]!, lastname: data.passenger.lastname[id - 1]!, booking_count: n };
    },
    async insertBooking(flightId, passengerId) {
      open();
      checkId('flightId', flightId);
      checkId('passengerId', passengerId);
      if (passengerId > passengers) throw new NoSuchPassengerError(passengerId);
      if (flightId > flights) throw new NoSuchFlightError(flightId);
      counts[passengerId]! += 1;
      bookings += 1;
      return nextBookingId++;
    },
    async passengerIds(): Promise<IdRange> {
      open();
      return { first: 1, last: passengers, count: passengers };
    },
    async flightIds(): Promise<IdRange> {
      open();
      return { first: 1, last: flights, count: flights };
    },
    async close() {
      closed = true;
    },
  };
}
