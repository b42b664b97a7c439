/**
 * Time as every part of the kit sees it. Real runs use the wall clock; simulations use a virtual
 * clock so figures are exact and the same on every machine.
 *
 * The virtual clock installs @sinonjs/fake-timers on the global object (Date, setTimeout,
 * setInterval, performance), so code that knows nothing about it (ioredis-mock's TTLs, a
 * student's backoff sleeps) runs on virtual time too. It leaves setImmediate and process.nextTick
 * real: ioredis-mock answers on nextTick, and the driver yields through setImmediate.
 */
import FakeTimers from '@sinonjs/fake-timers';

/** Time as every part of the kit sees it. */
export interface Clock {
  /** Milliseconds since an arbitrary origin (fractional on the real clock). */
  now(): number;
  /** Resolves after `ms` milliseconds of this clock's time. */
  sleep(ms: number): Promise<void>;
}

/** The wall clock. */
export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/** Thrown when simulated work waits on something no timer will ever deliver. */
export class VirtualClockStalledError extends Error {
  readonly code = 'E_VIRTUAL_CLOCK_STALLED';
  constructor(readonly virtualMs: number) {
    super(
      `The simulation stalled at virtual time ${virtualMs} ms: the work is waiting on something ` +
        'that never resolves (no timer is pending). Check for a promise that is never settled.',
    );
  }
}

/** Thrown when simulated work runs past its virtual-time limit. */
export class VirtualTimeLimitError extends Error {
  readonly code = 'E_VIRTUAL_TIME_LIMIT';
  constructor(readonly limitMs: number) {
    super(`The simulation ran past its limit of ${limitMs} ms of virtual time.`);
  }
}

let active: VirtualClock | undefined;

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A virtual clock. `run(work)` installs fake timers, drives them until `work` settles, then
 * restores the real ones. Only one virtual clock can run at a time in a process.
 */
export class VirtualClock implements Clock {
  #fake: ReturnType<ReturnType<typeof FakeTimers.withGlobal>['install']> | undefined;
  #origin: number;

  /** @param origin virtual epoch in ms (what `Date.now()` reads when the run starts). */
  constructor(origin = Date.UTC(2026, 0, 1)) {
    this.#origin = origin;
  }

  now(): number {
    return this.#fake ? this.#fake.now : this.#origin;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  }

  /** Runs `work` on virtual time; rejects if it stalls or runs past `limitMs` of virtual time. */
  async run<T>(work: () => Promise<T>, { limitMs = 24 * 3600_000 } = {}): Promise<T> {
    if (active) throw new Error('A virtual clock is already running in this process.');
    active = this; // eslint-disable-line @typescript-eslint/no-this-alias -- the one clock running in this process
    const fake = FakeTimers.withGlobal(globalThis).install({
      now: this.#origin,
      toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'],
      loopLimit: 10_000_000,
    });
    this.#fake = fake;
    const start = fake.now;
    // A sentinel timer at the limit: nextAsync runs it before any timer scheduled past the limit.
    // Timers cap at 2^31-1 ms (about 24.8 days); past that the loop's own check below applies.
    let limitHit = false;
    const sentinel =
      limitMs <= MAX_TIMER_MS
        ? setTimeout(() => {
            limitHit = true;
          }, limitMs)
        : undefined;
    let settled = false;
    // A synchronous throw must not leave the fake timers installed.
    const started = (async () => work())();
    const result = started.finally(() => {
      settled = true;
    });
    result.catch(() => undefined);
    try {
      let idle = 0;
      while (!settled) {
        if (limitHit || fake.now - start > limitMs) throw new VirtualTimeLimitError(limitMs);
        if (fake.countTimers() <= (sentinel === undefined ? 0 : 1)) {
          // Nothing scheduled: let real microtasks and nextTicks run a few times before giving up.
          await new Promise((resolve) => setImmediate(resolve));
          if (++idle > 1000) throw new VirtualClockStalledError(fake.now - start);
          continue;
        }
        idle = 0;
        await fake.nextAsync();
      }
      return await result;
    } finally {
      if (sentinel !== undefined) clearTimeout(sentinel);
      this.#origin = fake.now;
      fake.uninstall();
      this.#fake = undefined;
      active = undefined;
    }
  }
}
