/** The anonymous leaderboard: opt-in files, aliases, ranking, and what the class files publish. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeClassFiles, type ClassRow } from '../src/class.js';
import { aliasFor, buildLeaderboard, leaderboardKey, leaderboardView, MIN_PARTICIPANTS, OPT_IN_FILE, readOptIn } from '../src/leaderboard.js';
import { template } from '../src/render.js';
import type { Report, ReportItem } from '../src/report.js';
import { DEMO } from './demo-kit.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cachelab-leaderboard-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const KEY = 'a'.repeat(64);
const SESSION = { exercises: [DEMO], kitVersion: 'k', backend: 'embedded' as const, mode: 'full' as const };

function figureItem(id: string, value: number | null, op: '<=' | '>=' | '==', target: number, max = 20): ReportItem {
  const met = value !== null && (op === '<=' ? value <= target : op === '>=' ? value >= target : value === target);
  return {
    id: `performance/${id}`,
    criterion: 'performance',
    label: id,
    points: met ? max : 0,
    max,
    status: met ? 'full' : 'zero',
    feedback: '',
    figure: { value, unit: 'calls', target: { op, value: target }, baseline: 10, params: 'secret' },
  };
}

/** A report whose demo exercise measured `calls` (lower is better), `hits` (higher) and `drift` (closest to 0). */
function report(student: string, calls: number | null, hits: number, drift: number, alias?: string): Report {
  return {
    version: 1,
    kind: 'cachelab-report',
    student,
    kitVersion: 'k',
    submissionHash: 'h',
    backend: 'embedded',
    mode: 'full',
    integrity: { mode: 'sandboxed', tool: 'bwrap', network: 'none' },
    total: 0,
    max: 100,
    hiddenPoints: 0,
    problems: [],
    warnings: [],
    ...(alias ? { leaderboard: { alias } } : {}),
    exercises: [
      {
        id: DEMO.slug,
        number: 9,
        title: DEMO.title,
        status: 'graded',
        score: 0,
        max: 100,
        criteria: [],
        problems: [],
        items: [
          figureItem('calls', calls, '<=', 1),
          figureItem('hits', hits, '>=', 90),
          figureItem('drift', drift, '==', 0),
          figureItem('diagnostic', 5, '<=', 1, 0),
        ],
      },
    ],
  };
}

describe('readOptIn', () => {
  it('is false without the file, true or false as written, and explains a file it cannot read', () => {
    expect(readOptIn(null)).toEqual({ optIn: false });
    expect(readOptIn(dir)).toEqual({ optIn: false });
    writeFileSync(path.join(dir, OPT_IN_FILE), '{ "$comment": "x", "optIn": true }');
    expect(readOptIn(dir)).toEqual({ optIn: true });
    writeFileSync(path.join(dir, OPT_IN_FILE), '{ "optIn": "yes" }');
    expect(readOptIn(dir)).toEqual({
      optIn: false,
      problem: expect.stringContaining('exercises/leaderboard.json has no true/false "optIn" field; write {"optIn": true}'),
    });
    writeFileSync(path.join(dir, OPT_IN_FILE), '{ optIn: true');
    expect(readOptIn(dir).problem).toMatch(/^exercises\/leaderboard\.json is not valid JSON \(.+\); write .* You are not on the leaderboard\.$/);
  });

  it('the kit ships the file switched off', () => {
    expect(readOptIn(path.join(import.meta.dirname, '..', '..', 'exercises'))).toEqual({ optIn: false });
  });
});

describe('aliases', () => {
  it('are stable under one key, differ between students and between keys', () => {
    expect(aliasFor(KEY, 'ada')).toMatch(/^[a-z]+-[a-z]+-[0-9a-f]{4}$/);
    expect(aliasFor(KEY, 'ada')).toBe(aliasFor(KEY, 'ada'));
    expect(aliasFor(KEY, 'ada')).not.toBe(aliasFor(KEY, 'bob'));
    expect(aliasFor(KEY, 'ada')).not.toBe(aliasFor('b'.repeat(64), 'ada'));
  });

  it('keeps the class key in the output folder and refuses a damaged one', () => {
    const key = leaderboardKey(dir);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(leaderboardKey(dir)).toBe(key);
    writeFileSync(path.join(dir, 'leaderboard.key'), 'not a key\n');
    expect(() => leaderboardKey(dir)).toThrow(/leaderboard\.key is not a leaderboard key \(64 hex digits\): delete it/);
  });
});

