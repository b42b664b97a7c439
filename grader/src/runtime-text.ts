/**
 * What a student-visible report may say about text produced at run time by submission code.
 *
 * Error messages, console output and stack traces come from processes that run the student's
 * code next to the hidden suites' sources and the secret parameters, so any of them can carry
 * (or encode) that private text. They are left out of everything a student sees; results.json,
 * the instructor's copy, keeps them raw as `detail`. What a student does see of an error is the
 * kit's own wording built from two checked facts: its kind, taken only from a fixed list (the
 * built-in error classes and the kit's own), and where it was thrown, taken only when it is a
 * line of one of the student's own files. A filter on the text itself would miss any encoding
 * of it (base64, one character per line); a fixed vocabulary cannot leak.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** An error as a process running submission code described it (every field untrusted). */
export interface RuntimeError {
  /** `error.name`. */
  kind?: string;
  /** The first line of the message: kept only in the instructor's copy. */
  message?: string;
  /** `exercises/<slug>/<file>:<line>` of the first frame in a student file. */
  where?: string;
}

const BUILT_IN = ['Error', 'TypeError', 'RangeError', 'ReferenceError', 'SyntaxError', 'EvalError', 'URIError', 'AggregateError'];

let kitKinds: Set<string> | undefined;

/** Names of the error classes the kit's lib/ declares (read once from the kit, never from a workspace). */
function kitErrorNames(kitRoot: string): Set<string> {
  if (kitKinds) return kitKinds;
  const names = new Set<string>(BUILT_IN);
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const at = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== 'node_modules') walk(at);
      else if (e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) {
        for (const m of readFileSync(at, 'utf8').matchAll(/class (\w+Error) extends/g)) names.add(m[1]!);
      }
    }
  };
  walk(path.join(kitRoot, 'lib'));
  kitKinds = names;
  return names;
}

/** The files a report may point at: `exercises/<slug>/<file>` for each file of the student's folder. */
export type OwnFiles = ReadonlySet<string>;

/** The checked facts of an error: its kind when it is a known one, its place when it is a line of the student's own file. */
export function checkedError(kitRoot: string, error: RuntimeError, own: OwnFiles): { kind: string | null; file?: string; line?: number } {
  const kind =
    typeof error.kind === 'string' && kitErrorNames(kitRoot).has(error.kind) ? error.kind : error.kind === 'AssertionError' ? 'AssertionError' : null;
  const m = typeof error.where === 'string' ? /^(exercises\/[^:]+):(\d{1,6})$/.exec(error.where) : null;
  return m && own.has(m[1]!) ? { kind, file: m[1]!, line: Number(m[2]) } : { kind };
}

/** "a TypeError thrown at exercises/…/memo.ts:12", "an assertion that failed", "an error": safe for a student's report. */
export function describeChecked(c: { kind: string | null; file?: string; line?: number }): string {
  const at = c.file ? ` thrown at ${c.file}:${String(c.line)}` : '';
  if (c.kind === 'AssertionError') return c.file ? `an assertion that failed at ${c.file}:${String(c.line)}` : 'an assertion that failed';
  if (!c.kind) return `an error${at}`;
  return `${/^[AEIOU]/.test(c.kind) ? 'an' : 'a'} ${c.kind}${at}`;
}

/** describeChecked(checkedError(…)) in one call. */
export function describeRuntime(kitRoot: string, error: RuntimeError, own: OwnFiles): string {
  return describeChecked(checkedError(kitRoot, error, own));
}

/** The raw text for the instructor's copy: kind and message as the process gave them. */
export function rawText(error: RuntimeError): string {
  const kind = error.kind && error.kind !== 'Error' ? `${error.kind}: ` : '';
  return `${kind}${error.message ?? ''}`.slice(0, 400);
}
