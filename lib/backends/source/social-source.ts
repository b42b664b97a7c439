/**
 * The social platform's system of record as a keyed data source: a key of the social key space
 * → the deterministic value of its current version (see lib/workload/value.ts). A write bumps
 * the key's version, so a cache holding the old value is now stale and a test can tell.
 * Loads and writes are counted separately (`stats`, `writeStats`).
 */
import type { LoaderStats } from '../types.js';
import { createSocialKeySpace, type SocialKeySpace, type SocialKeySpaceOptions } from '../../workload/social-keys.js';
import { valueFor } from '../../workload/value.js';
import { countingSource, type CountingSource, type CountingSourceOptions } from './counting.js';
import { BadSourceKeyError } from './errors.js';

/** A social data source, embedded or MySQL-backed. */
export interface SocialSource extends CountingSource<string> {
  readonly keySpace: SocialKeySpace;
  /** Bumps the key's version (storing the new value); resolves to the new version. */
  write(key: string): Promise<number>;
  /** The key's current version (0 until the first write). */
  version(key: string): Promise<number>;
  /** Calls to write(), counted like loads. */
  readonly writeStats: Readonly<LoaderStats>;
  /** Forgets every write (all keys back to version 0). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** Options of the social sources: counting options plus the latency/faults of writes. */
export interface SocialSourceOptions extends CountingSourceOptions {
  /** Counting options of write() (latency, faults). Default: the loads' clock and latency, no faults. */
  writes?: CountingSourceOptions;
  /** Largest value in bytes; larger keys get a value of this size. Default: no cap (embedded), 64 KiB (MySQL). */
  maxValueBytes?: number;
}

/** The key space of `spec` (a key space, or options to build one). */
export function toKeySpace(spec: SocialKeySpace | SocialKeySpaceOptions = {}): SocialKeySpace {
  return 'keyAt' in spec ? spec : createSocialKeySpace(spec);
}

/** The index of `key` in `space`; throws a {@link BadSourceKeyError} when it is not there. */
export function indexOfKey(space: SocialKeySpace, key: string): number {
  const index = space.indexOf(key);
  if (index < 0) {
    const example = space.keyAt(0);
    throw new BadSourceKeyError(key, `a key of the social key space (${space.count} keys), e.g. "${example}"`);
  }
  return index;
}

/** Validates the `maxValueBytes` option (`fallback` when absent). */
export function checkValueCap(value: number | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const cap = value ?? fallback;
  if (!Number.isInteger(cap) || cap < 1 || cap > max) {
    throw new RangeError(`social source: option "maxValueBytes" must be an integer in [1, ${max}], got ${String(value)}`);
  }
  return cap;
}

/** The parts every social source shares: counted load/write around two plain functions. */
export function assembleSocialSource(
  keySpace: SocialKeySpace,
  impl: {
    // Handed on as functions to countingSource: properties, so no implementation may rely on `this`.
    load: (key: string) => Promise<string>;
    write: (key: string) => Promise<number>;
    version(key: string): Promise<number>;
    reset(): Promise<void>;
    close(): Promise<void>;
  },
  options: SocialSourceOptions,
): SocialSource {
  const { writes, maxValueBytes: _cap, ...loadOptions } = options;
  const loader = countingSource(impl.load, loadOptions);
  const writer = countingSource(impl.write, writes ?? { clock: loadOptions.clock, latencyMs: loadOptions.latencyMs });
  return {
    keySpace,
    stats: loader.stats,
    load: (key) => loader.load(key),
    resetStats() {
      loader.resetStats();
      writer.resetStats();
    },
    setFault: (fault) => loader.setFault(fault),
    write: (key) => writer.load(key),
    writeStats: writer.stats,
    version: (key) => impl.version(key),
    reset: () => impl.reset(),
    close: () => impl.close(),
  };
}

/** An in-process social source: versions in a Map, values generated on each load. */
export function createEmbeddedSocialSource(spec?: SocialKeySpace | SocialKeySpaceOptions, options: SocialSourceOptions = {}): SocialSource {
  const keySpace = toKeySpace(spec);
  const cap = checkValueCap(options.maxValueBytes, Number.MAX_SAFE_INTEGER);
  const versions = new Map<string, number>();
  return assembleSocialSource(
    keySpace,
    {
      async load(key) {
        const index = indexOfKey(keySpace, key);
        return valueFor(key, versions.get(key) ?? 0, Math.min(cap, keySpace.sizeAt(index)));
      },
      async write(key) {
        indexOfKey(keySpace, key);
        const next = (versions.get(key) ?? 0) + 1;
        versions.set(key, next);
        return next;
      },
      async version(key) {
        indexOfKey(keySpace, key);
        return versions.get(key) ?? 0;
      },
      async reset() {
        versions.clear();
      },
      async close() {},
    },
    options,
  );
}
