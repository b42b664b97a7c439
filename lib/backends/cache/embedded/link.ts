/**
 * One client connection's network in the embedded cache: counts round trips, commands and bytes,
 * and under a cost model delays each exchange on the kit's clock. The connection is usable
 * `connectMs` after it is created; a request leaves, executes after its uplink time, and its
 * reply arrives after its downlink time. Both ends are FIFO, as on one TCP connection: a reply
 * never overtakes an earlier one, and concurrent requests overlap their round trips.
 *
 * The virtual clock's timers have whole-millisecond resolution, so the link keeps exact
 * (fractional) times itself and sleeps to the nearest millisecond: a command sent right after
 * the previous reply starts from that reply's exact time, so sequential commands add up to the
 * model's total with less than half a millisecond of rounding, however many there are.
 */
import type { Clock } from '../../../sim/clock.js';
import { bytesCost, commandCost, type CostModel } from '../../../sim/cost-model.js';
import { emptyNetwork, type NetworkCounters } from '../traffic.js';

/** What one exchange produced: a value or an error, and the reply's size on the wire. */
export interface ExchangeOutcome<T> {
  value?: T;
  error?: Error;
  replyBytes: number;
}

/** A connection's clock-driven link and counters; see the module comment. */
export class Link {
  readonly counters: NetworkCounters = emptyNetwork();
  #readyAt: number;
  #lastExec = -Infinity;
  #lastReply = -Infinity;
  /** Exact time of this link's last delivered reply. */
  #cursor = -Infinity;

  constructor(
    readonly clock: Clock,
    readonly model: CostModel | undefined,
    readonly server: NetworkCounters,
  ) {
    this.#count('connectionsOpened', 1);
    this.#readyAt = model ? clock.now() + model.connectMs : -Infinity;
  }

  /**
   * Sends `commands` commands in one request of `requestBytes`; `run` executes them on the server
   * (synchronously) and reports the reply size. Without a cost model it runs at once.
   */
  async exchange<T>(requestBytes: number, commands: number, run: () => ExchangeOutcome<T>): Promise<T> {
    this.#count('roundTrips', 1);
    this.#count('commands', commands);
    this.#count('bytesSent', requestBytes);
    const model = this.model;
    let outcome: ExchangeOutcome<T>;
    if (!model) {
      outcome = run();
    } else {
      const sentAt = this.#exactNow();
      const cost = commandCost(model, { requestBytes, replyBytes: 0, commands });
      const execAt = Math.max(Math.max(sentAt, this.#readyAt) + cost.uplinkMs, this.#lastExec);
      this.#lastExec = execAt;
      await this.#sleepUntil(execAt);
      outcome = run();
      const replyAt = Math.max(execAt + cost.serverMs + model.roundTripMs / 2 + bytesCost(model, outcome.replyBytes), this.#lastReply);
      this.#lastReply = replyAt;
      await this.#sleepUntil(replyAt);
      this.#cursor = replyAt;
    }
    this.#count('bytesReceived', outcome.replyBytes);
    if (outcome.error) throw outcome.error;
    return outcome.value as T;
  }

  /** Exact time of the last reply while the (whole-ms) clock still shows it, else the clock. */
  #exactNow(): number {
    const now = this.clock.now();
    return Number.isInteger(now) && Math.round(this.#cursor) === now ? this.#cursor : now;
  }

  async #sleepUntil(at: number): Promise<void> {
    const now = this.clock.now();
    const target = Number.isInteger(now) ? Math.round(at) : at;
    if (target > now) await this.clock.sleep(target - now);
  }

  #count(field: keyof NetworkCounters, n: number): void {
    this.counters[field] += n;
    this.server[field] += n;
  }
}
