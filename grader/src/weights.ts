/**
 * What a hidden test protects, and what it weighs. A suite declares, next to its tests, which of
 * them protect lock safety, against data loss or against wrong values (heavy) and which only tune
 * (light): `grader/exercises/<slug>/suite/weights.ts`, a plain data module. The grader's main process
 * reads that file from the kit (never from the workspace, never from anything a test worker
 * reports: student code runs in the same worker as the suite) and records on each hidden test
 * outcome what it protects; the rubric turns that into a weight. A test no suite declares is
 * `behaviour` and weighs 1, so a suite that declares nothing scores as an unweighted pass share.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { graderFile } from '../../lib/manifest.js';
import { GraderError } from './errors.js';
import type { TestOutcome } from './results.js';

/** What a hidden test protects, heaviest first. */
export const PROTECTS = ['lockSafety', 'dataLoss', 'wrongValues', 'behaviour', 'tuning'] as const;
/** One kind of protection. */
export type Protects = (typeof PROTECTS)[number];

/** How a kind is named in reports. */
export const PROTECTS_LABELS: Record<Protects, string> = {
  lockSafety: 'lock safety',
  dataLoss: 'data loss',
  wrongValues: 'wrong values',
  behaviour: 'behaviour',
  tuning: 'tuning',
};

/** Weights when the rubric says nothing (`technical.weights` in grader/rubric.json overrides them). */
export const DEFAULT_WEIGHTS: Record<Protects, number> = { lockSafety: 10, dataLoss: 10, wrongValues: 5, behaviour: 1, tuning: 0.5 };

/**
 * A suite's declaration: test names (the name given to the test itself, without the describe
 * blocks around it) by what they protect. A test not listed is `behaviour`.
 */
export type SuiteWeights = Partial<Record<Exclude<Protects, 'behaviour'>, readonly string[]>>;

/** Where an exercise declares its weights, relative to the kit root. */
export function weightsPath(slug: string): string {
  return graderFile(slug, 'weights');
}

/** Reads an exercise's declaration from the kit (`{}` when it declares none, as in the student edition). */
export async function loadSuiteWeights(kitRoot: string, slug: string): Promise<SuiteWeights> {
  const file = path.join(kitRoot, weightsPath(slug));
  if (!existsSync(file)) return {};
  const mod = (await import(pathToFileURL(file).href)) as { weights?: unknown };
  const declared = mod.weights;
  const bad = (why: string): GraderError =>
    new GraderError('E_KIT_INCOMPLETE', `${weightsPath(slug)}: ${why}. Fix the kit's declaration of what each hidden test protects.`);
  if (declared === null || typeof declared !== 'object') throw bad('must export `weights`, an object of test names by what they protect');
  const seen = new Map<string, string>();
  for (const [kind, names] of Object.entries(declared)) {
    if (!(PROTECTS as readonly string[]).includes(kind) || kind === 'behaviour')
      throw bad(`weights.${kind} is not a kind of protection (known: ${PROTECTS.filter((p) => p !== 'behaviour').join(', ')})`);
    if (!Array.isArray(names) || names.some((n) => typeof n !== 'string' || n === '')) throw bad(`weights.${kind} must be a list of test names`);
    for (const n of names as string[]) {
      const before = seen.get(n);
      if (before) throw bad(`"${n}" is listed under both ${before} and ${kind}`);
      seen.set(n, kind);
    }
  }
  return declared;
}

/** The test's own name: the last part of vitest's full name (`suite > block > name`). */
export function leafName(fullName: string): string {
  const parts = fullName.split(' > ');
  return parts[parts.length - 1]!;
}

/** True when `fullName` is the test `name` declares (its own name, or the full name). */
export function names(fullName: string, name: string): boolean {
  return fullName === name || fullName.endsWith(` > ${name}`);
}

/** The outcomes with what each protects, as declared; `behaviour` is left unsaid. */
export function withProtects(tests: readonly TestOutcome[], declared: SuiteWeights): TestOutcome[] {
  const entries = Object.entries(declared) as [Protects, readonly string[]][];
  return tests.map((t) => {
    const kind = entries.find(([, list]) => list.some((n) => names(t.name, n)))?.[0];
    return kind ? { ...t, protects: kind } : t;
  });
}

/** Declared names that name no test of `tests` (a renamed test the declaration still lists). */
export function undeclaredNames(tests: readonly { name: string }[], declared: SuiteWeights): string[] {
  return Object.values(declared).flatMap((list) => (list ?? []).filter((n) => !tests.some((t) => names(t.name, n))));
}
