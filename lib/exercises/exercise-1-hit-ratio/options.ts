/**
 * Defaults and validation of exercise 1's constructor options (given code, so the exercise is
 * about hit ratio rather than argument checking).
 */
import { InvalidOptionError } from './errors.js';
import type { HitRatioOptions } from './types.js';

/** Options with every default filled in. */
export type ResolvedHitRatioOptions = Required<HitRatioOptions>;

function integer(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(name, value, `an integer in [${min}, ${max}] (default ${fallback})`);
  }
  return value;
}

/** Validates the optimizer's options; throws InvalidOptionError (E_INVALID_OPTION) naming a bad one. */
export function resolveHitRatioOptions(options: HitRatioOptions = {}): ResolvedHitRatioOptions {
  if (options === null || typeof options !== 'object') throw new InvalidOptionError('(options)', options, 'an object');
  const known = ['partitions', 'warmConcurrency', 'warmTimeoutMs'];
  for (const name of Object.keys(options)) {
    if (!known.includes(name)) throw new InvalidOptionError(name, (options as Record<string, unknown>)[name], `left out: the options are ${known.join(', ')}`);
  }
  return {
    partitions: integer('partitions', options.partitions, 8, 1, 16_384),
    warmConcurrency: integer('warmConcurrency', options.warmConcurrency, 8, 1, 1_000),
    warmTimeoutMs: integer('warmTimeoutMs', options.warmTimeoutMs, 2_000, 1, 3_600_000),
  };
}
