/**
 * The cache keys the platform's three apps build today (README.md, "1. Keys"), and the data
 * source's router that maps them to the system of record's item. Each app formats the same item
 * its own way and appends a volatile query part that never changes the value:
 *
 *   web      /users/394/posts/1?_=1767226200     cache buster: the time, rounded to 10 minutes
 *   ios      User:394:Post:1?v=7.2               app version
 *   android  user:394:post:1?lang=de-DE          locale
 *
 * The router accepts exactly these formats and the normalized keys (`user:394:post:1`); it is
 * not a normalizer (no whitespace, Unicode or escaped separators): that is the exercise.
 */
import type { Rng } from '../../workload/rng.js';
import type { ContentKind } from './types.js';

/** The apps that build cache keys. */
export type AppClient = 'web' | 'ios' | 'android';

/** Share of requests each app sends. */
const CLIENT_SHARES: Readonly<Record<AppClient, number>> = { web: 0.5, ios: 0.3, android: 0.2 };

/** The web app's cache buster rounds the time to this many seconds. */
const CACHE_BUSTER_SECONDS = 600;

/** Epoch seconds at trace time 0 (the kit's virtual clock starts at 2026-01-01T00:00:00Z). */
const TRACE_EPOCH_SECONDS = Date.UTC(2026, 0, 1) / 1000;

const IOS_VERSIONS = ['7.1', '7.2'];
const ANDROID_LOCALES = ['en-US', 'de-DE'];
const NORMALIZED = /^user:(\d+):(profile|timeline|notifications|post:(\d+))$/;

/** The parts of a normalized key `user:{id}:{kind}[:{n}]` with a numeric id. */
export interface ItemRef {
  userId: number;
  kind: ContentKind;
  /** Post number (posts only). */
  post?: number;
}

/** Parses a normalized key with a numeric user id; undefined when `key` is not one. */
export function parseNormalized(key: string): ItemRef | undefined {
  const m = NORMALIZED.exec(key);
  if (!m) return undefined;
  if (m[3] !== undefined) return { userId: Number(m[1]), kind: 'post', post: Number(m[3]) };
  return { userId: Number(m[1]), kind: m[2] as ContentKind };
}

/** The normalized key of an item. */
export function normalizedKeyOf(item: ItemRef): string {
  return item.kind === 'post' ? `user:${item.userId}:post:${item.post ?? 0}` : `user:${item.userId}:${item.kind}`;
}

/** Picks the app that sends a request. */
export function pickClient(rng: Rng): AppClient {
  const u = rng.next();
  return u < CLIENT_SHARES.web ? 'web' : u < CLIENT_SHARES.web + CLIENT_SHARES.ios ? 'ios' : 'android';
}

/** The key `client` builds for the item of normalized key `key` at trace time `tMs`. */
export function legacyKey(key: string, client: AppClient, tMs: number, rng: Rng): string {
  const item = parseNormalized(key);
  if (!item) throw new RangeError(`legacyKey: "${key}" is not a normalized key of the social platform`);
  switch (client) {
    case 'web': {
      const path = item.kind === 'post' ? `posts/${item.post}` : item.kind;
      const buster = TRACE_EPOCH_SECONDS + Math.floor(tMs / 1000 / CACHE_BUSTER_SECONDS) * CACHE_BUSTER_SECONDS;
      return `/users/${item.userId}/${path}?_=${buster}`;
    }
    case 'ios': {
      const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
      const path = item.kind === 'post' ? `Post:${item.post}` : cap(item.kind);
      return `User:${item.userId}:${path}?v=${IOS_VERSIONS[rng.int(IOS_VERSIONS.length)]}`;
    }
    case 'android':
      return `${normalizedKeyOf(item)}?lang=${ANDROID_LOCALES[rng.int(ANDROID_LOCALES.length)]}`;
  }
}

const WEB = /^\/users\/(\d+)\/(profile|timeline|notifications|posts\/(\d+))\?_=\d+$/;
const IOS = /^User:(\d+):(Profile|Timeline|Notifications|Post:(\d+))\?v=[\d.]+$/;
const ANDROID = /^(user:\d+:(?:profile|timeline|notifications|post:\d+))\?lang=[A-Za-z-]+$/;

/** The data source's router: the normalized key of an app's key, or undefined for any other string. */
export function routeKey(key: string): string | undefined {
  if (NORMALIZED.test(key)) return key;
  const android = ANDROID.exec(key);
  if (android) return android[1];
  const m = WEB.exec(key) ?? IOS.exec(key);
  if (!m) return undefined;
  const userId = Number(m[1]);
  if (m[3] !== undefined) return normalizedKeyOf({ userId, kind: 'post', post: Number(m[3]) });
  return normalizedKeyOf({ userId, kind: m[2]!.toLowerCase() as ContentKind });
}
