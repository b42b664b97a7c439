/**
 * Every error the data sources throw: a class per case with a stable `code`, the setting or input
 * at fault, the fix in the message and the original error as `cause`.
 */
import { DEFAULT_DATABASE_URL } from '../../config.js';

/** Thrown when DATABASE_URL (or a `databaseUrl` option) is not a usable MySQL URL. */
export class DatabaseUrlError extends Error {
  readonly code = 'E_BAD_DATABASE_URL';
  constructor(
    readonly variable: string,
    readonly value: string,
    problem: string,
  ) {
    super(
      `${variable}=${JSON.stringify(value)} is not a valid MySQL URL (${problem}). ` +
        `Expected mysql://user:password@host:port/database, e.g. ${DEFAULT_DATABASE_URL}.`,
    );
  }
}

/** Thrown when MySQL/MariaDB does not answer (the "backend unreachable" family, lib/backends/errors.ts). */
export { DatabaseUnreachableError } from '../errors.js';

/** Thrown when the server refuses the user or password of DATABASE_URL. */
export class DatabaseAccessError extends Error {
  readonly code = 'E_DATABASE_ACCESS';
  constructor(
    readonly url: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`MySQL/MariaDB at DATABASE_URL=${url} refused the login (${reason}). Fix the user and password in DATABASE_URL.`, options);
  }
}

/** Thrown when the server answers with an error of its own before any query ran (Too many connections, …). */
export class DatabaseServerError extends Error {
  readonly code = 'E_DATABASE_SERVER';
  constructor(
    readonly url: string,
    reason: string,
    fix: string,
    options?: { cause?: unknown },
  ) {
    super(`MySQL/MariaDB at DATABASE_URL=${url} answered: ${reason}. ${fix}`, options);
  }
}

/** Thrown when the database or its tables are missing: the fixtures were never loaded. */
export class FixturesNotLoadedError extends Error {
  readonly code = 'E_FIXTURES_NOT_LOADED';
  constructor(
    readonly url: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`The airport data is not loaded in DATABASE_URL=${url} (${reason}). Load it with \`npm run fixtures -- --load\`.`, options);
  }
}

/** Thrown when a database the kit did not load lacks a table or column the airport queries use. */
export class AirportSchemaError extends Error {
  readonly code = 'E_AIRPORT_SCHEMA';
  constructor(
    readonly url: string,
    readonly missing: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(
      `DATABASE_URL=${url} does not have the airport schema the lab's queries use: missing ${missing.join(', ')}. ` +
        'They read passenger (passenger_id, firstname, lastname) joined with booking (passenger_id), take the ids of flight (flight_id) ' +
        "and write booking (flight_id, passenger_id, price, seat), as flughafendb names them. Point DATABASE_URL at such a database, or load the kit's own with `npm run fixtures -- --load`.",
      options,
    );
  }
}

/** Thrown when a keyed source gets a key it does not serve. */
export class BadSourceKeyError extends Error {
  readonly code = 'E_BAD_SOURCE_KEY';
  constructor(
    readonly key: string,
    expected: string,
  ) {
    super(`The data source has no key ${JSON.stringify(key)}: expected ${expected}.`);
  }
}

/** Thrown when an id argument is not a positive integer. */
export class InvalidIdError extends Error {
  readonly code = 'E_INVALID_ID';
  constructor(
    readonly argument: string,
    readonly value: unknown,
  ) {
    super(`${argument} must be a positive integer, got ${JSON.stringify(value) ?? String(value)}.`);
  }
}

/** Thrown when a booking names a passenger that does not exist. */
export class NoSuchPassengerError extends Error {
  readonly code = 'E_NO_SUCH_PASSENGER';
  constructor(
    readonly passengerId: number,
    options?: { cause?: unknown },
  ) {
    super(`No passenger with passenger_id ${passengerId}; see passengerIds() for the range.`, options);
  }
}

/** Thrown when a booking names a flight that does not exist. */
export class NoSuchFlightError extends Error {
  readonly code = 'E_NO_SUCH_FLIGHT';
  constructor(
    readonly flightId: number,
    options?: { cause?: unknown },
  ) {
    super(`No flight with flight_id ${flightId}; see flightIds() for the range.`, options);
  }
}

/** Thrown when a store or source is used after close(). */
export class SourceClosedError extends Error {
  readonly code = 'E_SOURCE_CLOSED';
  constructor(what: string) {
    super(`${what} was used after close(); create a new one.`);
  }
}
