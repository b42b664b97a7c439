/**
 * Every exercise's load check, by exercise number. `npm run check` and the grader look checks up
 * here; each entry is loaded lazily so one broken check never stops the others.
 */
import type { LoadCheck } from './types.js';

/** What a registry entry provides. */
export interface CheckEntry<Impl = unknown> {
  check: LoadCheck<Impl>;
  /** Imports the implementation under test from a folder laid out like exercises/<slug>/. */
  loadImplementation(exerciseDir: string): Promise<Impl>;
  /**
   * The files and exports the check needs (file → export names). With it, the grader runs the check
   * in a process of its own and only these exports in the sandbox, behind handles (the membrane).
   */
  exports?: Readonly<Record<string, readonly string[]>>;
  /**
   * Whether the grader runs this check across the membrane (it needs \`exports\`). Off for a check
   * whose run across it is not yet figure for figure the same as in one process, or too slow.
   */
  membrane?: boolean;
  /** The implementation from the imported exports (default: the exports themselves). */
  fromModule?(module: Record<string, unknown>, exerciseDir: string): Impl;
}

/** Load checks by exercise number. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each exercise's check has its own implementation type
export const CHECKS: Record<number, () => Promise<CheckEntry<any>>> = {
  1: () => import('../exercises/exercise-1-hit-ratio/check.js').then((m) => m.entry),
  2: () => import('../exercises/exercise-2-latency/check.js').then((m) => m.entry),
  3: () => import('../exercises/exercise-3-hot-keys/check.js').then((m) => m.entry),
  4: () => import('../exercises/exercise-4-stampede/check.js').then((m) => m.entry),
  5: () => import('../exercises/exercise-5-monitor/check.js').then((m) => m.entry),
};

/** `exports` of a check whose files each export one class or function: `{ Name: 'file.ts' }` turned round. */
export function exportsOf(files: Readonly<Record<string, string>>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, file] of Object.entries(files)) (out[file] ??= []).push(name);
  return out;
}
