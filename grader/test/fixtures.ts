/**
 * Fixture submissions for the demo exercise, one folder per behaviour the grader must handle:
 * what a student could hand in, from a model answer to a submission that hangs or cheats.
 * Each builder writes a submission folder; fixtures.test.ts asserts the exact grade of each.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ANALYSIS_TEMPLATE, DEMO_VISIBLE, SOLUTION, STUB, demoKeys } from './demo-kit.js';

const EX = 'exercise-9-demo';

/** A filled ANALYSIS.md quoting the given figures. */
export function filledAnalysis(callsPerKey: string, wrongValues: string): string {
  return `# Exercise 9: analysis

## Approach
I keep one promise per key in a map, so every caller that asks for the same key while it is loading
shares the same load, and later callers get the settled value without touching the loader again.

## Measured results
| figure | measured | target |
| --- | --- | --- |
| loader-calls-per-key | ${callsPerKey} | ≤ 1 |
| wrong-values | ${wrongValues} | = 0 |

## Trade-offs
The map grows with every distinct key and never evicts, which is fine for a bounded key space but
would need an LRU bound or a TTL in production. A failed load is removed so the next caller retries.
`;
}

const OWN_TESTS = `import { describe, expect, it } from 'vitest';
import { Memo } from './memo.js';

describe('my memo tests', () => {
  it('loads once and shares concurrent loads', async () => {
    let calls = 0;
    const memo = new Memo({ load: async (k) => { calls += 1; return k.toUpperCase(); } });
    expect(await Promise.all([memo.get('a'), memo.get('a')])).toEqual(['A', 'A']);
    expect(await memo.get('a')).toBe('A');
    expect(calls).toBe(1);
  });
  it('retries after a failure', async () => {
    let calls = 0;
    const memo = new Memo({ load: async (k) => { calls += 1; if (calls === 1) throw new Error('down'); return k; } });
    await expect(memo.get('b')).rejects.toThrow('down');
    await new Promise((r) => setTimeout(r, 0));
    expect(await memo.get('b')).toBe('b');
  });
});
`;

