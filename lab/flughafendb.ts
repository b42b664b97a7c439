/**
 * A small database shaped like the source material's flughafendb (its table and column names and
 * types, its extra tables, its unique seat plan), without the kit's fixture_meta: what a user who
 * has the real flughafendb points the lab at. For the lab's tests (flughafendb.test.ts).
 */
import { randomBytes } from 'node:crypto';
import { parseDatabaseUrl } from '../lib/backends/source/database-url.js';
import { DEFAULT_DATABASE_URL } from '../lib/config.js';
import { openMysqlConnection } from '../lib/backends/source/mysql.js';
import { scratchDatabase } from './private-servers.js';

/** Passengers, flights and bookings the database is filled with. */
export const FLUGHAFEN_SIZE = { passengers: 400, flights: 40, airports: 8 };

/** Bookings of passenger `id`: 1 to 5, so a read's booking_count is known. */
export const bookingsOf = (id: number): number => (id % 5) + 1;

const DDL = [
  `CREATE TABLE airport (airport_id smallint(6) NOT NULL AUTO_INCREMENT, iata char(3) DEFAULT NULL, icao char(4) NOT NULL, name varchar(50) NOT NULL,
    PRIMARY KEY (airport_id), UNIQUE KEY icao_unq (icao), KEY name_idx (name), KEY iata_idx (iata)) ENGINE=InnoDB`,
  `CREATE TABLE airline (airline_id smallint(6) NOT NULL AUTO_INCREMENT, iata char(2) NOT NULL, airlinename varchar(30) DEFAULT NULL, base_airport smallint(6) NOT NULL,
    PRIMARY KEY (airline_id), UNIQUE KEY iata_unq (iata), KEY base_airport_idx (base_airport),
    CONSTRAINT airline_ibfk_1 FOREIGN KEY (base_airport) REFERENCES airport (airport_id)) ENGINE=InnoDB`,
  `CREATE TABLE airplane_type (type_id int(11) NOT NULL AUTO_INCREMENT, identifier varchar(50) DEFAULT NULL, description text, PRIMARY KEY (type_id)) ENGINE=InnoDB`,
  `CREATE TABLE airplane (airplane_id int(11) NOT NULL AUTO_INCREMENT, capacity mediumint(8) unsigned NOT NULL, type_id int(11) NOT NULL, airline_id int(11) NOT NULL,
    PRIMARY KEY (airplane_id), KEY type_id (type_id), CONSTRAINT airplane_ibfk_1 FOREIGN KEY (type_id) REFERENCES airplane_type (type_id)) ENGINE=InnoDB`,
  `CREATE TABLE flight (flight_id int(11) NOT NULL AUTO_INCREMENT, flightno char(8) NOT NULL, \`from\` smallint(6) NOT NULL, \`to\` smallint(6) NOT NULL,
    departure datetime NOT NULL, arrival datetime NOT NULL, airline_id smallint(6) NOT NULL, airplane_id int(11) NOT NULL,
    PRIMARY KEY (flight_id), KEY from_idx (\`from\`), KEY to_idx (\`to\`), KEY departure_idx (departure), KEY arrivals_idx (arrival), KEY airline_idx (airline_id), KEY airplane_idx (airplane_id),
    CONSTRAINT flight_ibfk_1 FOREIGN KEY (\`from\`) REFERENCES airport (airport_id), CONSTRAINT flight_ibfk_2 FOREIGN KEY (\`to\`) REFERENCES airport (airport_id),
    CONSTRAINT flight_ibfk_3 FOREIGN KEY (airline_id) REFERENCES airline (airline_id), CONSTRAINT flight_ibfk_4 FOREIGN KEY (airplane_id) REFERENCES airplane (airplane_id)) ENGINE=InnoDB`,
  `CREATE TABLE passenger (passenger_id int(11) NOT NULL AUTO_INCREMENT, passportno char(9) NOT NULL, firstname varchar(100) NOT NULL, lastname varchar(100) NOT NULL,
    PRIMARY KEY (passenger_id), UNIQUE KEY pass_unq (passportno)) ENGINE=InnoDB`,
  `CREATE TABLE passengerdetails (passenger_id int(11) NOT NULL, birthdate date NOT NULL, sex char(1) DEFAULT NULL, street varchar(100) NOT NULL, city varchar(100) NOT NULL,
    zip smallint(6) NOT NULL, country varchar(100) NOT NULL, emailaddress varchar(120) DEFAULT NULL, telephoneno varchar(30) DEFAULT NULL,
    PRIMARY KEY (passenger_id), CONSTRAINT passengerdetails_ibfk_1 FOREIGN KEY (passenger_id) REFERENCES passenger (passenger_id)) ENGINE=InnoDB`,
  `CREATE TABLE booking (booking_id int(11) NOT NULL AUTO_INCREMENT, flight_id int(11) NOT NULL, seat char(4) DEFAULT NULL, passenger_id int(11) NOT NULL, price decimal(10,2) NOT NULL,
    PRIMARY KEY (booking_id), UNIQUE KEY seatplan_unq (flight_id, seat), KEY flight_idx (flight_id), KEY passenger_idx (passenger_id),
    CONSTRAINT booking_ibfk_1 FOREIGN KEY (flight_id) REFERENCES flight (flight_id), CONSTRAINT booking_ibfk_2 FOREIGN KEY (passenger_id) REFERENCES passenger (passenger_id)) ENGINE=InnoDB`,
  `CREATE TABLE weatherdata (log_date date NOT NULL, time time NOT NULL, station int(11) NOT NULL, temp decimal(3,1) NOT NULL, humidity decimal(4,1) NOT NULL,
    airpressure decimal(10,2) NOT NULL, wind decimal(5,2) NOT NULL, weather enum('Nebel-Schneefall','Schneefall','Regen','Regen-Schneefall','Nebel-Regen','Nebel-Regen-Gewitter','Gewitter','Nebel','Regen-Gewitter') DEFAULT NULL,
    winddirection smallint(6) NOT NULL, PRIMARY KEY (log_date, time, station)) ENGINE=InnoDB`,
];

