/**
 * What exercise 2's load check reads and writes: the social platform's keys (lib/workload), each
 * user's timeline document (the feed with its media metadata: large and compressible, listing
 * 20–50 posts that Zipf popularity draws, so hot posts appear on many timelines), every value of
 * every version (JSON-safe objects whose text body comes from valueFor), and a fingerprint of each
 * so a value read back can be checked without keeping megabytes around. A key's body is built once
 * (valueFor takes ≈ 30 ms per MiB) and shared by its versions, which differ in their `version`.
 */
import { createRng } from '../../../workload/rng.js';
import { boundedPareto, KEYS_PER_USER } from '../../../workload/social-keys.js';
import { createSocialTrace, type SocialTrace } from '../../../workload/social.js';
import { valueFor } from '../../../workload/value.js';
import { zipfSampler } from '../../../workload/zipf.js';
import type { Exercise2Scenario } from './params.js';

/** One request of the plan. */
export type PlannedRequest = { kind: 'page'; user: number; profile: string; timeline: string; posts: readonly string[] } | { kind: 'write'; key: string };

/** A value as the check stores it. */
export interface CachedValue {
  key: string;
  version: number;
  body: string;
  posts?: string[];
}

const POST_SLOTS = [3, 4, 5];

/** The data of one run; see the module comment. */
export class Catalogue {
  readonly trace: SocialTrace;
  readonly #seed: string;
  readonly #scenario: Exercise2Scenario;
  readonly #posts = new Map<number, string[]>();
  readonly #fingerprints = new Map<string, string>();
  readonly #bodies = new Map<string, string>();
  readonly #postSampler: () => string;

  constructor(scenario: Exercise2Scenario, seed: number | string) {
    this.#seed = String(seed);
    this.#scenario = scenario;
    const { min, max } = scenario.smallBytes;
    this.trace = createSocialTrace({ seed, ops: scenario.requests, keys: scenario.keys, minBytes: min, maxBytes: max, peak: false });
    const space = this.trace.keySpace;
    const postKeys: string[] = [];
    for (let i = 0; i < space.count; i++) if (POST_SLOTS.includes(i % KEYS_PER_USER)) postKeys.push(space.keyAt(i));
    const order = createRng(`${seed}:post-order`);
    for (let i = postKeys.length - 1; i > 0; i--) {
      const j = order.int(i + 1);
      [postKeys[i], postKeys[j]] = [postKeys[j]!, postKeys[i]!];
    }
    const zipf = zipfSampler(postKeys.length, 1, createRng(`${seed}:post-popularity`));
    this.#postSampler = () => postKeys[zipf.sample()]!;
  }

  /** The requests of the measured phase, one per trace operation: reads are page views of the op's user. */
  plan(): PlannedRequest[] {
    const space = this.trace.keySpace;
    return [...this.trace].map((op) => {
      if (op.op === 'write') return { kind: 'write', key: op.key };
      const base = op.userId * KEYS_PER_USER;
      return { kind: 'page', user: op.userId, profile: space.keyAt(base), timeline: space.keyAt(base + 1), posts: this.postsOf(op.userId) };
    });
  }

  /** The posts on `user`'s timeline (distinct, most of them popular ones). */
  postsOf(user: number): string[] {
    let posts = this.#posts.get(user);
    if (!posts) {
      const { min, max } = this.#scenario.postsPerTimeline;
      const want = min + createRng(`${this.#seed}:timeline-length:${user}`).int(max - min + 1);
      const chosen = new Set<string>();
      for (let draws = 0; chosen.size < want && draws < want * 50; draws++) chosen.add(this.#postSampler());
      posts = [...chosen];
      this.#posts.set(user, posts);
    }
    return posts;
  }

  /** Size in bytes of `key`'s value as JSON. */
  sizeOf(key: string): number {
    const space = this.trace.keySpace;
    const index = space.indexOf(key);
    if (index % KEYS_PER_USER !== 1) return space.sizeAt(index);
    const { min, max, alpha } = this.#scenario.timelineBytes;
    return boundedPareto(createRng(`${this.#seed}:timeline-size:${index}`).next(), min, max, alpha);
  }

  /** The value of `key` at `version` (a fresh object each call); its fingerprint is remembered. */
  valueOf(key: string, version: number): CachedValue {
    const space = this.trace.keySpace;
    const index = space.indexOf(key);
    const isTimeline = index % KEYS_PER_USER === 1;
    const posts = isTimeline ? this.postsOf(space.userAt(index)) : undefined;
    let body = this.#bodies.get(key);
    if (body === undefined) {
      const overhead = posts ? JSON.stringify(posts).length + ',"posts":'.length : 0;
      body = (JSON.parse(valueFor(key, 0, Math.max(64, this.sizeOf(key) - overhead))) as CachedValue).body;
      this.#bodies.set(key, body);
    }
    const value: CachedValue = { key, version, body };
    if (posts) value.posts = [...posts];
    this.#fingerprints.set(`${key}#${version}`, fingerprint(value));
    return value;
  }

  /** The version a value read for `key` holds, or why it is not a value the check wrote. */
  verify(key: string, value: unknown): { version: number } | { wrong: string } {
    if (value === undefined) return { wrong: `read("${key}") found nothing, but every key was written before the measured phase` };
    const v: Partial<CachedValue> | null = typeof value === 'object' ? value : null;
    if (!v || typeof v !== 'object' || v.key !== key || !Number.isInteger(v.version)) {
      return { wrong: `the value read for "${key}" is not the object written for it (got ${describe(value)})` };
    }
    const expected = this.#fingerprints.get(`${key}#${v.version}`);
    if (expected === undefined) return { wrong: `the value read for "${key}" claims version ${v.version}, which was never written` };
    if (fingerprint(v as CachedValue) !== expected)
      return { wrong: `the value read for "${key}" (version ${v.version}) differs from the one written: bytes were lost or changed on the way` };
    return { version: v.version! };
  }
}

function fingerprint(v: CachedValue): string {
  const body = typeof v.body === 'string' ? v.body : '';
  const mid = Math.floor(body.length / 2);
  const posts = Array.isArray(v.posts) ? v.posts.join(',') : '-';
  return `${v.version}|${body.length}|${body.slice(0, 32)}|${body.slice(mid, mid + 32)}|${body.slice(-32)}|${posts}`;
}

function describe(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value).slice(0, 60);
  return `an object with keys ${Object.keys(value).slice(0, 5).join(', ')}`;
}
