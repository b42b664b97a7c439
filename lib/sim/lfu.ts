/**
 * The 24-bit `lru` field Redis keeps in every object, in its two readings: an LRU clock in
 * seconds, or under an LFU policy 16 bits of "last decrement time" in minutes and an 8-bit
 * logarithmic access counter (evict.c, Redis 7).
 */

/** Largest LRU clock value (24 bits). */
export const LRU_CLOCK_MAX = (1 << 24) - 1;
/** Counter a new key starts with, so it is not evicted before it has a chance to be read. */
export const LFU_INIT_VAL = 5;

/** The LRU clock at `nowMs`: seconds, wrapped to 24 bits (Redis's LRU_CLOCK_RESOLUTION is 1 s). */
export function lruClock(nowMs: number): number {
  return Math.floor(nowMs / 1000) & LRU_CLOCK_MAX;
}

function minutes(nowMs: number): number {
  return Math.floor(nowMs / 60_000) & 65_535;
}

/** Reading and updating the LFU form of the field. */
export const LfuField = {
  /** The field of a newly created object. */
  initial(nowMs: number): number {
    return (minutes(nowMs) << 8) | LFU_INIT_VAL;
  },
  /** Packs a decrement time (now) and a counter. */
  pack(nowMs: number, counter: number): number {
    return (minutes(nowMs) << 8) | (counter & 255);
  },
  /** LFUDecrAndReturn: the counter less one per `decayMinutes` elapsed since the last decrement. */
  decayed(field: number, nowMs: number, decayMinutes: number): number {
    const ldt = field >> 8;
    const counter = field & 255;
    const now = minutes(nowMs);
    const elapsed = now >= ldt ? now - ldt : 65_535 - ldt + now;
    const periods = decayMinutes > 0 ? Math.floor(elapsed / decayMinutes) : 0;
    return periods > counter ? 0 : counter - periods;
  },
  /** LFULogIncr: +1 with probability 1 / ((counter - 5) * logFactor + 1); `r` is uniform in [0, 1). */
  increment(counter: number, logFactor: number, r: number): number {
    if (counter >= 255) return 255;
    const base = Math.max(0, counter - LFU_INIT_VAL);
    return r < 1 / (base * logFactor + 1) ? counter + 1 : counter;
  },
};
