/**
 * Hints on demand (`npm run hint exercise-N [topic]`): each exercise's hints live in one file the
 * manifest names (`exercises/<slug>/hints.json`), a list of topics with three tiers each (nudge →
 * approach → near-answer). Which tiers a student has seen is kept in a local file,
 * `.cachelab/hints-used.json`, so each call shows the next tier only.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ExerciseEntry, Hint } from './manifest.js';

/** The tiers, in the order they are shown. */
export const TIERS: readonly Hint['tier'][] = ['nudge', 'approach', 'near-answer'];

/** One topic: a method or class of the exercise, with its three tiers. */
export interface HintTopic {
  /** What to type after `npm run hint exercise-N`, e.g. `HotKeyDetector`. */
  id: string;
  /** The topic as tests and `npm run check` name it ("Hints: <title>"). */
  title: string;
  /** Methods and classes this topic covers; any of them finds it. */
  methods: string[];
  tiers: Hint[];
}

/** The contents of an exercise's hints.json. */
export interface HintsFile {
  version: 1;
  exercise: number;
  topics: HintTopic[];
}

/** Thrown when a hints.json is missing or malformed. */
export class HintsFileError extends Error {
  readonly code = 'E_HINTS_FILE';
}

/** Where exercise `entry`'s hints are. */
function hintsPath(kitRoot: string, entry: ExerciseEntry): string {
  return path.join(kitRoot, 'exercises', entry.slug, entry.files.hints ?? 'hints.json');
}

/** Reads and checks an exercise's hints; throws a HintsFileError naming the file and the fault. */
export function loadHints(kitRoot: string, entry: ExerciseEntry): HintsFile {
  const file = hintsPath(kitRoot, entry);
  const rel = path.relative(kitRoot, file);
  if (!existsSync(file)) throw new HintsFileError(`${rel} is missing: restore it from the kit (git checkout ${rel}).`);
  let data: HintsFile;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as HintsFile;
  } catch (error) {
    throw new HintsFileError(`${rel} is not valid JSON (${(error as Error).message}).`);
  }
  const problems = hintsProblems(data);
  if (problems.length > 0) throw new HintsFileError(`${rel}: ${problems.join('; ')}.`);
  return data;
}

/** What is wrong with a hints file (empty when nothing is). */
function hintsProblems(data: HintsFile): string[] {
  if (data?.version !== 1 || !Array.isArray(data.topics) || data.topics.length === 0)
    return ['expected {"version": 1, "topics": [...]} with at least one topic'];
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const t of data.topics) {
    if (typeof t.id !== 'string' || !/^[A-Za-z][\w.]*$/.test(t.id)) problems.push(`topic id ${JSON.stringify(t.id)} must be one word`);
    if (ids.has(t.id.toLowerCase())) problems.push(`topic ${t.id} is listed twice`);
    ids.add(String(t.id).toLowerCase());
    const tiers = Array.isArray(t.tiers) ? t.tiers.map((h) => h.tier) : [];
    if (tiers.join() !== TIERS.join() || t.tiers.some((h) => typeof h.text !== 'string' || h.text.trim() === '')) {
      problems.push(`topic ${t.id} needs three tiers with text, in the order ${TIERS.join(', ')}`);
    }
  }
  return problems;
}

/** The topic `query` names: an id, a title ("Hints: read and write" works too) or a method; null when none does. */
export function findTopic(hints: HintsFile, query: string): HintTopic | null {
  const q = query
    .trim()
    .replace(/^hints:\s*/i, '')
    .toLowerCase();
  const by = (pick: (t: HintTopic) => string[]): HintTopic | undefined => hints.topics.find((t) => pick(t).some((n) => n.toLowerCase() === q));
  const exact = by((t) => [t.id, t.title]) ?? by((t) => t.methods);
  if (exact) return exact;
  // `Class.method`: the method's own topic, else the class's; a class alone: its first `Class.…` topic.
  const [owner, method] = [q.split('.')[0]!, q.split('.').slice(1).join('.')];
  if (!method) return hints.topics.find((t) => t.id.toLowerCase().startsWith(`${q}.`)) ?? null;
  return (
    hints.topics.find((t) => t.methods.some((n) => n.toLowerCase() === method)) ??
    hints.topics.find((t) => t.methods.some((n) => n.toLowerCase() === owner)) ??
    null
  );
}

/** Tiers seen so far, by exercise slug and topic id. */
export type HintsUsed = Record<string, Record<string, number>>;

/** The local file that remembers the tiers shown. */
function usedPath(kitRoot: string): string {
  return path.join(kitRoot, '.cachelab', 'hints-used.json');
}

/** Reads what was shown so far (nothing when the file is missing or unreadable). */
export function readUsed(kitRoot: string): HintsUsed {
  try {
    const data = JSON.parse(readFileSync(usedPath(kitRoot), 'utf8')) as { version?: number; shown?: HintsUsed };
    return data.version === 1 && data.shown && typeof data.shown === 'object' ? data.shown : {};
  } catch {
    return {};
  }
}

/** Saves what was shown. */
export function writeUsed(kitRoot: string, shown: HintsUsed): void {
  mkdirSync(path.dirname(usedPath(kitRoot)), { recursive: true });
  writeFileSync(usedPath(kitRoot), `${JSON.stringify({ version: 1, shown }, null, 2)}\n`);
}
