/**
 * Instructor overrides: points and a comment per report item, per student. The file is the
 * instructor's; the grader only reads it, so every regrade applies it again (nothing is lost).
 * Shape: { "version": 1, "students": { "<student>": { "<exercise-slug>": { "<item-id>":
 * { "points": 25, "comment": "…" } } } } }. Item ids are the `id`s in report.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { z } from 'zod';
import { GraderError } from './errors.js';
import { check, exactly, fields, named, number, text } from './file-schema.js';

/** The schema of an overrides file. */
export const OVERRIDES_SCHEMA = fields({
  version: exactly(1),
  students: named(
    named(
      named(
        fields({
          points: number(0).describe("The item's points instead of the measured ones."),
          comment: text().describe('Why: shown to the student in the report.'),
        }).describe('One override of a report item (its id as in report.json).'),
      ).describe('Items of one exercise, by id.'),
    ).describe("One student's overrides, by exercise slug."),
  ).describe('Overrides by student.'),
}).describe('Instructor overrides: points and a comment per report item, per student. Keys starting with $ are comments.');

/** The overrides file. */
export type Overrides = z.output<typeof OVERRIDES_SCHEMA>;

/** No overrides at all. */
export const NO_OVERRIDES: Overrides = { version: 1, students: {} };

/** Reads and validates an overrides file; a missing file means no overrides. */
export function loadOverrides(file: string): Overrides {
  if (!existsSync(file)) return NO_OVERRIDES;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new GraderError('E_OVERRIDES_READ', `${file}: cannot read the overrides (${(error as Error).message}). Fix the JSON or move the file away.`, {
      cause: error,
    });
  }
  return validateOverrides(raw, file);
}

/** Validates parsed overrides; `file` names it in messages. `$` keys are comments and are dropped. */
export function validateOverrides(raw: unknown, file: string): Overrides {
  const result = check(OVERRIDES_SCHEMA, raw, file);
  if (!result.ok) {
    throw new GraderError(
      'E_OVERRIDES_INVALID',
      `The overrides are invalid (every override needs points >= 0 and a comment):\n  - ${result.problems.join('\n  - ')}`,
    );
  }
  return result.value;
}
