/**
 * The opt-in anonymous leaderboard of a class's load-check figures (hit ratio, latency, …).
 *
 * Two opt-ins, both needed: the instructor asks for it (`npm run grade -- --class <dir>
 * --leaderboard`), and each student opts in by writing `{ "optIn": true }` to
 * `exercises/leaderboard.json` (the kit ships it with `false`). Opted-in students appear under an
 * alias such as `amber-otter-3f2a`, an HMAC of their folder name under a random key kept in the
 * class output folder (`leaderboard.key`): the same alias on every regrade into that folder, and no
 * way for classmates to work back from alias to name. Each student's own report tells them their
 * alias. The page stays empty until MIN_PARTICIPANTS students opted in, so a lone participant cannot
 * be singled out. Written by hand: ranking a handful of figures needs no library.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ExerciseEntry } from '../../lib/manifest.js';
import type { Comparison } from '../../lib/load/types.js';
import { writeFileAtomic } from './atomic.js';
import { GraderError } from './errors.js';
import { isLink } from './files.js';
import { formatTarget, formatValue } from './format.js';
import type { Report, ReportItem } from './report.js';

/** The student's opt-in file, relative to their exercises/ folder. */
export const OPT_IN_FILE = 'leaderboard.json';
/** Fewer opted-in students than this and the leaderboard lists nobody. */
export const MIN_PARTICIPANTS = 3;
/** Version of leaderboard.json; bump on any incompatible change. */
const LEADERBOARD_VERSION = 1 as const;

/** What a student's opt-in file says; `problem` explains a file that could not be read as meant. */
export interface OptIn {
  optIn: boolean;
  problem?: string;
}

const HOW = `write {"optIn": true} to exercises/${OPT_IN_FILE} to appear on the class leaderboard, or {"optIn": false} to stay off it`;

/** Reads `exercises/leaderboard.json` of a submission; a missing file means "not opted in". */
export function readOptIn(exercisesDir: string | null): OptIn {
  const file = exercisesDir ? path.join(exercisesDir, OPT_IN_FILE) : null;
  if (!file) return { optIn: false };
  // Never follow a link out of the submission: its target's text would reach the JSON error below.
  if (isLink(file))
    return { optIn: false, problem: `exercises/${OPT_IN_FILE} is a symbolic link, which is never followed; ${HOW}. You are not on the leaderboard.` };
  if (!existsSync(file)) return { optIn: false };
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { optIn: false, problem: `exercises/${OPT_IN_FILE} is not valid JSON (${(error as Error).message}); ${HOW}. You are not on the leaderboard.` };
  }
  const optIn = typeof data === 'object' && data !== null ? (data as { optIn?: unknown }).optIn : undefined;
  if (typeof optIn !== 'boolean') {
    return { optIn: false, problem: `exercises/${OPT_IN_FILE} has no true/false "optIn" field; ${HOW}. You are not on the leaderboard.` };
  }
  return { optIn };
}

/** The class's alias key: read from `<outDir>/leaderboard.key`, or created there on first use. */
export function leaderboardKey(outDir: string): string {
  const file = path.join(outDir, 'leaderboard.key');
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(key)) {
      throw new GraderError(
        'E_USAGE',
        `${file} is not a leaderboard key (64 hex digits): delete it to make a new one (every alias changes) or restore the old file.`,
      );
    }
    return key;
  }
  const key = randomBytes(32).toString('hex');
  writeFileAtomic(file, `${key}\n`, { mode: 0o600 });
  return key;
}

const ADJECTIVES = [
  'amber',
  'brisk',
  'calm',
  'deft',
  'eager',
  'fleet',
  'gentle',
  'hardy',
  'keen',
  'lucid',
  'merry',
  'nimble',
  'quiet',
  'rapid',
  'steady',
  'vivid',
];
const ANIMALS = [
  'badger',
  'crane',
  'dolphin',
  'falcon',
  'gecko',
  'heron',
  'ibex',
  'jaguar',
  'koala',
  'lynx',
  'marten',
  'otter',
  'panda',
  'raven',
  'swift',
  'tapir',
];

/** A student's alias under a class key, e.g. `amber-otter-3f2a`. */
export function aliasFor(key: string, student: string): string {
  const mac = createHmac('sha256', key).update(student).digest();
  return `${ADJECTIVES[mac[0]! % ADJECTIVES.length]}-${ANIMALS[mac[1]! % ANIMALS.length]}-${mac.subarray(2, 4).toString('hex')}`;
}

/** One opted-in student's value of one figure. */
interface LeaderboardEntry {
  rank: number;
  alias: string;
  value: number;
  display: string;
  met: boolean;
}

/** One load-check figure, its ranking best first. */
export interface LeaderboardFigure {
  exercise: string;
  title: string;
  figure: string;
  label: string;
  unit: string;
  target: string;
  baseline: string | null;
  /** How the ranking orders values. */
  better: 'lower' | 'higher' | 'closer to the target';
  entries: LeaderboardEntry[];
}