describe('buildLeaderboard', () => {
  const reports = [
    report('ada', 1, 95, -2, 'a-one'),
    report('bob', 3, 99, 1, 'b-two'),
    report('cy', 1, 80, 0, 'c-three'),
    report('dee', null, 91, 5, 'd-four'),
    report('eve', 0, 100, 0),
  ];

  it('ranks each weighted figure of the opted-in students best first, ties sharing a rank', () => {
    const board = buildLeaderboard(reports, SESSION);
    expect(board.participants).toBe(4);
    expect(board.figures.map((f) => [f.figure, f.better])).toEqual([
      ['calls', 'lower'],
      ['hits', 'higher'],
      ['drift', 'closer to the target'],
    ]);
    const [calls, hits, drift] = board.figures;
    // dee measured nothing for calls: left out, not ranked last with a made-up value.
    expect(calls!.entries.map((e) => [e.rank, e.alias, e.display, e.met])).toEqual([
      [1, 'a-one', '1 calls', true],
      [1, 'c-three', '1 calls', true],
      [3, 'b-two', '3 calls', false],
    ]);
    expect(hits!.entries.map((e) => e.alias)).toEqual(['b-two', 'a-one', 'd-four', 'c-three']);
    expect(drift!.entries.map((e) => [e.rank, e.alias])).toEqual([
      [1, 'c-three'],
      [2, 'b-two'],
      [3, 'a-one'],
      [4, 'd-four'],
    ]);
    expect(calls!).toMatchObject({ target: '≤ 1 calls', baseline: '10 calls', title: `9. ${DEMO.title}` });
  });

  it('names no student, and lists nobody while fewer than the minimum opted in', () => {
    expect(JSON.stringify(buildLeaderboard(reports, SESSION))).not.toMatch(/ada|bob|"cy"|dee|eve|student/);
    const few = buildLeaderboard(reports.slice(0, MIN_PARTICIPANTS - 1), SESSION);
    expect([few.participants, few.figures]).toEqual([MIN_PARTICIPANTS - 1, []]);
    expect(template('leaderboard.html.hbs')(leaderboardView(few))).toContain(`stays empty until ${MIN_PARTICIPANTS} students have opted in`);
  });
});

describe('class files', () => {
  const rows: ClassRow[] = [
    { student: 'ada', report: report('ada', 1, 95, 0, 'a-one'), cached: false, durationMs: 1 },
    { student: 'bob', report: report('bob', 2, 95, 0, 'b-two'), cached: false, durationMs: 1 },
    { student: 'cy', report: report('cy', 4, 95, 0, 'c-three'), cached: false, durationMs: 1 },
    { student: 'dan', error: 'the grader failed', cached: false, durationMs: 1 },
  ];

  it('writes leaderboard.html and leaderboard.json, linked from the index, only when asked', () => {
    writeClassFiles(dir, rows, SESSION);
    expect(existsSync(path.join(dir, 'leaderboard.html'))).toBe(false);
    expect(readFileSync(path.join(dir, 'index.html'), 'utf8')).not.toContain('leaderboard.html');
    writeClassFiles(dir, rows, { ...SESSION, leaderboard: { key: KEY } });
    const html = readFileSync(path.join(dir, 'leaderboard.html'), 'utf8');
    expect(html).toContain('<td>a-one</td><td class="num met">1 calls ✓</td>');
    expect(html).not.toMatch(/ada|bob/);
    expect(JSON.parse(readFileSync(path.join(dir, 'leaderboard.json'), 'utf8'))).toMatchObject({ kind: 'cachelab-leaderboard', version: 1, participants: 3 });
    expect(readFileSync(path.join(dir, 'index.html'), 'utf8')).toContain('<a href="leaderboard.html">anonymous leaderboard</a>');
  });
});