/** Builders by fixture name: each writes one submission into `dir`. */
export const FIXTURES: Record<string, (dir: string) => void> = {
  /** The model answer as a kit copy: solution, own tests, filled analysis. */
  pass: (dir) =>
    files(
      dir,
      'kit',
      { 'memo.ts': SOLUTION, 'memo.mine.test.ts': OWN_TESTS, 'ANALYSIS.md': filledAnalysis('1', '0') },
      { 'README.md': '# my copy of the kit\n' },
    ),
  /** The same files handed in as a bare exercises/ folder. */
  'pass-bare': (dir) => files(dir, 'bare', { 'memo.ts': SOLUTION, 'memo.mine.test.ts': OWN_TESTS, 'ANALYSIS.md': filledAnalysis('1', '0') }),
  /** The untouched stub and template. */
  stubs: (dir) => files(dir, 'kit', { 'memo.ts': STUB, 'ANALYSIS.md': ANALYSIS_TEMPLATE }),
  /** Caches values in a FIFO of 8 without sharing in-flight loads; analysis half written. */
  partial: (dir) =>
    files(dir, 'kit', {
      'memo.ts': `export interface Loader { load(key: string): Promise<string> }
export class Memo {
  #values = new Map<string, string>();
  constructor(readonly loader: Loader) {}
  async get(key: string): Promise<string> {
    const known = this.#values.get(key);
    if (known !== undefined) return known;
    const value = await this.loader.load(key);
    this.#values.set(key, value);
    if (this.#values.size > 8) this.#values.delete(this.#values.keys().next().value!);
    return value;
  }
}
`,
      'ANALYSIS.md': ANALYSIS_TEMPLATE.replace(
        '<!-- How does your memo avoid calling the loader twice for one key? -->',
        'A map from key to value, filled after each load finishes, bounded at eight entries with first-in first-out eviction so memory stays small.',
      )
        .replace('| loader-calls-per-key |  |', '| loader-calls-per-key | 1 |')
        .replace('| wrong-values |  |', '| wrong-values | 0 |'),
    }),
  /** A syntax error. */
  'compile-error': (dir) =>
    files(dir, 'kit', { 'memo.ts': STUB.replace('async get(key: string): Promise<string> {', 'async get(key: string: Promise<string> {') }),
  /** Throws while the module loads. */
  'throws-at-import': (dir) => files(dir, 'kit', { 'memo.ts': `${SOLUTION}\nthrow new Error('memo exploded while loading');\n` }),
  /** Hangs (a synchronous loop) when a second caller arrives while a load is in flight. */
  'infinite-loop': (dir) =>
    files(dir, 'kit', {
      'memo.ts': `export interface Loader { load(key: string): Promise<string> }
export class Memo {
  #pending = new Map<string, Promise<string>>();
  #settled = new Set<string>();
  constructor(readonly loader: Loader) {}
  get(key: string): Promise<string> {
    const known = this.#pending.get(key);
    if (known) {
      // Waits for the load by spinning: blocks the event loop for good.
      while (!this.#settled.has(key)) Math.sqrt(Math.random());
      return known;
    }
    const loading = this.loader.load(key);
    loading.then(() => this.#settled.add(key), () => this.#pending.delete(key));
    this.#pending.set(key, loading);
    return loading;
  }
}
`,
    }),
  /** Allocates without bound when a key it already knows is asked for again: dies at the memory limit. */
  'memory-hog': (dir) =>
    files(dir, 'kit', {
      'memo.ts': SOLUTION.replace('if (known) return known;', 'if (known) { const hoard: number[][] = []; for (;;) hoard.push(new Array(1e6).fill(1)); }'),
    }),
  /** Ends the process with code 0 as soon as it is imported. */
  'process-exit': (dir) => files(dir, 'kit', { 'memo.ts': `${STUB}\nprocess.exit(0);\n` }),
  /** Patches vitest's matchers so every toBe/toEqual passes, and returns garbage. */
  'assertion-patching': (dir) =>
    files(dir, 'kit', {
      'memo.ts': `if (process.env.VITEST) {
  const { expect } = await import('vitest');
  const pass = () => ({ pass: true, message: () => '' });
  expect.extend({ toBe: pass, toEqual: pass, toStrictEqual: pass });
}
export interface Loader { load(key: string): Promise<string> }
export class Memo {
  constructor(readonly loader: Loader) {}
  async get(_key: string): Promise<string> {
    return 'garbage';
  }
}
`,
    }),
  /** Answers the visible trace's keys from a hard-coded table and never caches anything else; edits the visible suite to pass. */
  'hard-coded': (dir) =>
    files(dir, 'kit', {
      'memo.ts': `export interface Loader { load(key: string): Promise<string> }
const VISIBLE_KEYS = new Set(${JSON.stringify(demoKeys(DEMO_VISIBLE.seed, DEMO_VISIBLE.scale))});
export class Memo {
  constructor(readonly loader: Loader) {}
  async get(key: string): Promise<string> {
    if (VISIBLE_KEYS.has(key)) return 'v:' + key;
    return this.loader.load(key);
  }
}
`,
      'exercise-9.test.ts': "import { it } from 'vitest';\nit('passes', () => {});\n",
      'ANALYSIS.md': filledAnalysis('0', '0'),
    }),
  /** A real bug: get() reads a property of undefined at line 12 (a TypeError the report must point at). */
  'type-error': (dir) =>
    files(dir, 'kit', {
      'memo.ts': `export interface Loader {
  load(key: string): Promise<string>;
}

export class Memo {
  #values = new Map<string, { text: string }>();
  constructor(readonly loader: Loader) {}

  async get(key: string): Promise<string> {
    const known = this.#values.get(key);
    void known;
    return (known as { text: string }).text;
  }
}
`,
    }),
  /** Never finishes loading: a loop at the top level of memo.ts. */
  'stuck-import': (dir) => files(dir, 'kit', { 'memo.ts': `for (;;) Math.sqrt(Math.random());\n${STUB}` }),
  /** Only the analysis: memo.ts was deleted. */
  'missing-files': (dir) => files(dir, 'kit', { 'ANALYSIS.md': filledAnalysis('1', '0') }),
  /** Not a submission at all: no exercises/ and no exercise folders. */
  'not-a-submission': (dir) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'notes.txt'), 'I will hand it in next week.\n');
  },
};

function files(dir: string, layout: 'kit' | 'bare', exerciseFiles: Record<string, string>, rootFiles: Record<string, string> = {}): void {
  const exercises = layout === 'kit' ? path.join(dir, 'exercises') : dir;
  mkdirSync(path.join(exercises, EX), { recursive: true });
  for (const [name, text] of Object.entries(exerciseFiles)) writeFileSync(path.join(exercises, EX, name), text);
  for (const [name, text] of Object.entries(rootFiles)) writeFileSync(path.join(dir, name), text);
}

/** Writes every fixture (or the named ones) as subfolders of `classDir`. */
export function writeFixtures(classDir: string, names = Object.keys(FIXTURES)): void {
  for (const name of names) FIXTURES[name]!(path.join(classDir, name));
}
