/**
 * What an operation costs on the embedded backend, where nothing leaves the process: a documented
 * price per cache command and per query, in whole microseconds of virtual time, and a queue in
 * front of each server so that concurrency behaves as it does on real ones (Redis runs one
 * command at a time; the database runs a few queries at once and queues the rest). The prices are
 * close to what the published results measured on a laptop (cache hits from 85 µs, database operations around
 * 1–3 ms), so the embedded figures land near the seed's; the real backend measures instead.
 *
 * This is the lab's own model, not lib/sim/cost-model.ts: that one prices bytes and round trips
 * for exercise 2 at a 1 ms round trip; the lab needs the sub-millisecond local prices the published results measured.
 */
import type { Clock } from '../lib/sim/clock.js';

/** Prices of the embedded backend, µs. */
export interface LabCostModel {
  /** App ↔ cache network round trip plus client work. */
  cacheRoundTripUs: number;
  /** Server time of one cache command; commands run one at a time, as in Redis. */
  cacheCommandUs: number;
  /** App ↔ database round trip plus driver work. */
  databaseRoundTripUs: number;
  /** The seeds' read query (indexed join, GROUP BY), server time. */
  databaseReadUs: number;
  /** The seeds' INSERT with its commit, server time. */
  databaseWriteUs: number;
  /** Queries the database runs at once (its cores); more wait in line. */
  databaseParallelism: number;
}

/** The default prices; see the module comment and docs/lab.md. */
export const LAB_COST_MODEL: Readonly<LabCostModel> = Object.freeze({
  cacheRoundTripUs: 80,
  cacheCommandUs: 10,
  databaseRoundTripUs: 150,
  databaseReadUs: 800,
  databaseWriteUs: 1500,
  databaseParallelism: 4,
});

/**
 * A server with `slots` workers on a virtual clock whose unit is 1 µs. A request arrives after
 * half the round trip, waits for the earliest free slot (first come, first served), is served,
 * and the reply arrives half a round trip later. Arithmetic on "free at" times instead of a
 * queue of waiters: one timer per request, and the same order on every run.
 */
export class VirtualServer {
  readonly #freeAt: number[];
  readonly #clock: Clock;

  /** @param slots requests served at once; @param clock a virtual clock counting µs. */
  constructor(slots: number, clock: Clock) {
    if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`VirtualServer: slots must be a whole number ≥ 1, got ${slots}.`);
    this.#freeAt = new Array<number>(slots).fill(0);
    this.#clock = clock;
  }

  /** Waits (virtual time) for one request that needs `serviceUs` of server time. */
  async request(serviceUs: number, roundTripUs: number): Promise<void> {
    const now = this.#clock.now();
    const arrives = now + Math.floor(roundTripUs / 2);
    let slot = 0;
    for (let i = 1; i < this.#freeAt.length; i++) if (this.#freeAt[i]! < this.#freeAt[slot]!) slot = i;
    const done = Math.max(arrives, this.#freeAt[slot]!) + serviceUs;
    this.#freeAt[slot] = done;
    await this.#clock.sleep(done + (roundTripUs - Math.floor(roundTripUs / 2)) - now);
  }
}
