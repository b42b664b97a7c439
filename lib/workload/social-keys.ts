/**
 * The social platform's key space (user profiles, posts, timelines, notifications).
 * Key i belongs to user ⌊i / 6⌋: slot 0 is the profile, 1 the timeline, 2 the notifications,
 * 3–5 three posts. Keys are hierarchical (`user:{id}:…`) so they can be partitioned by user.
 * A key's value size depends only on the key and the size options, never on the trace seed, so
 * a data source and a trace built from the same options agree on every size.
 */
import { OptionChecker } from './errors.js';

/** What a key holds. */
export type SocialKind = 'profile' | 'post' | 'timeline' | 'notification';

/** Keys per user: profile, timeline, notifications and three posts. */
export const KEYS_PER_USER = 6;

/** Options of {@link createSocialKeySpace}. */
export interface SocialKeySpaceOptions {
  /** Number of distinct keys. Default 10,000. */
  keys?: number;
  /** Smallest value in bytes. Default 1 KiB (the platform's smallest value). */
  minBytes?: number;
  /** Largest value in bytes. Default 10 MiB (the platform's largest value). */
  maxBytes?: number;
  /** Pareto shape of value sizes: lower is heavier-tailed. Default 1.2 (median ≈ 1.8 KiB). */
  sizeAlpha?: number;
  /** Prepended to every key (e.g. a per-test namespace). Default ''. */
  keyPrefix?: string;
}

/** The key space with every default filled in. */
export interface SocialKeySpace {
  readonly options: Readonly<Required<SocialKeySpaceOptions>>;
  readonly count: number;
  keyAt(index: number): string;
  kindAt(index: number): SocialKind;
  userAt(index: number): number;
  /** Value size in bytes of key `index`. */
  sizeAt(index: number): number;
  /** Index of `key`, or -1 when the key is not in this space. */
  indexOf(key: string): number;
}

const SLOT_KINDS: readonly SocialKind[] = ['profile', 'timeline', 'notification', 'post', 'post', 'post'];
const SLOT_SUFFIX = ['profile', 'timeline', 'notifications', 'post:0', 'post:1', 'post:2'];
const KEY_PATTERN = /^user:(\d+):(profile|timeline|notifications|post:[0-2])$/;

/** Option names of {@link createSocialKeySpace}. */
export const KEY_SPACE_OPTIONS = ['keys', 'minBytes', 'maxBytes', 'sizeAlpha', 'keyPrefix'] as const;

// murmur3's 32-bit finalizer: a fixed integer hash, so sizes never depend on floating-point libm.
function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** A bounded-Pareto draw in [min, max] for a uniform `u` in [0, 1) (inverse CDF). */
export function boundedPareto(u: number, min: number, max: number, alpha: number): number {
  const ratio = Math.pow(min / max, alpha);
  const x = min / Math.pow(1 - u * (1 - ratio), 1 / alpha);
  return Math.min(max, Math.max(min, Math.round(x)));
}

/** Builds a key space, validating its options (errors name the option). */
export function createSocialKeySpace(options: SocialKeySpaceOptions = {}, generator = 'social key space'): SocialKeySpace {
  const check = new OptionChecker(generator);
  const count = check.int('keys', options.keys ?? 10_000, 1, 100_000_000);
  const minBytes = check.int('minBytes', options.minBytes ?? 1024, 1);
  const maxBytes = check.int('maxBytes', options.maxBytes ?? 10 * 1024 * 1024, minBytes, 512 * 1024 * 1024);
  const sizeAlpha = check.num('sizeAlpha', options.sizeAlpha ?? 1.2, 0, 10, { min: true });
  const keyPrefix = options.keyPrefix ?? '';
  if (typeof keyPrefix !== 'string') check.fail('keyPrefix', keyPrefix, 'a string');
  const resolved = Object.freeze({ keys: count, minBytes, maxBytes, sizeAlpha, keyPrefix });
  const inRange = (index: number): void => {
    if (!Number.isInteger(index) || index < 0 || index >= count) {
      throw new RangeError(`social key space: index ${index} is outside [0, ${count})`);
    }
  };
  return {
    options: resolved,
    count,
    keyAt(index) {
      inRange(index);
      return `${keyPrefix}user:${Math.floor(index / KEYS_PER_USER)}:${SLOT_SUFFIX[index % KEYS_PER_USER]}`;
    },
    kindAt(index) {
      inRange(index);
      return SLOT_KINDS[index % KEYS_PER_USER]!;
    },
    userAt(index) {
      inRange(index);
      return Math.floor(index / KEYS_PER_USER);
    },
    sizeAt(index) {
      inRange(index);
      return boundedPareto(mix32(index ^ 0x5bd1e995) / 4294967296, minBytes, maxBytes, sizeAlpha);
    },
    indexOf(key) {
      if (!key.startsWith(keyPrefix)) return -1;
      const match = KEY_PATTERN.exec(key.slice(keyPrefix.length));
      if (!match) return -1;
      const user = Number(match[1]);
      const index = user * KEYS_PER_USER + SLOT_SUFFIX.indexOf(match[2]!);
      return String(user) === match[1] && index < count ? index : -1;
    },
  };
}
