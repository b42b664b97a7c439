/**
 * The reports render in a real browser: a scored report.html and a class index.html, built from
 * hand-made results through the score and render stages, and the class leaderboard, load in headless
 * Chromium with no console errors, one chart per load-check figure (plus the class histogram) and a
 * PNG screenshot.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderInChromium, type PageReport } from '../../tests/support/browser.js';
import { writeClassFiles, type ClassRow } from '../src/class.js';
import { aliasFor } from '../src/leaderboard.js';
import { NO_OVERRIDES } from '../src/overrides.js';
import { writeReport } from '../src/render.js';
import type { ExerciseRun, MeasuredFigure, RunResults } from '../src/results.js';
import { validateRubric } from '../src/rubric.js';
import { score } from '../src/score.js';
import { DEMO, DEMO_RUBRIC } from './demo-kit.js';

const rubric = validateRubric(DEMO_RUBRIC, 'demo-rubric.json');
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A demo exercise run whose load check measured `figures`. */
function exerciseRun(figures: MeasuredFigure[], passed: boolean): ExerciseRun {
  const status = passed ? 'passed' : 'failed';
  return {
    id: DEMO.id,
    slug: DEMO.slug,
    title: DEMO.title,
    submitted: true,
    problems: [],
    hidden: { status: 'ran', tests: [{ name: 'memo (hidden) > shares one load', status, ...(passed ? {} : { message: 'hidden detail' }) }], canary: 'failed' },
    visible: { status: 'ran', tests: [{ name: 'memo (visible) > caches', status }], canary: 'failed' },
    own: { status: 'none', files: [], passed: 0, total: 0, coverage: null, planted: [] },
    load: { status: 'ok', params: 'secret', figures, notes: [] },
    loadVisible: null,
    analysis: { present: false, changed: false, sections: [], quoted: {} },
    durationMs: 0,
  };
}

function results(student: string, calls: number, passed: boolean): RunResults {
  const figures: MeasuredFigure[] = [
    { id: 'calls', label: 'loader calls per key', value: calls, unit: 'calls', target: { op: '<=', value: 1 }, baseline: 10 },
    { id: 'hit-rate', label: 'hit rate', value: passed ? 0.9 : 0.2, unit: '', target: { op: '>=', value: 0.8 }, baseline: 0 },
    { id: 'wrong', label: 'wrong values', value: null, unit: '', target: { op: '==', value: 0 }, error: 'not measured' },
  ];
  return {
    version: 1,
    kind: 'cachelab-results',
    student,
    submissionHash: `hash-${student}`,
    kitVersion: '0.1.0+test',
    backend: 'embedded',
    mode: 'full',
    integrity: { mode: 'sandboxed', tool: 'bwrap', network: 'none' },
    problems: [],
    gradedAt: '',
    durationMs: 0,
    exercises: [exerciseRun(figures, passed)],
  };
}

let dir = '';
let report: PageReport;
let index: PageReport;
let board: PageReport;
const KEY = 'c'.repeat(64);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cachelab-chromium-report-'));
  const rows: ClassRow[] = [
    ['ada', 1, true],
    ['bob', 6, false],
    ['dan', 3, true],
  ].map(([student, calls, passed]) => {
    const r = score(results(student as string, calls as number, passed as boolean), rubric, NO_OVERRIDES);
    r.leaderboard = { alias: aliasFor(KEY, student as string) };
    writeReport(path.join(dir, student as string), r);
    return { student: student as string, report: r, cached: false, durationMs: 1 };
  });
  rows.push({ student: 'carol', error: 'the grader failed on purpose', cached: false, durationMs: 1 });
  writeClassFiles(dir, rows, { exercises: [DEMO], kitVersion: '0.1.0+test', backend: 'embedded', mode: 'full', leaderboard: { key: KEY } });
  report = await renderInChromium(path.join(dir, 'bob', 'report.html'), { width: 1000, height: 1600 });
  index = await renderInChromium(path.join(dir, 'index.html'), { width: 1000, height: 1200 });
  board = await renderInChromium(path.join(dir, 'leaderboard.html'), { width: 1000, height: 1000 });
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('report.html in headless Chromium', () => {
  it('loads without console errors or exceptions', () => {
    expect(report.errors).toEqual([]);
    expect(report.title).toMatch(/^bob: [\d.]+ \/ 100/);
  });

  it('draws one chart per load-check figure, the unmeasured one included', () => {
    expect(report.svgCount).toBe(3);
  });

  it('produces a PNG screenshot', () => {
    expect(report.screenshot.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
    expect(report.screenshot.length).toBeGreaterThan(1000);
  });
});

describe('class index.html in headless Chromium', () => {
  it('runs its sorting script without console errors', () => {
    expect(index.errors).toEqual([]);
    expect(index.title).toBe('Class results (4 students)');
  });

  it('draws the score distribution chart', () => {
    expect(index.svgCount).toBe(1);
    expect(index.screenshot.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
  });
});

describe('leaderboard.html in headless Chromium', () => {
  it('loads without console errors and shows the opted-in students', () => {
    expect(board.errors).toEqual([]);
    expect(board.title).toBe('Leaderboard (3 opted in)');
    expect(board.screenshot.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
  });
});
