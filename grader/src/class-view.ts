/**
 * Pure views of a graded class: the index page's model (table, score distribution, per-exercise
 * averages), grades.csv (one row per student, per-exercise and per-criterion columns) and the
 * terminal summary table.
 */
import { integrityLine, type Integrity } from './sandbox.js';
import type { ExerciseEntry } from '../../lib/manifest.js';
import type { ClassRow } from './class.js';
import { formatPoints } from './format.js';
import { CRITERIA, CRITERION_LABELS } from './rubric.js';
import { histogram, type HistogramBin } from '../../lib/render/histogram.js';

/** What class.html.hbs renders. */
export interface ClassView {
  kitVersion: string;
  backend: string;
  /** `integrity: sandboxed (…)` or `integrity: reduced (…)`, when known. */
  integrity?: string;
  reduced?: boolean;
  estimate: boolean;
  count: number;
  headers: { label: string; numeric: boolean }[];
  rows: { student: string; link: string; cells: { text: string; sort: string; numeric: boolean }[]; error?: string }[];
  averages: { title: string; average: string; max: string; percent: number }[];
  /** The score distribution: trusted SVG from lib/render (the template inserts it unescaped). */
  histogram: string;
  /** Whether leaderboard.html was written beside the index. */
  leaderboard: boolean;
  /** Whether similarity.html (instructor only) was written beside the index. */
  similarity: boolean;
}

function exerciseScore(row: ClassRow, slug: string): { score: number; max: number } | null {
  const e = row.report?.exercises.find((x) => x.id === slug);
  return e && e.status !== 'not-graded' ? { score: e.score, max: e.max } : null;
}

/** The exercises of a student's report that were not graded for an infrastructure failure: they need a regrade. */
export function notGradedSlugs(row: ClassRow): string[] {
  return row.report?.exercises.filter((e) => e.status === 'not-graded').map((e) => e.id) ?? [];
}

/** The index page's model. */
export function classView(
  rows: ClassRow[],
  session: {
    exercises: readonly ExerciseEntry[];
    kitVersion: string;
    backend: string;
    mode: string;
    leaderboard?: boolean;
    similarity?: boolean;
    integrity?: Integrity;
  },
): ClassView {
  const headers = [
    { label: 'Student', numeric: false },
    { label: 'Total', numeric: true },
    { label: '%', numeric: true },
    ...session.exercises.map((e) => ({ label: `${e.id}. ${e.title}`, numeric: true })),
    { label: 'Notes', numeric: false },
  ];
  const tableRows = rows.map((r) => {
    const pct = r.report && r.report.max > 0 ? (r.report.total / r.report.max) * 100 : null;
    const problems = r.report ? r.report.exercises.reduce((n, e) => n + e.problems.filter((p) => p.severity === 'error').length, r.report.problems.length) : 0;
    const regrade = notGradedSlugs(r);
    const note = r.error
      ? `grader error: ${r.error.split('\n')[0]}`
      : [regrade.length > 0 ? `needs regrade: ${regrade.join(', ')} not graded (infrastructure)` : '', problems > 0 ? `${problems} problem(s)` : '']
          .filter(Boolean)
          .join('; ');
    return {
      student: r.student,
      link: `${encodeURIComponent(r.student)}/report.html`,
      cells: [
        { text: r.report ? formatPoints(r.report.total) : '—', sort: String(r.report?.total ?? -1), numeric: true },
        { text: pct === null ? '—' : pct.toFixed(1), sort: String(pct ?? -1), numeric: true },
        ...session.exercises.map((e) => {
          const s = exerciseScore(r, e.slug);
          return { text: s ? formatPoints(s.score) : '—', sort: String(s?.score ?? -1), numeric: true };
        }),
        { text: note, sort: note, numeric: false },
      ],
      ...(r.error ? { error: r.error } : {}),
    };
  });
  const averages = session.exercises.map((e) => {
    const scores = rows.map((r) => exerciseScore(r, e.slug)).filter((s): s is { score: number; max: number } => s !== null);
    const avg = scores.length ? scores.reduce((a, s) => a + s.score, 0) / scores.length : 0;
    const max = scores[0]?.max ?? e.points;
    return { title: `${e.id}. ${e.title}`, average: formatPoints(avg), max: formatPoints(max), percent: max > 0 ? Math.round((avg / max) * 1000) / 10 : 0 };
  });
  return {
    kitVersion: session.kitVersion,
    backend: session.backend,
    ...(session.integrity ? { integrity: integrityLine(session.integrity), reduced: session.integrity.mode !== 'sandboxed' } : {}),
    estimate: session.mode === 'visible-only',
    count: rows.length,
    headers,
    rows: tableRows,
    averages,
    leaderboard: session.leaderboard ?? false,
    similarity: session.similarity ?? false,
    histogram: histogram(
      'Number of students per 10% score band',
      scoreBands(rows.map((r) => (r.report && r.report.max > 0 ? (r.report.total / r.report.max) * 100 : null)).filter((p): p is number => p !== null)),
    ),
  };
}

