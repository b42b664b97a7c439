/**
 * Defaults and validation of exercise 2's options and arguments (given code, so the exercise is
 * about latency rather than argument checking). Each resolver returns every option filled in or
 * throws an InvalidOptionError naming the option and what it must be.
 */
import { InvalidKeyError, InvalidOptionError, InvalidValueError } from './errors.js';
import type { LatencyOptions, LocalTierOptions } from './types.js';

/** LatencyOptimizer options with defaults filled in. */
export type ResolvedLatencyOptions = Required<LatencyOptions>;

/** The defaults, in one place (README.md lists them too). */
export const LATENCY_DEFAULTS: Readonly<ResolvedLatencyOptions> = Object.freeze({
  connections: 4,
  compressionThreshold: 4096,
  localMaxBytes: 16 * 1024 * 1024,
  localMaxEntries: 10_000,
  localTtlMs: 5_000,
  channel: 'cachelab:invalidate',
});

const OWNER = 'LatencyOptimizer';
const KNOWN = Object.keys(LATENCY_DEFAULTS);

// `fallback` undefined: the option is required.
function int(owner: string, name: string, value: unknown, fallback: number | undefined, min: number, example: string): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new InvalidOptionError(owner, name, value, `an integer ≥ ${min} (e.g. ${example})`);
  }
  return value;
}

/** Validates LatencyOptimizer options (see {@link LatencyOptions} for the defaults). */
export function resolveLatencyOptions(options: LatencyOptions = {}): ResolvedLatencyOptions {
  if (options === null || typeof options !== 'object') throw new InvalidOptionError(OWNER, 'options', options, 'an object');
  for (const name of Object.keys(options)) {
    if (!KNOWN.includes(name))
      throw new InvalidOptionError(
        OWNER,
        `options.${name}`,
        (options as Record<string, unknown>)[name],
        `left out: it is not an option (known: ${KNOWN.join(', ')})`,
      );
  }
  const d = LATENCY_DEFAULTS;
  const channel = options.channel ?? d.channel;
  if (typeof channel !== 'string' || channel.length === 0)
    throw new InvalidOptionError(OWNER, 'options.channel', channel, "a non-empty string such as 'cachelab:invalidate'");
  return {
    connections: int(OWNER, 'options.connections', options.connections, d.connections, 1, '4'),
    compressionThreshold: int(OWNER, 'options.compressionThreshold', options.compressionThreshold, d.compressionThreshold, 0, '4096'),
    localMaxBytes: int(OWNER, 'options.localMaxBytes', options.localMaxBytes, d.localMaxBytes, 0, '16777216'),
    localMaxEntries: int(OWNER, 'options.localMaxEntries', options.localMaxEntries, d.localMaxEntries, 0, '10000'),
    localTtlMs: int(OWNER, 'options.localTtlMs', options.localTtlMs, d.localTtlMs, 0, '5000'),
    channel,
  };
}

/** Validates LocalTier options; all three are required. */
export function resolveLocalTierOptions(options: LocalTierOptions): LocalTierOptions {
  const owner = 'LocalTier';
  if (options === null || typeof options !== 'object') throw new InvalidOptionError(owner, 'options', options, 'an object { maxBytes, maxEntries, ttlMs }');
  return {
    maxBytes: int(owner, 'options.maxBytes', options.maxBytes, undefined, 0, '16777216'),
    maxEntries: int(owner, 'options.maxEntries', options.maxEntries, undefined, 0, '10000'),
    ttlMs: int(owner, 'options.ttlMs', options.ttlMs, undefined, 0, '5000'),
  };
}

/** Throws an InvalidKeyError unless `key` is a non-empty string. */
export function assertKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) throw new InvalidKeyError(key);
}

/** Throws an InvalidKeyError unless `keys` is an array of non-empty strings (an empty array is fine). */
export function assertKeys(keys: unknown): asserts keys is readonly string[] {
  if (!Array.isArray(keys)) throw new InvalidKeyError(keys);
  for (const key of keys) assertKey(key);
}

/** Throws an InvalidValueError for `undefined` (it means "not cached" in read()). */
export function assertValue(key: string, value: unknown): void {
  if (value === undefined) throw new InvalidValueError(value, key);
}
