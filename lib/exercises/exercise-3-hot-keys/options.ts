/**
 * Defaults and validation of exercise 3's constructor options (given code, so the exercise is about
 * hot keys rather than argument checking), the key and value checks, and how many nodes a cluster
 * client reaches. Each resolver returns every option filled in or throws an InvalidOptionError
 * naming the option and what it must be.
 */
import { InvalidKeyError, InvalidOptionError, InvalidValueError } from './errors.js';
import type { DetectorOptions, HotKeyAlert, HotKeyCache, HotKeyOptions } from './types.js';

/** Detector options with defaults filled in. */
export type ResolvedDetectorOptions = Required<DetectorOptions>;
/** Mitigator options with defaults filled in. */
export type ResolvedHotKeyOptions = Required<HotKeyOptions>;

type Check = (value: number) => boolean;
const positive: Check = (v) => Number.isFinite(v) && v > 0;
const positiveInt: Check = (v) => Number.isInteger(v) && v > 0;

function num(owner: string, name: string, value: unknown, fallback: number, ok: Check, expected: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !ok(value)) throw new InvalidOptionError(owner, name, value, expected);
  return value;
}

function fn<F>(owner: string, name: string, value: unknown, fallback: F, expected: string): F {
  if (value === undefined) return fallback;
  if (typeof value !== 'function') throw new InvalidOptionError(owner, name, value, expected);
  return value as F;
}

// Read Math.random at call time: the load check seeds it for the length of a run.
const mathRandom = (): number => Math.random();
const ignoreAlert = (_alert: HotKeyAlert): void => undefined;

/** Validates HotKeyDetector options (see {@link DetectorOptions} for the defaults). */
export function resolveDetectorOptions(options: DetectorOptions = {}, owner = 'HotKeyDetector'): ResolvedDetectorOptions {
  if (options === null || typeof options !== 'object') throw new InvalidOptionError(owner, 'options', options, 'an object (or nothing)');
  return {
    windowMs: num(owner, 'options.windowMs', options.windowMs, 1_000, positive, 'a positive number of milliseconds (e.g. 1000)'),
    maxTrackedKeys: num(owner, 'options.maxTrackedKeys', options.maxTrackedKeys, 1_000, positiveInt, 'an integer ≥ 1 (e.g. 1000)'),
  };
}

/** Validates HotKeyMitigator options (see {@link HotKeyOptions} for the defaults). */
export function resolveHotKeyOptions(options: HotKeyOptions = {}): ResolvedHotKeyOptions {
  const owner = 'HotKeyMitigator';
  const detector = resolveDetectorOptions(options, owner);
  return {
    ...detector,
    threshold: num(owner, 'options.threshold', options.threshold, 1_000, positive, 'a positive number of accesses per window (e.g. 1000)'),
    coolDownRatio: num(owner, 'options.coolDownRatio', options.coolDownRatio, 0.5, (v) => v > 0 && v <= 1, 'a fraction in (0, 1] (e.g. 0.5)'),
    replicas: num(owner, 'options.replicas', options.replicas, 3, positiveInt, 'an integer ≥ 1 (e.g. 3)'),
    maxStalenessMs: num(owner, 'options.maxStalenessMs', options.maxStalenessMs, 100, positive, 'a positive number of milliseconds (e.g. 100)'),
    onAlert: fn(owner, 'options.onAlert', options.onAlert, ignoreAlert, 'a function (alert) => void'),
    random: fn(owner, 'options.random', options.random, mathRandom, 'a function returning numbers in [0, 1)'),
  };
}

/** Throws an InvalidKeyError unless `key` is a non-empty string. */
export function assertKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) throw new InvalidKeyError(key);
}

/** Throws an InvalidValueError unless `value` is a string. */
export function assertValue(key: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') throw new InvalidValueError(key, value);
}

/** Number of nodes the cluster client reaches (nodeClient(i) exists for i = 0 … n-1). */
export function clusterNodeCount(cache: HotKeyCache): number {
  let n = 0;
  for (;;) {
    try {
      cache.nodeClient(n);
    } catch (error) {
      if (error instanceof RangeError) return n;
      throw error;
    }
    n++;
  }
}