/** Ten bands of percent (0–10, …, 90–100, 100 in the last) with the number of students in each. */
export function scoreBands(percents: number[]): HistogramBin[] {
  const counts = new Array<number>(10).fill(0);
  for (const p of percents) counts[Math.min(9, Math.max(0, Math.floor(p / 10)))]! += 1;
  return counts.map((count, i) => ({ label: `${i * 10}%`, count, title: `${i * 10}–${i * 10 + 10}%: ${count}` }));
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** grades.csv: student, total, max, percent, status, then per exercise its score and criteria. */
export function gradesCsv(rows: ClassRow[], exercises: readonly ExerciseEntry[]): string {
  const header = ['student', 'total', 'max', 'percent', 'status'];
  for (const e of exercises) {
    header.push(e.slug);
    for (const c of CRITERIA) header.push(`${e.slug} ${CRITERION_LABELS[c].toLowerCase()}`);
  }
  const lines = [header.map(csvField).join(',')];
  for (const r of rows) {
    const cells: (string | number)[] = [r.student];
    if (!r.report) {
      cells.push('', '', '', `grader error: ${(r.error ?? '').split('\n')[0]}`);
      for (let i = 0; i < exercises.length * (1 + CRITERIA.length); i++) cells.push('');
    } else {
      const rep = r.report;
      const errors = rep.exercises.filter((e) => e.status === 'error').map((e) => e.id);
      const regrade = notGradedSlugs(r);
      const status = regrade.length
        ? `needs regrade: ${regrade.join(' ')} not graded (infrastructure)${errors.length ? `; errors in ${errors.join(' ')}` : ''}`
        : errors.length
          ? `errors in ${errors.join(' ')}`
          : 'graded';
      cells.push(rep.total, rep.max, rep.max > 0 ? Math.round((rep.total / rep.max) * 1000) / 10 : 0, status);
      for (const e of exercises) {
        const x = rep.exercises.find((y) => y.id === e.slug && y.status !== 'not-graded'); // blank: no grade yet
        cells.push(x?.score ?? '');
        for (const c of CRITERIA) cells.push(x?.criteria.find((y) => y.id === c)?.score ?? '');
      }
    }
    lines.push(cells.map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

function scoreText(s: { score: number } | null): string {
  return s ? formatPoints(s.score) : '—';
}

/** The terminal summary: one padded line per student. */
export function summaryTable(rows: ClassRow[], exercises: readonly ExerciseEntry[]): string {
  const header = ['student', 'total', ...exercises.map((e) => `ex ${e.id}`), 'notes'];
  const body = rows.map((r) => {
    if (!r.report) return [r.student, '—', ...exercises.map(() => '—'), `grader error: ${(r.error ?? '').split('\n')[0]!.slice(0, 60)}`];
    const codes = (problems: { code: string; severity: string }[]): string =>
      [...new Set(problems.filter((p) => p.severity === 'error').map((p) => p.code))].join(' ');
    const notes = [
      ...(r.report.problems.length > 0 ? [codes(r.report.problems)] : []),
      ...r.report.exercises.filter((e) => e.status === 'error').map((e) => `${e.id}: ${codes(e.problems)}`),
      ...notGradedSlugs(r).map((slug) => `${slug}: not graded (infrastructure)`),
      ...(r.cached ? ['(unchanged, cached)'] : []),
    ].join('; ');
    return [r.student, `${formatPoints(r.report.total)}/${formatPoints(r.report.max)}`, ...exercises.map((e) => scoreText(exerciseScore(r, e.slug))), notes];
  });
  const all = [header, ...body];
  const widths = header.map((_, i) => Math.max(...all.map((line) => (line[i] ?? '').length)));
  const fmt = (line: string[]): string =>
    line
      .map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(fmt)].join('\n');
}
