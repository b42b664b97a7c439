/**
 * Zod building blocks for the files an instructor edits and the grader reads (grader/rubric.json,
 * overrides, grader/exercises/<slug>/secret.ts). Each block carries the words of its own error ("a number from 0
 * to 100"), so a problem reads `<file>: <field path> must be <what> (got <value>)`; the same schemas
 * generate the JSON Schemas in grader/schemas/ that editors validate against (`npm run schemas`).
 */
import { z } from 'zod';

/** A finite number within [min, max]; every failure (wrong type included) says the range. */
export function number(min = -Infinity, max = Infinity, expected = range(min, max)): z.ZodNumber {
  let schema = z.number({ error: expected });
  if (min > -Infinity) schema = schema.min(min, { error: expected });
  if (max < Infinity) schema = schema.max(max, { error: expected });
  return schema;
}

/** A number above `min` (exclusive), e.g. a scale that must be positive. */
export function above(min: number): z.ZodNumber {
  return z.number({ error: `a number > ${min}` }).gt(min, { error: `a number > ${min}` });
}

/** A string that is not blank. */
export function text(): z.ZodString {
  return z.string({ error: 'a non-empty string' }).regex(/\S/, { error: 'a non-empty string' });
}

/** One of `choices`. */
export function oneOf<const T extends readonly [string, ...string[]]>(choices: T): z.ZodEnum<{ [K in T[number]]: K }> {
  return z.enum(choices, { error: `one of ${choices.map((c) => JSON.stringify(c)).join(', ')}` });
}

/** Exactly `value` (a format version). */
export function exactly<const T extends number>(value: T): z.ZodLiteral<T> {
  return z.literal(value, { error: String(value) });
}

/** An object with exactly these fields: a key it does not know is a problem (typos are the usual mistake). */
export function fields<T extends z.ZodRawShape>(shape: T): z.ZodObject<T, z.core.$strict> {
  const known = `known: ${Object.keys(shape).join(', ')}`;
  return z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? known : 'an object') });
}

/** An object whose keys are names (students, slugs, figure ids) and whose values are `value`. */
export function named<T extends z.ZodType>(value: T): z.ZodRecord<z.ZodString, T> {
  return z.record(z.string(), value, { error: 'an object' });
}

/** Keys starting with `$` are comments (JSON has none of its own), `$schema` among them. */
function isComment(key: string): boolean {
  return key.startsWith('$');
}

/** A deep copy without the comment keys, which the schemas then need not know. */
function withoutComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !isComment(k))
      .map(([k, v]) => [k, withoutComments(v)]),
  );
}

/**
 * Parses `raw` (comments removed) with `schema`: the value, or one line per problem, each naming
 * `file` and the dotted field path. A refinement's message is a sentence that follows the path.
 */
export function check<T extends z.ZodType>(schema: T, raw: unknown, file: string): { ok: true; value: z.output<T> } | { ok: false; problems: string[] } {
  const result = schema.safeParse(withoutComments(raw), { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problems: strayKeysFirst(result.error.issues).flatMap((issue) => describeIssue(file, issue)) };
}

/** Zod reports an object's unknown keys after its fields; a reader fixes a typo first, so it goes first. */
function strayKeysFirst(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const ordered: z.core.$ZodIssue[] = [];
  for (const issue of issues) {
    const at = issue.code === 'unrecognized_keys' ? ordered.findIndex((o) => issue.path.every((key, i) => o.path[i] === key)) : -1;
    ordered.splice(at === -1 ? ordered.length : at, 0, issue);
  }
  return ordered;
}

/** Adds a problem that is a sentence about the field at `path` (relative to the refined value). */
export function problem(ctx: z.RefinementCtx, message: string, path: PropertyKey[] = []): void {
  ctx.addIssue({ code: 'custom', message, path });
}

/** JSON Schema (draft 2020-12) of a file schema, as editors read it: `$`-keys allowed as comments. */
export function toEditorSchema(schema: z.ZodType, title: string): Record<string, unknown> {
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    override: ({ jsonSchema }) => {
      if (jsonSchema.type === 'object') jsonSchema.patternProperties = { '^\\$': {} };
    },
  }) as Record<string, unknown>;
  const { $schema, ...rest } = json;
  return { $schema, title, ...rest };
}

/** `a.b` + `c` → `a.b.c`; an index as `[i]`. */
function dotted(path: readonly PropertyKey[]): string {
  return path.reduce<string>((at, key) => (typeof key === 'number' ? `${at}[${key}]` : at ? `${at}.${String(key)}` : String(key)), '');
}

function describeIssue(file: string, issue: z.core.$ZodIssue): string[] {
  const at = dotted(issue.path);
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${file}: ${dotted([...issue.path, key])} is not a known field (${issue.message})`);
  if (issue.code === 'custom') return [`${file}: ${at} ${issue.message}`];
  return [`${file}: ${at || '(top level)'} must be ${issue.message} (got ${describeValue(issue.input)})`];
}

function range(min: number, max: number): string {
  if (max === Infinity) return min === -Infinity ? 'a number' : `a number >= ${min}`;
  return min === -Infinity ? `a number <= ${max}` : `a number from ${min} to ${max}`;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- what JSON cannot show (a function, a symbol, an object whose toJSON gives nothing) reads as String() shows it
  return json === undefined ? String(value) : json.length > 60 ? `${json.slice(0, 57)}...` : json;
}
