/** The render stage: self-contained HTML with a chart per figure, Markdown, and student feedback that never shows hidden test internals. */
import { describe, expect, it } from 'vitest';
import { NO_OVERRIDES } from '../src/overrides.js';
import { renderReport } from '../src/render.js';
import type { RunResults } from '../src/results.js';
import { validateRubric } from '../src/rubric.js';
import { score } from '../src/score.js';
import { chartOf } from '../src/view.js';
import { DEMO_RUBRIC } from './demo-kit.js';

const rubric = validateRubric(DEMO_RUBRIC, 'demo-rubric.json');
const SECRET_MESSAGE = "AssertionError: expected 'hidden-literal-91c2' to be 'v:x'";

const results: RunResults = {
  version: 1,
  kind: 'cachelab-results',
  student: 'mallory <script>alert(1)</script>',
  submissionHash: 'h',
  kitVersion: '0.1.0+abc',
  backend: 'embedded',
  integrity: { mode: 'sandboxed', tool: 'bwrap', network: 'none' },
  mode: 'full',
  problems: [],
  gradedAt: '',
  durationMs: 0,
  exercises: [
    {
      id: 9,
      slug: 'exercise-9-demo',
      title: 'Demo memo',
      submitted: true,
      problems: [
        {
          code: 'E_COMPILE',
          severity: 'error',
          message: "Did not compile: exercises/exercise-9-demo/memo.ts:3 TS1005 ',' expected.",
          file: 'exercises/exercise-9-demo/memo.ts',
          line: 3,
        },
      ],
      hidden: {
        status: 'ran',
        tests: [
          { name: 'memo (hidden) > shares one load', status: 'failed', message: SECRET_MESSAGE },
          { name: 'memo (hidden) > returns values', status: 'passed' },
        ],
        canary: 'failed',
      },
      visible: {
        status: 'ran',
        tests: [{ name: 'memo (visible) > second get | cached', status: 'failed', message: 'the loader ran twice: read hint 1' }],
        canary: 'failed',
      },
      own: { status: 'none', files: [], passed: 0, total: 0, coverage: null, planted: [] },
      load: {
        status: 'ok',
        params: 'secret',
        figures: [
          { id: 'calls', label: 'loader calls per key', value: 4, unit: 'calls', target: { op: '<=', value: 1 }, baseline: 10 },
          { id: 'wrong', label: 'wrong values', value: null, unit: '', target: { op: '==', value: 0 }, error: 'not measured' },
        ],
        notes: [],
      },
      loadVisible: null,
      analysis: { present: false, changed: false, sections: [], quoted: {} },
      durationMs: 0,
    },
  ],
};

const files = renderReport(score(results, rubric, NO_OVERRIDES));

describe('report.html', () => {
  const html = files['report.html']!;

  it('is self-contained: no scripts, stylesheets, images or links to fetch', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html.match(/(?:src|href)=/g)).toBeNull();
    expect(html.replaceAll('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:\/\//);
  });

  it('draws one inline SVG chart per load-check figure, with baseline and target', () => {
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('<title>loader calls per key: 4 calls (target ≤ 1 calls, baseline 10 calls)</title>');
    expect(html).toContain('>not measured<');
    // drawn by lib/render (targetBar): the missed target's bar, its markers, its accessible name
    expect(html).toContain('aria-label="loader calls per key: 4 calls (target ≤ 1 calls, baseline 10 calls)"');
    expect(html).toContain('<rect class="bar-miss" x="0" y="18" width="152.7" height="14"/>');
    expect(html).toContain('<line class="m-baseline" x1="381.8"');
    expect(html).toContain('<line class="m-target" x1="38.2"');
  });

  it('escapes what it shows', () => {
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('mallory &lt;script&gt;');
  });

  it('names failed hidden tests but never shows their messages', () => {
    expect(html).toContain('memo (hidden) &gt; shares one load');
    expect(html).not.toContain('hidden-literal-91c2');
    expect(html).toContain('the loader ran twice: read hint 1');
  });
});

describe('feedback.md and report.md', () => {
  it('feedback shows points, the compile error with file and line, visible messages, and no hidden internals or stacks', () => {
    const text = files['feedback.md']!;
    expect(text).toContain('Score: **');
    expect(text).toContain("Did not compile: exercises/exercise-9-demo/memo.ts:3 TS1005 ',' expected. (`exercises/exercise-9-demo/memo.ts:3`)");
    expect(text).toContain('Not passed: memo (hidden) > shares one load.');
    expect(text).toContain('memo (visible) > second get | cached: the loader ran twice: read hint 1');
    expect(text).not.toContain('hidden-literal-91c2');
    expect(text).not.toMatch(/^\s+at /m);
  });

  it('report.md is a table per exercise with pipes escaped', () => {
    const md = files['report.md']!;
    expect(md).toContain('| Performance | 13.33 | 40 |');
    expect(md).toContain('memo (visible) > second get \\| cached');
  });

  it('report.json is the versioned report (13.33 for the figure + 15 for 1 of 2 hidden tests)', () => {
    expect(JSON.parse(files['report.json']!)).toMatchObject({
      version: 1,
      student: results.student,
      total: 28.33,
      max: 100,
      exercises: [{ id: 'exercise-9-demo', score: 28.33, max: 100 }],
    });
  });
});

describe('chartOf', () => {
  it('places the bar and markers on one scale from 0 to 110% of the largest value', () => {
    const chart = chartOf('calls', { value: 4, unit: 'calls', target: { op: '<=', value: 1 }, baseline: 10, params: 'secret' }, 'partial');
    // scale 0 … 11 over 420 px
    expect(chart.barWidth).toBe(152.7);
    expect(chart.markers).toEqual([
      { x: 381.8, label: 'baseline 10 calls', kind: 'baseline', anchor: 'end' },
      { x: 38.2, label: 'target 1 calls', kind: 'target', anchor: 'start' },
    ]);
    expect([chart.met, chart.measured, chart.minLabel, chart.maxLabel]).toEqual([false, true, '0 calls', '11 calls']);
  });
});
