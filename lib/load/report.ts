/**
 * Renders a load check's result for a student: a plain-text table of figures (baseline, yours,
 * target, met), a one-line verdict and the README section to read next. Pure functions of the
 * result: `npm run check` prints them, tests assert them, the grader's terminal table may reuse them.
 */
import { stripVTControlCharacters } from 'node:util';
import { meets, type Comparison, type Figure, type LoadCheckResult } from './types.js';

/** Options of {@link renderTable} and {@link renderReport}. */
export interface RenderOptions {
  /** ANSI colours (only when stdout is a terminal and NO_COLOR is unset). */
  color: boolean;
  /** Leave out the "Next:" line (e.g. when a stub's TODO names what to do first). */
  noNextHint?: boolean;
}

const SYMBOL: Record<Comparison, string> = { '>=': '≥', '<=': '≤', '==': '=', '<': '<', '>': '>' };
const ANSI = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39] } as const;

function paint(text: string, style: keyof typeof ANSI, on: boolean): string {
  const [open, close] = ANSI[style];
  return on ? `\u001b[${open}m${text}\u001b[${close}m` : text;
}

/** Display width: ANSI codes take no room (every symbol used here is one column wide). */
function width(text: string): number {
  return [...stripVTControlCharacters(text)].length;
}

/** A number as a student reads it: at most 2 decimals, 3 significant digits below 1, '—' when NaN. */
function formatNumber(value: number): string {
  if (Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  const abs = Math.abs(value);
  const options: Intl.NumberFormatOptions = abs !== 0 && abs < 1 ? { maximumSignificantDigits: 3 } : { maximumFractionDigits: 2 };
  return new Intl.NumberFormat('en-US', options).format(value);
}

/** A value with its unit: `90%`, `1.5×`, `12.5 ms`, `3 calls`, `—` when NaN. */
export function formatValue(value: number, unit: string): string {
  const text = formatNumber(value);
  if (Number.isNaN(value) || unit === '') return text;
  return unit === '%' || unit === '×' ? `${text}${unit}` : `${text} ${unit}`;
}

/** A target as `≥ 90%`, `≤ 1 calls`, `= 0`. */
export function formatTarget(target: Figure['target'], unit: string): string {
  return `${SYMBOL[target.op]} ${formatValue(target.value, unit)}`;
}

/** The figures as an aligned table: figure | baseline | yours | target | met. */
export function renderTable(figures: readonly Figure[], { color }: RenderOptions): string {
  const header = ['figure', 'baseline', 'yours', 'target', 'met'];
  const rows = figures.map((f) => {
    const ok = meets(f.value, f.target);
    return [
      f.label,
      f.baseline === undefined ? '—' : formatValue(f.baseline, f.unit),
      formatValue(f.value, f.unit),
      formatTarget(f.target, f.unit),
      ok ? paint('✓', 'green', color) : paint('✗', 'red', color),
    ];
  });
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => {
        const pad = ' '.repeat(widths[i]! - width(cell));
        return i === 0 ? cell + pad : pad + cell; // label left, figures right
      })
      .join('   ')
      .trimEnd();
  // An untouched stub makes every figure fail with the same TODO: one line for it is enough
  // (the caller prints "not implemented yet"); other errors are listed per figure.
  const errors = figures.filter((f) => f.error && !/\bTODO:/.test(f.error)).map((f) => `  ! ${f.label}: ${f.error}`);
  return [paint(line(header), 'bold', color), ...rows.map(line), ...errors].join('\n');
}

/** Figures that miss their target. */
export function missedFigures(figures: readonly Figure[]): Figure[] {
  return figures.filter((f) => !meets(f.value, f.target));
}

/** One line: "All 3 targets met." or "1 of 3 targets met; missed: …". */
export function verdict(figures: readonly Figure[]): string {
  const missed = missedFigures(figures);
  if (figures.length === 0) return 'The check returned no figures.';
  if (missed.length === 0) return `All ${figures.length} targets met.`;
  const met = figures.length - missed.length;
  // Listing every label is noise when most are missed; the ✗ column already names them.
  if (missed.length > 3) return `${met} of ${figures.length} targets met (see the ✗ rows above).`;
  return `${met} of ${figures.length} targets met; missed: ${missed.map((f) => f.label).join(', ')}.`;
}

/**
 * What to do after a miss. A figure may carry `hint`: "Hints: <topic title>" is a topic of
 * `npm run hint` (its id is the title's first word), anything else a README section to read.
 * Without one, the exercise's next hint, for the first missed figure.
 */
export function nextHint(figures: readonly Figure[], context: { name: string; readmePath: string }): string | undefined {
  const first = missedFigures(figures)[0];
  if (!first) return undefined;
  const hint = typeof first.hint === 'string' ? first.hint.trim() : '';
  if (/^Hints:\s*\S/.test(hint)) {
    const title = hint.replace(/^Hints:\s*/, '');
    return `Next: npm run hint ${context.name} ${title.split(/\s+/)[0]} (the next tier of "${title}", for "${first.label}").`;
  }
  if (hint !== '') return `Next: read "${hint}" in ${context.readmePath}.`;
  return `Next: npm run hint ${context.name} (the next hint, one tier at a time, for "${first.label}").`;
}

