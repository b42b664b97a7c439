/** A hand-made report.json for the export tests: one visible-suite, one hidden-suite and one performance item (a measured figure). */
import type { Report } from '../src/report.js';

/** Builds the report; `mode` switches the hidden item to the student edition's not-estimated form. */
export function handMadeReport(mode: 'full' | 'visible-only' = 'full'): Report {
  const hiddenItem =
    mode === 'full'
      ? {
          id: 'technical/hidden-suite',
          criterion: 'technical' as const,
          label: 'Hidden suite',
          points: 15,
          max: 30,
          status: 'partial' as const,
          feedback:
            '1 of 2 hidden tests passed. Not passed: lock (hidden) > expires.\n    at Object.<anonymous> (grader/exercises/exercise-9-demo/hidden.test.ts:12:3)',
          tests: {
            hidden: true,
            outcomes: [{ name: 'lock (hidden) > expires', status: 'failed' as const, message: "expected 'secret-literal-77' to be 'x'" }],
          },
        }
      : {
          id: 'technical/hidden-suite',
          criterion: 'technical' as const,
          label: 'Hidden suite',
          points: 0,
          max: 30,
          status: 'hidden' as const,
          feedback: '30 points come from hidden tests.',
        };
  return {
    version: 1,
    kind: 'cachelab-report',
    student: 'ada',
    kitVersion: '0.1.0+abc',
    submissionHash: 'h',
    backend: 'embedded',
    integrity: { mode: 'sandboxed', tool: 'bwrap', network: 'none' },
    mode,
    total: 45.5,
    max: 80,
    hiddenPoints: mode === 'full' ? 0 : 30,
    problems: [],
    warnings: [],
    exercises: [
      {
        id: 'exercise-4-stampede',
        number: 4,
        title: 'Stampede',
        status: 'graded',
        score: 45.5,
        max: 80,
        criteria: [],
        problems: [{ code: 'E_LOAD_CHECK', severity: 'error', message: 'The load check crashed.\n    at run (lib/load/x.ts:1:1)' }],
        items: [
          {
            id: 'problemSolving/visible-suite',
            criterion: 'problemSolving',
            label: 'Visible suite',
            points: 10,
            max: 10,
            status: 'full',
            feedback: '3 of 3 visible tests passed.',
          },
          hiddenItem,
          {
            id: 'performance/source-calls',
            criterion: 'performance',
            label: 'source calls per expiry',
            points: 20.5,
            max: 40,
            status: 'partial',
            feedback: 'source calls per expiry: measured 3 calls; target ≤ 1 calls.',
            figure: { value: 3, unit: 'calls', target: { op: '<=' as const, value: 1 }, baseline: 10, params: 'secret' as const },
            override: { points: 20.5, comment: 'Regraded by hand.', computed: 18 },
          },
        ],
      },
    ],
  };
}