const { passengers, flights, airports } = FLUGHAFEN_SIZE;
const seq = (n: number) => `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${n}) SELECT n FROM seq`;

const DATA = [
  `INSERT INTO airport (iata, icao, name) SELECT CONCAT('A', LPAD(n, 2, '0')), CONCAT('EA', LPAD(n, 2, '0')), CONCAT('Airport ', n) FROM (${seq(airports)}) s`,
  "INSERT INTO airline (iata, airlinename, base_airport) VALUES ('LH', 'Lufthansa', 1), ('OS', 'Austrian', 2)",
  "INSERT INTO airplane_type (identifier, description) VALUES ('A320', 'Airbus A320')",
  'INSERT INTO airplane (capacity, type_id, airline_id) VALUES (180, 1, 1), (150, 1, 2)',
  `INSERT INTO flight (flightno, \`from\`, \`to\`, departure, arrival, airline_id, airplane_id)
    SELECT CONCAT('LH', LPAD(n, 4, '0')), (n % ${airports}) + 1, ((n + 1) % ${airports}) + 1, '2015-06-01 08:00:00' + INTERVAL n HOUR, '2015-06-01 10:00:00' + INTERVAL n HOUR, (n % 2) + 1, (n % 2) + 1
    FROM (${seq(flights)}) s`,
  `INSERT INTO passenger (passportno, firstname, lastname) SELECT CONCAT('P', LPAD(n, 8, '0')), CONCAT('Vorname', n), CONCAT('Nachname', n) FROM (${seq(passengers)}) s`,
  // Passenger p holds bookingsOf(p) seats, each on its own flight and seat (the unique seat plan).
  `INSERT INTO booking (flight_id, seat, passenger_id, price)
    SELECT ((p.passenger_id + k.n) % ${flights}) + 1, CONCAT(k.n, CHAR(65 + (p.passenger_id DIV ${flights}) % 26), p.passenger_id % 100), p.passenger_id, 99.50
    FROM passenger p JOIN (${seq(5)}) k ON k.n <= (p.passenger_id % 5) + 1`,
];

/** A flughafendb-shaped database on the DATABASE_URL server. */
export interface FlughafenDatabase {
  name: string;
  url: string;
  /** Rows of `booking` now. */
  bookings(): Promise<number>;
  /** Runs statements in it (to break its schema for a test). */
  exec(...sql: string[]): Promise<void>;
  drop(): Promise<void>;
}

/** Creates and fills `cachelab_flughafen_<random>` (well under a second). */
export async function createFlughafenDatabase(baseUrl = DEFAULT_DATABASE_URL): Promise<FlughafenDatabase> {
  const name = `cachelab_flughafen_${randomBytes(4).toString('hex')}`;
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const settings = parseDatabaseUrl(url.toString());
  const admin = await openMysqlConnection(settings, { noDatabase: true });
  try {
    await admin.query(`CREATE DATABASE \`${name}\``);
  } finally {
    await admin.end();
  }
  const exec = async (...sql: string[]): Promise<void> => {
    const conn = await openMysqlConnection(settings);
    try {
      for (const s of sql) await conn.query(s);
    } finally {
      await conn.end();
    }
  };
  await exec(...DDL, ...DATA);
  return {
    name,
    url: url.toString(),
    exec,
    ...scratchDatabase(settings, name),
  };
}
