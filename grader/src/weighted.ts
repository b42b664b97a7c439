/**
 * The hidden suite's share, weighted by what each test protects (pure: the scorer's side of
 * grader/src/weights.ts). A test's weight is the rubric's per-test weight when it names the test,
 * else the rubric's weight for what the suite declared the test protects (`behaviour` when it
 * declared nothing).
 */
import { round2 } from './credit.js';
import type { TestOutcome } from './results.js';
import type { ResolvedExerciseRubric } from './rubric.js';
import { names, PROTECTS_LABELS } from './weights.js';

/** The rubric entry that sets this test's weight by name, if any. */
function byName(test: TestOutcome, rubric: Pick<ResolvedExerciseRubric, 'hiddenTests'>): { weight: number } | undefined {
  const key = Object.keys(rubric.hiddenTests).find((n) => names(test.name, n));
  return key === undefined ? undefined : rubric.hiddenTests[key];
}

/** Each test's weight, in order. */
export function hiddenWeights(tests: readonly TestOutcome[], rubric: Pick<ResolvedExerciseRubric, 'weights' | 'hiddenTests'>): number[] {
  return tests.map((t) => byName(t, rubric)?.weight ?? rubric.weights[t.protects ?? 'behaviour']);
}

/** Weight passed over weight in all, and the sentence that shows the arithmetic. */
export function weightedShare(tests: readonly TestOutcome[], weights: readonly number[]): { credit: number; explained: string } {
  const groups = new Map<string, { label: string; weight: number; passed: number; total: number }>();
  let passedWeight = 0;
  let totalWeight = 0;
  tests.forEach((t, i) => {
    const weight = weights[i] ?? 1;
    const label = t.protects ? PROTECTS_LABELS[t.protects] : PROTECTS_LABELS.behaviour;
    const key = `${label}\u0000${weight}`;
    const g = groups.get(key) ?? { label, weight, passed: 0, total: 0 };
    g.total += 1;
    totalWeight += weight;
    if (t.status === 'passed') {
      g.passed += 1;
      passedWeight += weight;
    }
    groups.set(key, g);
  });
  const parts = [...groups.values()].sort((a, b) => b.weight - a.weight).map((g) => `${g.label} ×${num(g.weight)}: ${g.passed} of ${g.total} passed`);
  const credit = totalWeight > 0 ? passedWeight / totalWeight : 0;
  const explained = `Tests weigh what they protect (${parts.join('; ')}): share = ${num(passedWeight)} of ${num(totalWeight)} weight = ${num(credit * 100)}%.`;
  return { credit, explained };
}

function num(n: number): string {
  return String(round2(n));
}
