/**
 * Fixture submissions for the similarity check (issue 18): one exercise (an LRU cache with a
 * stub), an original solution, a byte-identical copy, a copy with every name changed, a copy with
 * its methods in another order, and two solutions written independently. The copies and the
 * original must be flagged pairwise; no pair with an independent solution may be.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ExerciseEntry } from '../../lib/manifest.js';

/** The fixture exercise as a manifest would list it. */
export const LRU: ExerciseEntry = {
  id: 8,
  slug: 'exercise-8-lru',
  title: 'LRU cache',
  files: { stubs: ['lru.ts', 'stats.ts'], test: 'exercise-8.test.ts', readme: 'README.md', analysis: 'ANALYSIS.md' },
  points: 100,
};

/** The kit's stubs: what every student starts from. */
const LRU_STUB = {
  'lru.ts': `/** A fixed-capacity cache that evicts the least recently used key. */
export class LruCache<V> {
  constructor(readonly capacity: number) {
    if (capacity < 1) throw new RangeError('capacity must be at least 1');
  }

  /** The value of \`key\`, marking it most recently used. */
  get(key: string): V | undefined {
    // TODO: look the key up and mark it as most recently used.
    throw new Error('TODO: LruCache.get');
  }

  /** Stores \`value\`, evicting the least recently used key when full. */
  set(key: string, value: V): void {
    // TODO: store the value; evict when over capacity.
    throw new Error('TODO: LruCache.set');
  }

  /** How many keys are cached. */
  get size(): number {
    throw new Error('TODO: LruCache.size');
  }
}
`,
  'stats.ts': `/** Hit and miss counters of a cache. */
export interface Stats {
  hits: number;
  misses: number;
}

/** The hit ratio of \`stats\` (0 when nothing was asked). */
export function hitRatio(stats: Stats): number {
  throw new Error('TODO: hitRatio');
}
`,
};

const ORIGINAL = {
  'lru.ts': `/** A fixed-capacity cache that evicts the least recently used key. */
export class LruCache<V> {
  #entries = new Map<string, V>();
  #evictions = 0;

  constructor(readonly capacity: number) {
    if (capacity < 1) throw new RangeError('capacity must be at least 1');
  }

  /** The value of \`key\`, marking it most recently used. */
  get(key: string): V | undefined {
    if (!this.#entries.has(key)) return undefined;
    const found = this.#entries.get(key) as V;
    this.#entries.delete(key);
    this.#entries.set(key, found);
    return found;
  }

  /** Stores \`value\`, evicting the least recently used key when full. */
  set(key: string, value: V): void {
    if (this.#entries.has(key)) this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
      this.#evictions += 1;
    }
  }

  /** Keys from least to most recently used, for debugging. */
  keysInOrder(): string[] {
    const order: string[] = [];
    for (const k of this.#entries.keys()) order.push(k);
    return order;
  }

  /** How many keys were evicted so far. */
  get evictions(): number {
    return this.#evictions;
  }

  /** How many keys are cached. */
  get size(): number {
    return this.#entries.size;
  }
}
`,
  'stats.ts': `/** Hit and miss counters of a cache. */
export interface Stats {
  hits: number;
  misses: number;
}

/** The hit ratio of \`stats\` (0 when nothing was asked). */
export function hitRatio(stats: Stats): number {
  const asked = stats.hits + stats.misses;
  if (asked === 0) return 0;
  return Math.round((stats.hits / asked) * 10_000) / 10_000;
}
`,
};

