/** Class outputs from graded rows: grades.csv, the distribution, the index page and the terminal table. */
import { describe, expect, it } from 'vitest';
import type { ClassRow } from '../src/class.js';
import { classView, gradesCsv, scoreBands, summaryTable } from '../src/class-view.js';
import { histogramLayout } from '../../lib/render/histogram.js';
import { template } from '../src/render.js';
import type { Report } from '../src/report.js';
import { DEMO } from './demo-kit.js';

function report(student: string, scores: [number, number, number, number], problems = 0): Report {
  const ids = ['performance', 'technical', 'problemSolving', 'documentation'] as const;
  const maxes = [40, 30, 20, 10];
  const total = scores.reduce((a, b) => a + b, 0);
  return {
    version: 1,
    kind: 'cachelab-report',
    student,
    kitVersion: 'k',
    submissionHash: 'h',
    backend: 'embedded',
    mode: 'full',
    integrity: { mode: 'sandboxed', tool: 'bwrap', network: 'none' },
    total,
    max: 100,
    hiddenPoints: 0,
    problems: [],
    warnings: [],
    exercises: [
      {
        id: DEMO.slug,
        number: 9,
        title: DEMO.title,
        status: problems ? 'error' : 'graded',
        score: total,
        max: 100,
        items: [],
        criteria: ids.map((id, i) => ({ id, label: id, score: scores[i]!, max: maxes[i]! })),
        problems: Array.from({ length: problems }, () => ({ code: 'E_TIMEOUT' as const, severity: 'error' as const, message: 'timed out' })),
      },
    ],
  };
}

const rows: ClassRow[] = [
  { student: 'ann', report: report('ann', [40, 30, 20, 10]), cached: false, durationMs: 1 },
  { student: 'bob, jr', report: report('bob, jr', [10, 15, 5, 2.5], 1), cached: true, durationMs: 1 },
  { student: 'cat', error: 'E_REFERENCE_FAILED: boom\nmore', cached: false, durationMs: 1 },
];

describe('gradesCsv', () => {
  it('writes one row per student with per-exercise and per-criterion columns', () => {
    expect(gradesCsv(rows, [DEMO]).split('\n')).toEqual([
      'student,total,max,percent,status,exercise-9-demo,exercise-9-demo performance,exercise-9-demo technical implementation,exercise-9-demo problem solving,exercise-9-demo documentation',
      'ann,100,100,100,graded,100,40,30,20,10',
      '"bob, jr",32.5,100,32.5,errors in exercise-9-demo,32.5,10,15,5,2.5',
      'cat,,,,grader error: E_REFERENCE_FAILED: boom,,,,,',
      '',
    ]);
  });
});

describe('histogram', () => {
  it('puts 100% in the top band and scales bars to the fullest band', () => {
    const bands = scoreBands([100, 95, 32.5, 0]);
    expect(bands.map((b) => b.count)).toEqual([1, 0, 0, 1, 0, 0, 0, 0, 0, 2]);
    expect([bands[3]!.label, bands[3]!.title]).toEqual(['30%', '30–40%: 1']);
    const bars = histogramLayout(bands);
    expect(bars[9]!.h).toBe(90);
    expect(bars[0]!.h).toBe(45);
  });
});

describe('class index and summary', () => {
  it('renders a sortable table linking each report, with averages over graded students', () => {
    const view = classView(rows, { exercises: [DEMO], kitVersion: 'k', backend: 'embedded', mode: 'full' });
    expect(view.averages).toEqual([{ title: '9. Demo memo', average: '66.25', max: '100', percent: 66.3 }]);
    const html = template('class.html.hbs')(view);
    expect(html).toContain('<a href="bob%2C%20jr/report.html">bob, jr</a>');
    expect(html).toContain("addEventListener('click'");
    expect(html).toContain('grader error: E_REFERENCE_FAILED: boom');
    // the score distribution, drawn by lib/render and inserted as SVG (not escaped)
    expect(html.match(/<svg /g)).toHaveLength(1);
    expect(html).toContain('aria-label="Number of students per 10% score band"');
    expect(html.match(/<rect class="bar"/g)).toHaveLength(10);
  });

  it('prints a terminal table', () => {
    expect(summaryTable(rows, [DEMO]).split('\n')).toEqual([
      'student  total     ex 9  notes',
      `-------  --------  ----  ${'-'.repeat('exercise-9-demo: E_TIMEOUT; (unchanged, cached)'.length)}`,
      'ann      100/100   100',
      'bob, jr  32.5/100  32.5  exercise-9-demo: E_TIMEOUT; (unchanged, cached)',
      'cat      —         —     grader error: E_REFERENCE_FAILED: boom',
    ]);
  });
});
