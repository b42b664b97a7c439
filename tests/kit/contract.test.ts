/**
 * Kit proof: every exercise states one contract. Its README's "What to build" tables, its
 * stubs and lib/exercises/<n>/types.ts agree member by member (tests/kit/contract.ts says what is
 * compared); and the check notices when any one of the three is changed alone.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXERCISES, homesOf, KIT_ROOT, type ExerciseEntry } from '../../lib/manifest.js';
import { contractProblems, type ContractSources } from './contract.js';

function sources(e: ExerciseEntry): ContractSources {
  const read = (...p: string[]) => readFileSync(path.join(KIT_ROOT, ...p), 'utf8');
  return {
    readme: read('exercises', e.slug, e.files.readme),
    stubs: Object.fromEntries(e.files.stubs.map((f) => [f, read('exercises', e.slug, f)])),
    types: read(homesOf(e.slug).lib, 'types.ts'),
    errors: read(homesOf(e.slug).lib, 'errors.ts'),
  };
}

/** `text` with `from` replaced once; fails the test if `from` is not there. */
function changed(text: string, from: string, to: string): string {
  expect(text, `the text to change (${from})`).toContain(from);
  return text.replace(from, to);
}

describe('one contract per exercise', () => {
  for (const e of EXERCISES) {
    it(`${e.slug}: README, stubs and types.ts agree`, () => {
      expect(contractProblems(sources(e))).toEqual([]);
    });
  }

  describe('fails when one statement of a method changes alone (exercise 2, readMany)', () => {
    const e = EXERCISES.find((x) => x.id === 2)!;
    const src = sources(e);
    const stub = 'latency-optimizer.ts';

    it('the README row names another error', () => {
      const readme = changed(
        src.readme,
        '| `readMany(keys)` | the values in order',
        '| `readMany(keys)` | `E_POOL_EXHAUSTED` when no connection frees up; the values in order',
      );
      expect(contractProblems({ ...src, readme })).toEqual([
        "LatencyOptimizer.readMany: the README row names errors E_CORRUPT_VALUE, E_INVALID_KEY, E_POOL_EXHAUSTED, the stub's doc comment E_CORRUPT_VALUE, E_INVALID_KEY",
      ]);
    });

    it('the README row renames a parameter', () => {
      const readme = changed(src.readme, '| `readMany(keys)` |', '| `readMany(keyList)` |');
      expect(contractProblems({ ...src, readme })).toEqual(['LatencyOptimizer.readMany: README has (keyList), the stub (keys)']);
    });

    it("the stub's doc comment drops an error", () => {
      const text = changed(src.stubs[stub]!, 'cannot decode reject the call with CorruptValueError', 'cannot decode reject the call');
      const problems = contractProblems({ ...src, stubs: { ...src.stubs, [stub]: text } });
      expect(problems).toEqual(["LatencyOptimizer.readMany: the README row names errors E_CORRUPT_VALUE, E_INVALID_KEY, the stub's doc comment E_INVALID_KEY"]);
    });

    it("the stub's signature changes", () => {
      const text = changed(src.stubs[stub]!, 'async readMany(keys: readonly string[])', 'async readMany(keys: string[])');
      expect(contractProblems({ ...src, stubs: { ...src.stubs, [stub]: text } })).toEqual([
        'LatencyOptimizer.readMany: types.ts has (readonly string[]) => Promise<(V | undefined)[]>, the stub (string[]) => Promise<(V | undefined)[]>',
      ]);
    });

    it('types.ts changes the return type or a parameter name', () => {
      const returns = changed(src.types, 'readMany(keys: readonly string[]): Promise<(V | undefined)[]>;', 'readMany(keys: readonly string[]): Promise<V[]>;');
      expect(contractProblems({ ...src, types: returns })).toEqual([
        'LatencyOptimizer.readMany: types.ts has (readonly string[]) => Promise<V[]>, the stub (readonly string[]) => Promise<(V | undefined)[]>',
      ]);
      const renamed = changed(src.types, 'readMany(keys: readonly string[])', 'readMany(batch: readonly string[])');
      expect(contractProblems({ ...src, types: renamed })).toEqual(['LatencyOptimizer.readMany: types.ts has (batch), the stub (keys)']);
    });

    it('types.ts drops a member, or its doc comment names another error', () => {
      const dropped = changed(src.types, '  readMany(keys: readonly string[]): Promise<(V | undefined)[]>;\n', '');
      expect(contractProblems({ ...src, types: dropped })).toEqual([
        'README line ' + (src.readme.split('\n').findIndex((l) => l.startsWith('| `readMany(keys)`')) + 1) + ': `readMany` names no member of the stubs',
      ]);
      const documented = changed(
        src.types,
        '  readMany(keys: readonly string[])',
        '  /** Throws E_CLOSED after close(). */\n  readMany(keys: readonly string[])',
      );
      expect(contractProblems({ ...src, types: documented })).toEqual([
        "LatencyOptimizer.readMany: the types.ts doc comment names errors E_CLOSED, the stub's E_CORRUPT_VALUE, E_INVALID_KEY",
      ]);
    });
  });
});
