/**
 * The airport-bookings trace of the seeds' multi-threaded cache-aside load test: each operation
 * reads a passenger's booking count or books a seat on a flight. In `pool` mode the passengers
 * come from a fixed, seeded pool of 10,000 (hot data, high hit ratio); in `random` mode from all
 * passengers (long tail, low hit ratio). Streams like the social trace.
 */
import { OptionChecker } from './errors.js';
import { createRng } from './rng.js';

/** Size of the airport fixture data; the fixture generator and the traces share these. */
export const AIRPORT_DEFAULTS = Object.freeze({
  passengers: 50_000,
  flights: 5_000,
  poolSize: 10_000,
});

/** One operation of the airport trace. */
export interface AirportOp {
  op: 'read' | 'write';
  passengerId: number;
  /** The flight a write books (drawn for reads too, as the seeds' worker does). */
  flightId: number;
}

/** Options of {@link createAirportTrace}; only `seed` is required. */
export interface AirportTraceOptions {
  seed: number | string;
  /** Operations in this stream. Default 10,000 (the seeds' queries per thread). */
  ops?: number;
  /** Share of reads, in [0, 1]. Default 0.8 (the seeds' `--read-ratio 80`). */
  readRatio?: number;
  /** `pool`: a fixed pool of `poolSize` passengers; `random`: all passengers. Default `pool`. */
  mode?: 'pool' | 'random';
  /** Passengers in the pool. Default 10,000. */
  poolSize?: number;
  /** Passenger ids are 1..passengers. Default 50,000 (the fixture data). */
  passengers?: number;
  /** Flight ids are 1..flights. Default 5,000 (the fixture data). */
  flights?: number;
  /** Which worker's stream this is: workers share the pool but draw different operations. Default 0. */
  worker?: number;
}

/** A seeded airport trace: iterate it (or call `ops()`) to stream its operations. */
export interface AirportTrace extends Iterable<AirportOp> {
  readonly options: Readonly<Required<AirportTraceOptions>>;
  /** The passenger ids of the pool, in draw order (empty in `random` mode). */
  readonly pool: readonly number[];
  ops(): Generator<AirportOp>;
}

const GENERATOR = 'airport trace';
const OPTION_NAMES = ['seed', 'ops', 'readRatio', 'mode', 'poolSize', 'passengers', 'flights', 'worker'];

/** Creates an airport trace; throws a {@link WorkloadOptionError} naming any bad option. */
export function createAirportTrace(options: AirportTraceOptions): AirportTrace {
  const check = new OptionChecker(GENERATOR);
  if (options === null || typeof options !== 'object') check.fail('options', options, 'an object with at least { seed }');
  check.known(options, OPTION_NAMES);
  const passengers = check.int('passengers', options.passengers ?? AIRPORT_DEFAULTS.passengers, 1);
  const resolved = Object.freeze({
    seed: check.seed('seed', options.seed),
    ops: check.int('ops', options.ops ?? 10_000, 0),
    readRatio: check.num('readRatio', options.readRatio ?? 0.8, 0, 1),
    mode: check.oneOf('mode', options.mode ?? 'pool', ['pool', 'random'] as const),
    poolSize: check.int('poolSize', options.poolSize ?? Math.min(AIRPORT_DEFAULTS.poolSize, passengers), 1, passengers),
    passengers,
    flights: check.int('flights', options.flights ?? AIRPORT_DEFAULTS.flights, 1),
    worker: check.int('worker', options.worker ?? 0, 0),
  });

  // The pool depends on the seed only, so every worker of one run shares it (as in the seeds).
  const pool: number[] = [];
  if (resolved.mode === 'pool') {
    const ids = new Uint32Array(passengers);
    for (let i = 0; i < passengers; i++) ids[i] = i + 1;
    const rng = createRng(resolved.seed).fork('pool');
    for (let i = 0; i < resolved.poolSize; i++) {
      const j = i + rng.int(passengers - i);
      const tmp = ids[i]!;
      ids[i] = ids[j]!;
      ids[j] = tmp;
      pool.push(ids[i]!);
    }
  }

  function* ops(): Generator<AirportOp> {
    const rng = createRng(resolved.seed).fork(`ops:${resolved.worker}`);
    for (let i = 0; i < resolved.ops; i++) {
      const op = rng.next() < resolved.readRatio ? 'read' : 'write';
      const passengerId = resolved.mode === 'pool' ? pool[rng.int(pool.length)]! : 1 + rng.int(passengers);
      yield { op, passengerId, flightId: 1 + rng.int(resolved.flights) };
    }
  }

  return { options: resolved, pool, ops, [Symbol.iterator]: ops };
}
