/**
 * Exercise 1, part 1 (reference solution): one normalized, hierarchical key per item, whatever
 * app built the legacy key, and the partition an item belongs to.
 */
import { InvalidKeyError } from '../../lib/exercises/exercise-1-hit-ratio/errors.js';
import type { ContentKind, Partition } from '../../lib/exercises/exercise-1-hit-ratio/types.js';

const SINGLE: Record<string, ContentKind> = {
  profile: 'profile',
  timeline: 'timeline',
  notifications: 'notifications',
  notification: 'notifications',
};

/** Percent-encodes what would make two ids collide or a key ambiguous: the separators, %, ?, #, whitespace. */
export function encodeId(id: string): string {
  return id.replace(/[%:/?#\s]/gu, (c) => encodeURIComponent(c));
}

/**
 * The normalized key of a legacy key: `user:{id}:profile|timeline|notifications|post:{n}`.
 * Throws InvalidKeyError when `key` names no item.
 */
export function normalizeKey(key: string): string {
  if (typeof key !== 'string') throw new InvalidKeyError(key, 'not a string');
  // NFKC first: full-width letters and digits, composed and decomposed accents become one form.
  let path = key.normalize('NFKC').trim();
  const query = path.indexOf('?');
  if (query >= 0) path = path.slice(0, query); // every query parameter is volatile
  const separator = path.includes('/') ? '/' : ':';
  const parts = path.split(separator).map((p) => p.trim());
  if (parts[0] === '' && separator === '/') parts.shift(); // web keys start with "/"
  if (parts.at(-1) === '' && parts.length > 1) parts.pop();
  const [head, rawId, resource, number] = parts;
  if (head === undefined || !['user', 'users'].includes(head.toLowerCase())) throw new InvalidKeyError(key, 'it must start with "user"');
  let id: string;
  try {
    id = decodeURIComponent(rawId ?? '')
      .normalize('NFKC')
      .trim();
  } catch (error) {
    throw new InvalidKeyError(key, `the id "${rawId}" is badly percent-encoded`);
  }
  if (id === '') throw new InvalidKeyError(key, 'the user id is missing');
  const word = (resource ?? '').toLowerCase();
  const single = SINGLE[word];
  if (single && parts.length === 3) return `user:${encodeId(id)}:${single}`;
  if ((word === 'post' || word === 'posts') && parts.length === 4 && /^\d+$/.test(number ?? '')) {
    return `user:${encodeId(id)}:post:${Number(number)}`;
  }
  throw new InvalidKeyError(key, `"${parts.slice(2).join(separator)}" is not profile, timeline, notifications or post/<n>`);
}

/** The (encoded) user id and the data type of a normalized key. */
export function splitNormalized(key: string): { id: string; type: ContentKind; resource: string } {
  const [, id, type, n] = key.split(':');
  return { id: id!, type: type as ContentKind, resource: n === undefined ? type! : `${type}:${n}` };
}

// FNV-1a, then murmur3's finalizer: FNV alone leaves the low bits (which `% partitions` keeps)
// poorly mixed for short decimal ids. Written by hand: 10 lines, no dependency needed.
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The partition of a key: its data type, and a shard chosen by hashing the user id, so all of a
 * user's items share a shard (one round trip preloads a session) and users spread evenly.
 */
export function partitionOf(key: string, partitions: number): Partition {
  const { id, type } = splitNormalized(normalizeKey(key));
  return { type, shard: hash(id) % partitions };
}