/** leaderboard.json: names no student. */
export interface Leaderboard {
  version: typeof LEADERBOARD_VERSION;
  kind: 'cachelab-leaderboard';
  kitVersion: string;
  backend: string;
  participants: number;
  minParticipants: number;
  figures: LeaderboardFigure[];
}

/** Which way a figure ranks, from its target's comparison. */
export function direction(op: Comparison): LeaderboardFigure['better'] {
  if (op === '<' || op === '<=') return 'lower';
  if (op === '>' || op === '>=') return 'higher';
  return 'closer to the target';
}

/** A report item that carries a load-check figure. */
export type FigureItem = ReportItem & { figure: NonNullable<ReportItem['figure']> };

/** The figures of one exercise report a leaderboard ranks: weighted load-check figures. */
export function rankedItems(items: readonly ReportItem[]): FigureItem[] {
  return items.filter((i): i is FigureItem => i.criterion === 'performance' && i.figure !== undefined && i.max > 0);
}

/**
 * The leaderboard of the reports that carry an alias (the opted-in students): every weighted
 * load-check figure with a measured value, ranked best first; equal values share a rank.
 */
export function buildLeaderboard(reports: Report[], session: { exercises: readonly ExerciseEntry[]; kitVersion: string; backend: string }): Leaderboard {
  const entrants = reports.filter((r) => r.leaderboard);
  const figures: LeaderboardFigure[] = [];
  if (entrants.length >= MIN_PARTICIPANTS) {
    for (const exercise of session.exercises) {
      const items = new Map<
        string,
        { label: string; unit: string; target: { op: Comparison; value: number }; baseline?: number; values: { alias: string; value: number; met: boolean }[] }
      >();
      for (const r of entrants) {
        for (const item of rankedItems(r.exercises.find((e) => e.id === exercise.slug)?.items ?? [])) {
          const f = item.figure;
          const entry = items.get(item.id) ?? {
            label: item.label,
            unit: f.unit,
            target: f.target,
            ...(f.baseline === undefined ? {} : { baseline: f.baseline }),
            values: [],
          };
          items.set(item.id, entry);
          if (f.value !== null && Number.isFinite(f.value)) entry.values.push({ alias: r.leaderboard!.alias, value: f.value, met: item.status === 'full' });
        }
      }
      for (const [id, f] of items) {
        const better = direction(f.target.op);
        const badness = (v: number): number => (better === 'lower' ? v : better === 'higher' ? -v : Math.abs(v - f.target.value));
        const sorted = [...f.values].sort((a, b) => badness(a.value) - badness(b.value) || a.alias.localeCompare(b.alias));
        figures.push({
          exercise: exercise.slug,
          title: `${exercise.id}. ${exercise.title}`,
          figure: id.replace(/^performance\//, ''),
          label: f.label,
          unit: f.unit,
          target: formatTarget(f.target, f.unit),
          baseline: f.baseline === undefined ? null : formatValue(f.baseline, f.unit),
          better,
          entries: competitionRanks(sorted, badness, f.unit),
        });
      }
    }
  }
  return {
    version: LEADERBOARD_VERSION,
    kind: 'cachelab-leaderboard',
    kitVersion: session.kitVersion,
    backend: session.backend,
    participants: entrants.length,
    minParticipants: MIN_PARTICIPANTS,
    figures,
  };
}

/** Entries in `sorted` order; one equal to the entry before shares its rank (1, 1, 3). */
function competitionRanks(sorted: { alias: string; value: number; met: boolean }[], badness: (v: number) => number, unit: string): LeaderboardEntry[] {
  const entries: LeaderboardEntry[] = [];
  sorted.forEach((v, i) => {
    const tie = i > 0 && badness(sorted[i - 1]!.value) === badness(v.value);
    entries.push({ rank: tie ? entries[i - 1]!.rank : i + 1, alias: v.alias, value: v.value, display: formatValue(v.value, unit), met: v.met });
  });
  return entries;
}

/** What leaderboard.html.hbs renders: the figures grouped by exercise. */
export interface LeaderboardView {
  participants: number;
  minParticipants: number;
  enough: boolean;
  kitVersion: string;
  backend: string;
  exercises: { title: string; figures: LeaderboardFigure[] }[];
}

/** Groups the figures by exercise, in course order. */
export function leaderboardView(lb: Leaderboard): LeaderboardView {
  const exercises: LeaderboardView['exercises'] = [];
  for (const f of lb.figures) {
    const last = exercises.at(-1);
    if (last?.title === f.title) last.figures.push(f);
    else exercises.push({ title: f.title, figures: [f] });
  }
  return {
    participants: lb.participants,
    minParticipants: lb.minParticipants,
    enough: lb.participants >= lb.minParticipants,
    kitVersion: lb.kitVersion,
    backend: lb.backend,
    exercises,
  };
}
