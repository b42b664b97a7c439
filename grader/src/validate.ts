/**
 * A small checker for the load-check output that grader/src/load.ts reads from the sandboxed
 * runner. Each problem names the source, the field path and what was expected. The files a user
 * edits (rubric, overrides, secret parameters) are validated with zod instead
 * (grader/src/file-schema.ts), which also publishes their JSON Schemas.
 */

/** Collects problems about one document; `path` is the dotted field path. */
export class Checker {
  readonly problems: string[] = [];
  constructor(readonly file: string) {}

  /** Records a problem at `path`. */
  fail(path: string, expected: string, got: unknown): void {
    this.problems.push(`${this.file}: ${path || '(top level)'} must be ${expected} (got ${describe(got)})`);
  }

  /** True when `value` is a plain object; records a problem otherwise. */
  object(value: unknown, path: string): value is Record<string, unknown> {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return true;
    this.fail(path, 'an object', value);
    return false;
  }

  /** True when `value` is a finite number within [min, max]. */
  number(value: unknown, path: string, min = -Infinity, max = Infinity): value is number {
    if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) return true;
    const range = max === Infinity ? (min === -Infinity ? 'a number' : `a number >= ${min}`) : `a number from ${min} to ${max}`;
    this.fail(path, range, value);
    return false;
  }

  /** True when `value` is a string (non-empty unless allowed). */
  string(value: unknown, path: string, allowEmpty = false): value is string {
    if (typeof value === 'string' && (allowEmpty || value.trim() !== '')) return true;
    this.fail(path, allowEmpty ? 'a string' : 'a non-empty string', value);
    return false;
  }

  /** True when `value` is one of `choices`. */
  oneOf<T extends string>(value: unknown, path: string, choices: readonly T[]): value is T {
    if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return true;
    this.fail(path, `one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`, value);
    return false;
  }

  /** Records every key of `value` that is not in `known` (typos are the usual mistake). */
  knownKeys(value: Record<string, unknown>, path: string, known: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) {
        this.problems.push(`${this.file}: ${join(path, key)} is not a known field (known: ${known.join(', ')})`);
      }
    }
  }
}

/** `a.b` + `c` → `a.b.c`. */
function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- what JSON cannot show (a function, a symbol, an object whose toJSON gives nothing) reads as String() shows it
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
