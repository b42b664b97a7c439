/**
 * The airport store behind the seeds' cache-aside load test, and its keyed data source:
 * `bookings:{passenger_id}` → what the seeds' read query returns for that passenger.
 * Two implementations answer the same way: embedded (in-process) and MySQL (the seeds' SQL).
 */
import type { BackendKind } from '../types.js';
import { countingSource, type CountingSource, type CountingSourceOptions } from './counting.js';
import { BadSourceKeyError, InvalidIdError } from './errors.js';

/** The seeds' read query: a passenger's name and number of bookings. */
export const READ_BOOKINGS_SQL =
  'SELECT p.firstname, p.lastname, COUNT(*) AS booking_count FROM passenger p ' +
  'JOIN booking b ON p.passenger_id = b.passenger_id WHERE p.passenger_id = ? GROUP BY p.firstname, p.lastname';

/** The seeds' write: one booking at a fixed price and seat. */
export const INSERT_BOOKING_SQL = "INSERT INTO booking (flight_id, passenger_id, price, seat) VALUES (?, ?, 1000.00, '1A')";

/** One row of the read query. */
export interface BookingRow {
  firstname: string;
  lastname: string;
  booking_count: number;
}

/** The ids present in a table: 1..count in the fixtures, `last` grows if rows are added. */
export interface IdRange {
  first: number;
  last: number;
  count: number;
}

/** The airport data, embedded or in MySQL. */
export interface AirportStore {
  readonly kind: BackendKind;
  /** The read query's row, or null when the passenger is unknown or has no booking (the JOIN is empty). */
  getPassengerBookings(passengerId: number): Promise<BookingRow | null>;
  /** The seeds' write; resolves to the new booking_id. Rejects for an unknown passenger or flight. */
  insertBooking(flightId: number, passengerId: number): Promise<number>;
  passengerIds(): Promise<IdRange>;
  flightIds(): Promise<IdRange>;
  close(): Promise<void>;
}

const KEY_PREFIX = 'bookings:';

/** The seeds' cache key of a passenger's bookings. */
export function bookingsKey(passengerId: number): string {
  return `${KEY_PREFIX}${passengerId}`;
}

/** The passenger id in a `bookings:{id}` key; throws a {@link BadSourceKeyError} otherwise. */
export function passengerIdOfKey(key: string): number {
  const id = key.startsWith(KEY_PREFIX) ? key.slice(KEY_PREFIX.length) : '';
  if (!/^[1-9][0-9]{0,9}$/.test(id)) throw new BadSourceKeyError(key, '"bookings:{passenger_id}", e.g. "bookings:42"');
  return Number(id);
}

/** Checks an id argument. */
export function checkId(argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw new InvalidIdError(argument, value);
  return value;
}

/** The store as a counted keyed data source: `bookings:{id}` → row (null for no bookings). */
export function bookingsSource(store: AirportStore, options: CountingSourceOptions = {}): CountingSource<BookingRow | null> {
  return countingSource((key) => store.getPassengerBookings(passengerIdOfKey(key)), options);
}
