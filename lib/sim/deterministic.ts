/**
 * Runs simulated work so that its figures are a pure function of the seed: virtual time (see
 * lib/sim/clock.ts) and a seeded Math.random for the duration of the run, so a student's jitter,
 * XFetch draws and backoff are reproducible and the same submission gets the same score.
 */
import { VirtualClock } from './clock.js';
import { createRng } from '../workload/rng.js';

/** Options of {@link runDeterministic}. */
export interface DeterministicOptions {
  /** Virtual time after which the run is abandoned (default 24 h). */
  limitMs?: number;
}

/** Runs `work(clock)` on a fresh virtual clock with Math.random seeded from `seed`. */
export async function runDeterministic<T>(seed: number | string, work: (clock: VirtualClock) => Promise<T>, options: DeterministicOptions = {}): Promise<T> {
  const clock = new VirtualClock();
  const rng = createRng(seed);
  const original = Math.random;
  Math.random = () => rng.next();
  try {
    return await clock.run(() => work(clock), options);
  } finally {
    Math.random = original;
  }
}