/** Heading, parameters, table, notes, verdict and next hint, ready to print. */
export function renderReport(
  result: LoadCheckResult,
  context: { name: string; title: string; readmePath: string; dir: string },
  options: RenderOptions,
): string {
  const { seed, scale, backend } = result.params;
  const lines = [
    paint(`${context.name} · ${context.title}`, 'bold', options.color),
    paint(`seed ${seed} · scale ${scale} · ${backend} backend · ${context.dir}`, 'dim', options.color),
    '',
    renderTable(result.figures, options),
  ];
  if (result.notes.length > 0) lines.push('', ...result.notes.map((n) => `note: ${n}`));
  lines.push('', verdict(result.figures));
  const hint = options.noNextHint ? undefined : nextHint(result.figures, context);
  if (hint) lines.push(hint);
  return lines.join('\n');
}

/** Where a failure happened: importing the student's files or running the check. */
export interface FailureContext {
  /** `exercise-4`. */
  name: string;
  phase: 'load' | 'run';
  /** Absolute folder of the implementation under test. */
  exerciseDir: string;
  /** The same folder as the student should read it (relative to where they ran the command). */
  displayDir: string;
  /** Stub files (relative to the folder), from the manifest. */
  stubs: readonly string[];
  /** The README to point at (default `<displayDir>/README.md`): a folder given with --dir may have none. */
  readmePath?: string;
  backend: LoadCheckResult['params']['backend'];
  verbose: boolean;
}

/** The error and its causes (`cause`, AggregateError's `errors`), outermost first. */
export function errorChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  const queue = [error];
  while (queue.length > 0 && chain.length < 20) {
    const next = queue.shift();
    if (next === undefined || chain.includes(next)) continue;
    chain.push(next);
    if (next instanceof Error) {
      if (next.cause !== undefined) queue.push(next.cause);
      if (next instanceof AggregateError) queue.push(...(next.errors as unknown[]));
    }
  }
  return chain;
}

/** The stub's `TODO` error in the chain (what an untouched stub throws), if any. */
export function findTodo(error: unknown): Error | undefined {
  return errorChain(error).find((e): e is Error => e instanceof Error && /^TODO\b/.test(e.message));
}

/** The stub file whose frame comes first in `stack` (where the TODO was thrown), if any. */
export function stubInStack(stack: string | undefined, exerciseDir: string, stubs: readonly string[]): string | undefined {
  if (!stack) return undefined;
  const text = stack.replaceAll('file://', '').replaceAll('\\', '/');
  const dir = exerciseDir.replaceAll('\\', '/').replace(/\/$/, '');
  const hits = stubs
    .map((stub) => ({ stub, at: text.indexOf(`${dir}/${stub}:`) }))
    .filter((h) => h.at >= 0)
    .sort((a, b) => a.at - b.at);
  return hits[0]?.stub;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.trim();
}

function hasCode(error: unknown, codes: readonly string[]): boolean {
  return errorChain(error).some((e) => codes.includes(String((e as { code?: unknown } | null)?.code)));
}

/** What a student reads when loading or running a check throws: no stack unless `verbose`. */
export function describeFailure(error: unknown, ctx: FailureContext): string {
  const readme = ctx.readmePath ?? `${ctx.displayDir}/README.md`;
  let message: string;
  const todo = findTodo(error);
  if (todo) {
    const stub = stubInStack(todo.stack, ctx.exerciseDir, ctx.stubs);
    const files = stub ? [stub] : ctx.stubs;
    const where = files.length > 0 ? files.map((f) => `${ctx.displayDir}/${f}`).join(', ') : `the stubs in ${ctx.displayDir}`;
    message = `${ctx.name} is not implemented yet: ${todo.message}. Fill in ${where} (see ${readme}).`;
    if (!ctx.verbose) return message; // an untouched stub is expected, not a crash: no stack hint
  } else if (ctx.phase === 'load') {
    message =
      `Could not load ${ctx.name} from ${ctx.displayDir}: ${firstLine(error)}. ` +
      'Fix the file it names (it must compile and keep the exported names of the stub), then run the check again.';
  } else if (ctx.backend === 'real' && hasCode(error, ['ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH'])) {
    message =
      `The ${ctx.name} load check could not reach the real backend (${firstLine(error)}). ` +
      'Start it with `npm run services` (or `docker compose up -d`), check CACHE_URL and DATABASE_URL, or run with --backend embedded.';
  } else {
    message = `The ${ctx.name} load check failed: ${firstLine(error)}`;
  }
  if (!ctx.verbose) return `${message}\n(run with --verbose for the stack trace)`;
  const stacks = errorChain(error).map((e) => (e instanceof Error ? (e.stack ?? e.message) : String(e)));
  return [message, '', ...stacks.map((s, i) => (i === 0 ? s : `caused by: ${s}`))].join('\n');
}