/** The original with every name of the student's own changed (what a copier does first). */
function renamed(files: Record<string, string>): Record<string, string> {
  const names: [RegExp, string][] = [
    [/#entries/g, '#store'],
    [/#evictions/g, '#dropped'],
    [/\bfound\b/g, 'hit'],
    [/\boldest\b/g, 'victim'],
    [/\border\b/g, 'result'],
    [/\bk\b/g, 'name'],
    [/\basked\b/g, 'total'],
    [/keysInOrder/g, 'listKeys'],
    [/\bevictions\b/g, 'droppedCount'],
  ];
  return Object.fromEntries(Object.entries(files).map(([f, text]) => [f, names.reduce((t, [from, to]) => t.replace(from, to), text)]));
}

/** The original with its class members in another order. */
function reordered(files: Record<string, string>): Record<string, string> {
  const lru = files['lru.ts']!;
  const body = lru.slice(lru.indexOf('\n  /** The value of'), lru.lastIndexOf('\n}'));
  const members = body.split('\n\n').map((m) => m.replace(/^\n/, ''));
  const head = lru.slice(0, lru.indexOf('\n  /** The value of'));
  const shuffled = [members[4], members[2], members[0], members[3], members[1]];
  return { ...files, 'lru.ts': `${head}\n${shuffled.join('\n\n')}\n}\n` };
}

/** A doubly linked list and an index: the textbook LRU, written independently. */
const LINKED = {
  'lru.ts': `/** A fixed-capacity cache that evicts the least recently used key. */
interface Node<V> { key: string; value: V; prev: Node<V> | null; next: Node<V> | null }

export class LruCache<V> {
  private readonly index: Record<string, Node<V>> = {};
  private head: Node<V> | null = null;
  private tail: Node<V> | null = null;
  private count = 0;

  constructor(readonly capacity: number) {
    if (capacity < 1) throw new RangeError('capacity must be at least 1');
  }

  private unlink(node: Node<V>): void {
    if (node.prev) node.prev.next = node.next; else this.head = node.next;
    if (node.next) node.next.prev = node.prev; else this.tail = node.prev;
    node.prev = node.next = null;
  }

  private pushFront(node: Node<V>): void {
    node.next = this.head;
    if (this.head) this.head.prev = node;
    this.head = node;
    if (!this.tail) this.tail = node;
  }

  get(key: string): V | undefined {
    const node = this.index[key];
    if (node === undefined) return undefined;
    this.unlink(node);
    this.pushFront(node);
    return node.value;
  }

  set(key: string, value: V): void {
    const existing = this.index[key];
    if (existing) {
      existing.value = value;
      this.unlink(existing);
      this.pushFront(existing);
      return;
    }
    const node: Node<V> = { key, value, prev: null, next: null };
    this.index[key] = node;
    this.pushFront(node);
    this.count++;
    if (this.count > this.capacity && this.tail) {
      const last = this.tail;
      this.unlink(last);
      delete this.index[last.key];
      this.count--;
    }
  }

  get size(): number {
    return this.count;
  }
}
`,
  'stats.ts': `/** Hit and miss counters of a cache. */
export interface Stats {
  hits: number;
  misses: number;
}

/** The hit ratio of \`stats\` (0 when nothing was asked). */
export function hitRatio({ hits, misses }: Stats): number {
  return hits + misses > 0 ? hits / (hits + misses) : 0;
}
`,
};

/** Timestamps and a scan for the oldest: a slower, equally honest LRU. */
const STAMPED = {
  'lru.ts': `/** A fixed-capacity cache that evicts the least recently used key. */
export class LruCache<V> {
  private clock = 0;
  private readonly values = new Map<string, { value: V; usedAt: number }>();

  constructor(readonly capacity: number) {
    if (capacity < 1) throw new RangeError('capacity must be at least 1');
  }

  /** The value of \`key\`, marking it most recently used. */
  get(key: string): V | undefined {
    const slot = this.values.get(key);
    if (slot === undefined) {
      return undefined;
    }
    slot.usedAt = ++this.clock;
    return slot.value;
  }

  /** Stores \`value\`, evicting the least recently used key when full. */
  set(key: string, value: V): void {
    this.values.set(key, { value, usedAt: ++this.clock });
    if (this.values.size <= this.capacity) {
      return;
    }
    let victim: string | null = null;
    let stamp = Infinity;
    this.values.forEach((slot, name) => {
      if (slot.usedAt < stamp) {
        stamp = slot.usedAt;
        victim = name;
      }
    });
    if (victim !== null) this.values.delete(victim);
  }

  /** How many keys are cached. */
  get size(): number {
    return this.values.size;
  }
}
`,
  'stats.ts': `/** Hit and miss counters of a cache. */
export interface Stats {
  hits: number;
  misses: number;
}

/** The hit ratio of \`stats\` (0 when nothing was asked). */
export function hitRatio(stats: Stats): number {
  let ratio = 0;
  const all = [stats.hits, stats.misses].reduce((a, b) => a + b, 0);
  if (all > 0) {
    ratio = stats.hits / all;
  }
  return ratio;
}
`,
};

/** Each fixture student's files, by name. */
const SIMILARITY_STUDENTS: Record<string, Record<string, string>> = {
  ada: ORIGINAL,
  bob: { ...ORIGINAL },
  cy: renamed(ORIGINAL),
  dee: reordered(ORIGINAL),
  eve: LINKED,
  fay: STAMPED,
  gus: LRU_STUB,
};

/** The pairs that must be flagged: the original and its three copies, pairwise. */
export const COPIED = ['ada', 'bob', 'cy', 'dee'];
/** Solutions written independently: no pair with them may be flagged. */
export const INDEPENDENT = ['eve', 'fay'];

function put(root: string, rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
}

/** Writes a kit root holding only the fixture exercise's stubs, and the class folder (bare exercises/ layouts). */
export function writeSimilarityFixtures(kitRoot: string, classDir: string): void {
  for (const [f, text] of Object.entries(LRU_STUB)) put(kitRoot, `exercises/${LRU.slug}/${f}`, text);
  for (const [student, files] of Object.entries(SIMILARITY_STUDENTS)) {
    for (const [f, text] of Object.entries(files)) put(classDir, `${student}/${LRU.slug}/${f}`, text);
  }
}
