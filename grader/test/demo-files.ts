/** The demo exercise's files (stub, solution, suites, load check, template) as text. */
import { DEMO_VISIBLE } from './demo-visible.js';

/** The demo's stub, as a student receives it. */
export const STUB = `/** Where values come from: slow, so a memo should call it as rarely as it can. */
export interface Loader {
  load(key: string): Promise<string>;
}

/** Caches what a loader returns. */
export class Memo {
  constructor(readonly loader: Loader) {}

  /** The value for \`key\`, loading it at most once. */
  async get(key: string): Promise<string> {
    // TODO: return a cached value, or load it once (even for concurrent callers)
    throw new Error(\`TODO: Memo.get(\${key})\`);
  }
}
`;

/** The demo's reference solution. */
export const SOLUTION = `/** Where values come from: slow, so a memo should call it as rarely as it can. */
export interface Loader {
  load(key: string): Promise<string>;
}

/** Caches what a loader returns. */
export class Memo {
  #pending = new Map<string, Promise<string>>();
  constructor(readonly loader: Loader) {}

  /** The value for \`key\`, loading it at most once. */
  get(key: string): Promise<string> {
    const known = this.#pending.get(key);
    if (known) return known;
    const loading = this.loader.load(key);
    this.#pending.set(key, loading);
    loading.catch(() => this.#pending.delete(key));
    return loading;
  }
}
`;

/** Demo kit file. */
export const SUITE = `import { describe, expect, it } from 'vitest';

/** What the hidden suite needs to build a memo around a loader. */
export type CreateMemo = (loader: { load(key: string): Promise<string> }) => { get(key: string): Promise<string> };

/** The demo's hidden contract (distinctive-hidden-marker-7f3a). */
export function registerExercise9Suite(create: CreateMemo): void {
  const counting = (fail = new Set<number>()) => {
    const state = { calls: 0 };
    const loader = { load: async (key: string) => { state.calls += 1; if (fail.has(state.calls)) throw new Error('source down'); return 'v:' + key; } };
    return { state, loader };
  };
  describe('memo (hidden)', () => {
    it('returns what the loader returns', async () => {
      const { loader } = counting();
      expect(await create(loader).get('a')).toBe('v:a');
    });
    it('calls the loader once per key', async () => {
      const { state, loader } = counting();
      const memo = create(loader);
      for (const k of ['a', 'b', 'a', 'c', 'b', 'a']) await memo.get(k);
      expect(state.calls).toBe(3);
    });
    it('shares one load between concurrent callers', async () => {
      const { state, loader } = counting();
      const memo = create(loader);
      const values = await Promise.all([memo.get('x'), memo.get('x'), memo.get('x')]);
      expect(values).toEqual(['v:x', 'v:x', 'v:x']);
      expect(state.calls).toBe(1);
    });
    it('does not cache a failed load', async () => {
      const { state, loader } = counting(new Set([1]));
      const memo = create(loader);
      await expect(memo.get('k')).rejects.toThrow('source down');
      expect(await memo.get('k')).toBe('v:k');
      expect(state.calls).toBe(2);
    });
  });
}
`;

/** Demo kit file. */
export const HIDDEN = `import { Memo } from '../../../exercises/exercise-9-demo/memo.js';
import { registerExercise9Suite } from './suite.js';

registerExercise9Suite((loader) => new Memo(loader));
`;

/** Demo kit file. */
export const VISIBLE = `import { describe, expect, it } from 'vitest';
import { Memo } from './memo.js';

describe('memo (visible)', () => {
  it('returns the loaded value', async () => {
    const memo = new Memo({ load: async (k) => 'v:' + k });
    expect(await memo.get('a')).toBe('v:a');
  });
  it('serves a second get from the cache', async () => {
    let calls = 0;
    const memo = new Memo({ load: async (k) => { calls += 1; return 'v:' + k; } });
    await memo.get('a');
    await memo.get('a');
    expect(calls, 'the loader ran twice: read hint 1').toBe(1);
  });
});
`;

/** Demo kit file. */
export const CHECK = `import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRng } from '../../workload/rng.js';
import type { CheckEntry } from '../../load/registry.js';
import type { Figure, LoadCheck } from '../../load/types.js';

// What the naive memo measured when the check was calibrated; deliberately not today's value (10),
// so the grader's tests can tell a baseline measured on the grading parameters from this constant.
const CALIBRATED_BASELINE = 12;

type Impl = { Memo: new (loader: { load(key: string): Promise<string> }) => { get(key: string): Promise<string> } };

const check: LoadCheck<Impl> = {
  exercise: 9,
  title: 'demo memo',
  visible: { seed: ${DEMO_VISIBLE.seed}, scale: ${DEMO_VISIBLE.scale}, backend: 'embedded' },
  async run(impl, params) {
    const rng = createRng(params.seed);
    const space = Array.from({ length: Math.round(20 * params.scale) }, () => 'u' + rng.int(1_000_000));
    const requests = Math.round(200 * params.scale);
    let calls = 0, wrong = 0, errors = 0;
    const seen = new Set<string>();
    const memo = new impl.Memo({ load: async (k) => { calls += 1; return 'v:' + k; } });
    for (let i = 0; i < requests; i++) {
      const key = space[rng.int(space.length)]!;
      seen.add(key);
      try { if ((await memo.get(key)) !== 'v:' + key) wrong += 1; } catch { errors += 1; }
    }
    const ok = wrong + errors === 0;
    const figures: Figure[] = [
      { id: 'loader-calls-per-key', label: 'loader calls per key', value: ok ? calls / seen.size : NaN, unit: 'calls',
        target: { op: '<=', value: 1 }, baseline: CALIBRATED_BASELINE, ...(ok ? {} : { error: wrong + ' wrong values and ' + errors + ' errors, so not credited' }) },
      { id: 'wrong-values', label: 'wrong values', value: wrong + errors, unit: '', target: { op: '==', value: 0 } },
    ];
    return { exercise: 9, params, figures, notes: [] };
  },
};

const entry: CheckEntry<Impl> = {
  check,
  loadImplementation: async (dir) => (await import(pathToFileURL(path.join(dir, 'memo.ts')).href)) as Impl,
  // The grader runs this check outside the sandbox and only Memo in it (grader/src/membrane).
  exports: { 'memo.ts': ['Memo'] },
  membrane: true,
};
export default entry;
`;

/** The ANALYSIS.md template of the demo. */
export const ANALYSIS_TEMPLATE = `# Exercise 9: analysis

## Approach
<!-- How does your memo avoid calling the loader twice for one key? -->

## Measured results
| figure | measured | target |
| --- | --- | --- |
| loader-calls-per-key |  | ≤ 1 |
| wrong-values |  | = 0 |

## Trade-offs
<!-- What does your cache cost, and when would you evict? -->
`;

/** The naive implementation the grader measures partial credit from: no cache at all. */
export const BASELINE = `export interface Loader { load(key: string): Promise<string> }
export class Memo {
  constructor(readonly loader: Loader) {}
  get(key: string): Promise<string> {
    return this.loader.load(key);
  }
}
`;
