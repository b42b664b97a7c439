/**
 * Instructor overrides: points and a comment per report item, per student. The file is the
 * instructor's; the grader only reads it, so every regrade applies it again (nothing is lost).
 * Shape: { "version": 1, "students": { "<student>": { "<exercise-slug>": { "<item-id>":
 * { "points": 25, "comment": "…" } } } } }. Item ids are the `id`s in report.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { GraderError } from './errors.js';
import { Checker } from './validate.js';

/** One override. */
interface Override {
  points: number;
  comment: string;
}

/** The overrides file. */
export interface Overrides {
  version: 1;
  students: Record<string, Record<string, Record<string, Override>>>;
}

/** No overrides at all. */
export const NO_OVERRIDES: Overrides = { version: 1, students: {} };

/** Reads and validates an overrides file; a missing file means no overrides. */
export function loadOverrides(file: string): Overrides {
  if (!existsSync(file)) return NO_OVERRIDES;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new GraderError('E_OVERRIDES_READ', `${file}: cannot read the overrides (${(error as Error).message}). Fix the JSON or move the file away.`, { cause: error });
  }
  return validateOverrides(raw, file);
}

/** Validates parsed overrides; `file` names it in messages. */
export function validateOverrides(raw: unknown, file: string): Overrides {
  const c = new Checker(file);
  if (c.object(raw, '')) {
    if (raw.version !== 1) c.fail('version', '1', raw.version);
    if (c.object(raw.students, 'students')) {
      for (const [student, exercises] of Object.entries(raw.students)) {
        if (!c.object(exercises, `students.${student}`)) continue;
        for (const [slug, items] of Object.entries(exercises)) {
          if (!c.object(items, `students.${student}.${slug}`)) continue;
          for (const [item, o] of Object.entries(items)) {
            const p = `students.${student}.${slug}.${item}`;
            if (!c.object(o, p)) continue;
            c.knownKeys(o, p, ['points', 'comment']);
            c.number(o.points, `${p}.points`, 0);
            c.string(o.comment, `${p}.comment`);
          }
        }
      }
    }
  }
  if (c.problems.length > 0) {
    throw new GraderError('E_OVERRIDES_INVALID', `The overrides are invalid (every override needs points >= 0 and a comment):\n  - ${c.problems.join('\n  - ')}`);
  }
  return raw as Overrides;
}
