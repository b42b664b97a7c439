/**
 * The airport data set of the seeds' load test (passenger, flight, booking, plus small airport,
 * airline and airplane tables), generated from a seed. Integer arithmetic only (no Math.log,
 * no Math.pow), so every machine generates the same rows and the same data hash.
 * Ids are 1..N in every table; row i of a column array is the row with id i + 1.
 */
import { createRng, type Rng } from '../../../workload/rng.js';
import { AIRPORT_DEFAULTS } from '../../../workload/airport.js';
import { AIRLINES, AIRPLANE_TYPES, AIRPORTS, BOOKINGS_PER_PASSENGER, FIRST_NAMES, LAST_NAMES } from './names.js';

/** Bumped whenever the generator's output changes, so stale generated files are not reused. */
export const AIRPORT_GENERATOR_VERSION = 1;

/** Options of {@link generateAirportData}. */
export interface AirportDataOptions {
  /** Default 'cachelab-airport-v1'. */
  seed?: string;
  /** Default 50,000 (the seeds' "50,000+ passengers"). */
  passengers?: number;
  /** Default 5,000. */
  flights?: number;
  /** Default 60. */
  airplanes?: number;
}

/** The generated tables, column by column. */
export interface AirportData {
  readonly options: Readonly<Required<AirportDataOptions>>;
  readonly airport: { iata: readonly string[]; icao: readonly string[]; name: readonly string[] };
  readonly airline: { iata: readonly string[]; airlinename: readonly string[]; baseAirport: Uint16Array };
  readonly airplane: { type: readonly string[]; capacity: Uint16Array; airlineId: Uint16Array };
  readonly passenger: { passportno: readonly string[]; firstname: readonly string[]; lastname: readonly string[] };
  readonly flight: {
    flightno: readonly string[];
    from: Uint16Array;
    to: Uint16Array;
    /** Minutes after {@link SCHEDULE_START}. */
    departure: Uint32Array;
    arrival: Uint32Array;
    airlineId: Uint16Array;
    airplaneId: Uint32Array;
  };
  readonly booking: {
    flightId: Uint32Array;
    /** Seat row (1-based) and letter index (0 = A). */
    seatRow: Uint8Array;
    seatLetter: Uint8Array;
    passengerId: Uint32Array;
    priceCents: Uint32Array;
  };
  /** Bookings per passenger id (index 0 unused). */
  readonly bookingsPerPassenger: Uint32Array;
}

/** The first departure of the schedule (UTC). */
const SCHEDULE_START = Date.UTC(2026, 0, 1);

/** The defaults as one object (the full data set `npm run fixtures` writes and loads). */
export const AIRPORT_DATA_DEFAULTS: Readonly<Required<AirportDataOptions>> = Object.freeze({
  seed: 'cachelab-airport-v1',
  passengers: AIRPORT_DEFAULTS.passengers,
  flights: AIRPORT_DEFAULTS.flights,
  airplanes: 60,
});

/** The options with defaults filled in; throws a RangeError naming a bad option. */
export function resolveAirportOptions(options: AirportDataOptions = {}): Required<AirportDataOptions> {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const o: Required<AirportDataOptions> = { ...AIRPORT_DATA_DEFAULTS, ...given };
  for (const name of ['passengers', 'flights', 'airplanes'] as const) {
    if (!Number.isInteger(o[name]) || o[name] < 1 || o[name] > 10_000_000) {
      throw new RangeError(`airport fixtures: option "${name}" must be an integer in [1, 10000000], got ${String(o[name])}`);
    }
  }
  if (typeof o.seed !== 'string' || o.seed === '') throw new RangeError('airport fixtures: option "seed" must be a non-empty string');
  return o;
}

const pick = <T>(rng: Rng, list: readonly T[]): T => list[rng.int(list.length)]!;

function bookingCount(rng: Rng): number {
  let draw = rng.int(1000); // the weights sum to 1000
  for (const [count, weight] of BOOKINGS_PER_PASSENGER) {
    if (draw < weight) return count;
    draw -= weight;
  }
  return 0;
}

