/**
 * Word lists the airport fixture generator draws from. Airports are real (IATA/ICAO codes are
 * public facts); airlines are invented so no real company appears in made-up data.
 */

/** [iata, icao, name] of the airports, in airport_id order. */
export const AIRPORTS: readonly (readonly [string, string, string])[] = [
  ['ATL', 'KATL', 'Hartsfield-Jackson Atlanta'], ['PEK', 'ZBAA', 'Beijing Capital'],
  ['DXB', 'OMDB', 'Dubai International'], ['LAX', 'KLAX', 'Los Angeles International'],
  ['HND', 'RJTT', 'Tokyo Haneda'], ['ORD', 'KORD', "Chicago O'Hare"],
  ['LHR', 'EGLL', 'London Heathrow'], ['HKG', 'VHHH', 'Hong Kong International'],
  ['PVG', 'ZSPD', 'Shanghai Pudong'], ['CDG', 'LFPG', 'Paris Charles de Gaulle'],
  ['DFW', 'KDFW', 'Dallas/Fort Worth'], ['AMS', 'EHAM', 'Amsterdam Schiphol'],
  ['FRA', 'EDDF', 'Frankfurt am Main'], ['IST', 'LTFM', 'Istanbul'],
  ['CAN', 'ZGGG', 'Guangzhou Baiyun'], ['JFK', 'KJFK', 'New York John F. Kennedy'],
  ['SIN', 'WSSS', 'Singapore Changi'], ['DEN', 'KDEN', 'Denver International'],
  ['ICN', 'RKSI', 'Seoul Incheon'], ['BKK', 'VTBS', 'Bangkok Suvarnabhumi'],
  ['SFO', 'KSFO', 'San Francisco International'], ['KUL', 'WMKK', 'Kuala Lumpur International'],
  ['MAD', 'LEMD', 'Madrid Barajas'], ['CTU', 'ZUUU', 'Chengdu Shuangliu'],
  ['LAS', 'KLAS', 'Las Vegas Harry Reid'], ['BCN', 'LEBL', 'Barcelona El Prat'],
  ['BOM', 'VABB', 'Mumbai Chhatrapati Shivaji'], ['YYZ', 'CYYZ', 'Toronto Pearson'],
  ['SEA', 'KSEA', 'Seattle-Tacoma'], ['CLT', 'KCLT', 'Charlotte Douglas'],
  ['LGW', 'EGKK', 'London Gatwick'], ['MUC', 'EDDM', 'Munich'],
  ['SYD', 'YSSY', 'Sydney Kingsford Smith'], ['FCO', 'LIRF', 'Rome Fiumicino'],
  ['ZRH', 'LSZH', 'Zurich'], ['VIE', 'LOWW', 'Vienna'],
  ['CPH', 'EKCH', 'Copenhagen Kastrup'], ['DUB', 'EIDW', 'Dublin'],
  ['LIS', 'LPPT', 'Lisbon Humberto Delgado'], ['GRU', 'SBGR', 'Sao Paulo Guarulhos'],
];

/** [iata, name] of the (invented) airlines, in airline_id order. */
export const AIRLINES: readonly (readonly [string, string])[] = [
  ['CL', 'Cachelab Air'], ['VK', 'Valkey Airways'], ['HT', 'Hot Key Express'], ['TT', 'TTL Airlines'],
  ['EV', 'Eviction Air'], ['LR', 'LRU Regional'], ['SP', 'Stampede Jet'], ['SH', 'Shard Air'],
  ['PX', 'Pipeline Express'], ['WB', 'Write-Back Wings'], ['RA', 'Read-Aside Air'], ['JT', 'Jitter Airlines'],
];

/** [type, seats] of the airplane models. */
export const AIRPLANE_TYPES: readonly (readonly [string, number])[] = [
  ['E190', 100], ['A220', 130], ['A320', 180], ['B737', 189], ['A321', 220], ['B787', 290], ['A350', 325], ['B777', 396],
];

/** First names, drawn uniformly. */
export const FIRST_NAMES: readonly string[] = [
  'Aaliyah', 'Adam', 'Ahmed', 'Aiko', 'Alejandro', 'Amara', 'Amelia', 'Ana', 'Andrei', 'Anna',
  'Arjun', 'Ava', 'Benjamin', 'Camila', 'Carlos', 'Charlotte', 'Chen', 'Chloe', 'Daniel', 'David',
  'Diego', 'Elena', 'Elif', 'Emma', 'Ethan', 'Fatima', 'Felix', 'Freya', 'Gabriel', 'Giulia',
  'Hana', 'Hannah', 'Hiroshi', 'Ibrahim', 'Ines', 'Isabella', 'Ivan', 'Jack', 'James', 'Javier',
  'Ji-woo', 'Johan', 'Jose', 'Kai', 'Kenji', 'Lars', 'Layla', 'Leila', 'Leon', 'Li',
  'Liam', 'Lucas', 'Lucia', 'Maria', 'Mateo', 'Maya', 'Mei', 'Mia', 'Mohammed', 'Nadia',
  'Noah', 'Nora', 'Olivia', 'Omar', 'Oscar', 'Priya', 'Rafael', 'Rahul', 'Sakura', 'Samuel',
  'Sara', 'Sofia', 'Sophie', 'Tariq', 'Thomas', 'Valentina', 'Wei', 'William', 'Yusuf', 'Zoe',
];

/** Last names, drawn uniformly. */
export const LAST_NAMES: readonly string[] = [
  'Abe', 'Ahmed', 'Ali', 'Andersson', 'Bauer', 'Becker', 'Brown', 'Chen', 'Costa', 'Cruz',
  'Da Silva', 'Dubois', 'Fernandez', 'Fischer', 'Garcia', 'Gonzalez', 'Hansen', 'Hernandez', 'Hoffmann', 'Huang',
  'Ivanova', 'Jensen', 'Johnson', 'Jones', 'Kaya', 'Kim', 'Kowalski', 'Kumar', 'Lee', 'Lopez',
  'Martin', 'Martinez', 'Meyer', 'Moreau', 'Muller', 'Nakamura', 'Nguyen', "O'Brien", 'Okafor', 'Olsen',
  'Park', 'Patel', 'Perez', 'Petrov', 'Popescu', 'Rossi', 'Sanchez', 'Santos', 'Sato', 'Schmidt',
  'Schneider', 'Silva', 'Singh', 'Smith', 'Suzuki', 'Tanaka', 'Taylor', 'Wagner', 'Wang', 'Williams',
  'Wilson', 'Wong', 'Yamamoto', 'Yilmaz', 'Zhang', 'Zhao',
];

/**
 * How many bookings a passenger has: [count, weight]. A right-skewed spread (most passengers fly
 * a few times, a few fly often, 1.5% never booked) with a mean of about 6.
 */
export const BOOKINGS_PER_PASSENGER: readonly (readonly [number, number])[] = [
  [0, 15], [1, 80], [2, 110], [3, 120], [4, 115], [5, 105], [6, 90], [7, 75], [8, 62], [9, 50],
  [10, 40], [11, 32], [12, 25], [13, 20], [14, 15], [15, 12], [16, 9], [17, 7], [18, 5], [19, 4],
  [20, 3], [22, 2], [25, 2], [30, 1], [40, 1],
];
