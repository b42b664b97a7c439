/**
 * Time of day in a trace: a simulated day of `dayMs` milliseconds, a peak window (the
 * platform's evening, 6 PM – 10 PM) during which traffic arrives at `ratePerSec`, and a quieter rest of the day at
 * `ratePerSec / factor`. Arrivals are Poisson: exponential gaps at the rate of the moment.
 */
import type { Rng } from './rng.js';

/** The busy hours of the day. */
export interface PeakWindow {
  /** Hour the peak starts, in [0, 24). Default 18. */
  startHour: number;
  /** Hour the peak ends, in [0, 24]; may be before `startHour` to wrap midnight. Default 22. */
  endHour: number;
  /** How many times busier the peak is than the rest of the day. Default 3. */
  factor: number;
}

/** The resolved time model of a trace. */
export interface DayModel {
  /** Arrival rate during the peak (or all day when `peak` is false), per second of trace time. */
  ratePerSec: number;
  /** Hour of the simulated day at t = 0. */
  startHour: number;
  /** Length of a simulated day in ms (86,400,000 for a real day; less to compress it). */
  dayMs: number;
  peak: PeakWindow | false;
}

/** Hour of the simulated day (fractional, in [0, 24)) at trace time `tMs`. */
export function hourAt(tMs: number, day: DayModel): number {
  const hourMs = day.dayMs / 24;
  const ms = (day.startHour * hourMs + tMs) % day.dayMs;
  return ms / hourMs;
}

/** True when trace time `tMs` falls in the peak window. */
export function isPeak(tMs: number, day: DayModel): boolean {
  if (!day.peak) return false;
  const hour = hourAt(tMs, day);
  const { startHour, endHour } = day.peak;
  return startHour <= endHour ? hour >= startHour && hour < endHour : hour >= startHour || hour < endHour;
}

/** Arrival rate per second at trace time `tMs`. */
export function rateAt(tMs: number, day: DayModel): number {
  if (!day.peak) return day.ratePerSec;
  return isPeak(tMs, day) ? day.ratePerSec : day.ratePerSec / day.peak.factor;
}

/** Gap in ms to the next arrival after `tMs` (exponential at the rate of the moment). */
export function nextGapMs(tMs: number, day: DayModel, rng: Rng): number {
  return (-Math.log(1 - rng.next()) / rateAt(tMs, day)) * 1000;
}