/** Generates the airport data set; same options, same rows. */
export function generateAirportData(options: AirportDataOptions = {}): AirportData {
  const o = resolveAirportOptions(options);
  const root = createRng(o.seed);

  const airport = { iata: AIRPORTS.map((a) => a[0]), icao: AIRPORTS.map((a) => a[1]), name: AIRPORTS.map((a) => a[2]) };
  const airlineRng = root.fork('airline');
  const airline = {
    iata: AIRLINES.map((a) => a[0]),
    airlinename: AIRLINES.map((a) => a[1]),
    baseAirport: Uint16Array.from(AIRLINES, () => 1 + airlineRng.int(AIRPORTS.length)),
  };

  const planeRng = root.fork('airplane');
  const airplane = { type: [] as string[], capacity: new Uint16Array(o.airplanes), airlineId: new Uint16Array(o.airplanes) };
  for (let i = 0; i < o.airplanes; i++) {
    const [type, seats] = pick(planeRng, AIRPLANE_TYPES);
    airplane.type.push(type);
    airplane.capacity[i] = seats;
    airplane.airlineId[i] = 1 + (i % AIRLINES.length); // every airline owns planes
  }

  const paxRng = root.fork('passenger');
  const passenger = { passportno: [] as string[], firstname: [] as string[], lastname: [] as string[] };
  for (let id = 1; id <= o.passengers; id++) {
    // 7919 is prime to 10^8, so id → number is one-to-one: passport numbers never repeat.
    passenger.passportno.push(`P${String((id * 7919 + 10_000_019) % 100_000_000).padStart(8, '0')}`);
    passenger.firstname.push(pick(paxRng, FIRST_NAMES));
    passenger.lastname.push(pick(paxRng, LAST_NAMES));
  }

  const flightRng = root.fork('flight');
  const f = o.flights;
  const flight = {
    flightno: [] as string[],
    from: new Uint16Array(f),
    to: new Uint16Array(f),
    departure: new Uint32Array(f),
    arrival: new Uint32Array(f),
    airlineId: new Uint16Array(f),
    airplaneId: new Uint32Array(f),
  };
  for (let i = 0; i < f; i++) {
    const plane = 1 + flightRng.int(o.airplanes);
    const carrier = airplane.airlineId[plane - 1]!;
    const from = 1 + flightRng.int(AIRPORTS.length);
    const to = 1 + ((from - 1 + 1 + flightRng.int(AIRPORTS.length - 1)) % AIRPORTS.length); // never = from
    const departure = 5 * flightRng.int((30 * 24 * 60) / 5); // within 30 days, on 5-minute marks
    flight.flightno.push(`${AIRLINES[carrier - 1]![0]}${1000 + i}`);
    flight.from[i] = from;
    flight.to[i] = to;
    flight.departure[i] = departure;
    flight.arrival[i] = departure + 45 + 5 * flightRng.int(136); // 45 min to 12 h
    flight.airlineId[i] = carrier;
    flight.airplaneId[i] = plane;
  }

  const countRng = root.fork('booking-count');
  const bookingsPerPassenger = new Uint32Array(o.passengers + 1);
  let total = 0;
  for (let id = 1; id <= o.passengers; id++) {
    const n = bookingCount(countRng);
    bookingsPerPassenger[id] = n;
    total += n;
  }
  // One row per booking, then shuffled so booking ids follow booking time, not passenger id.
  const passengerId = new Uint32Array(total);
  for (let id = 1, at = 0; id <= o.passengers; id++) {
    for (let k = 0; k < bookingsPerPassenger[id]!; k++) passengerId[at++] = id;
  }
  const bookRng = root.fork('booking');
  for (let i = total - 1; i > 0; i--) {
    const j = bookRng.int(i + 1);
    const tmp = passengerId[i]!;
    passengerId[i] = passengerId[j]!;
    passengerId[j] = tmp;
  }
  const booking = {
    flightId: new Uint32Array(total),
    seatRow: new Uint8Array(total),
    seatLetter: new Uint8Array(total),
    passengerId,
    priceCents: new Uint32Array(total),
  };
  for (let i = 0; i < total; i++) {
    const flightId = 1 + bookRng.int(f);
    booking.flightId[i] = flightId;
    booking.seatRow[i] = 1 + bookRng.int(Math.ceil(airplane.capacity[flight.airplaneId[flightId - 1]! - 1]! / 6));
    booking.seatLetter[i] = bookRng.int(6);
    booking.priceCents[i] = 4_900 + bookRng.int(195_100); // 49.00 to 1999.99
  }

  return { options: Object.freeze(o), airport, airline, airplane, passenger, flight, booking, bookingsPerPassenger };
}

/** The seat label of booking row `i`, e.g. `12C`. */
export function seatLabel(data: AirportData, i: number): string {
  return `${data.booking.seatRow[i]}${'ABCDEF'[data.booking.seatLetter[i]!]}`;
}

/** A schedule time (minutes after {@link SCHEDULE_START}) as a MySQL DATETIME literal. */
export function datetimeLabel(minutes: number): string {
  return new Date(SCHEDULE_START + minutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}
