/**
 * Facts about a student's ANALYSIS.md, measured against the kit's template: is it there, was it
 * changed, which of the template's sections have words of the student's own, and which load-check
 * figures it quotes. A figure counts as quoted in a table row with a cell that is exactly the
 * figure's id or label; the value is the first number in the column headed "measured" (or
 * value/result/yours/actual), else in the cell right after the name. A line `<id or label>: <value>`
 * (optionally a list item) works too. Hand-written: no Markdown library is installed, and only headings,
 * table rows and comments matter here.
 */
import type { AnalysisFacts } from './results.js';

/** What a figure is called (id and label both work in ANALYSIS.md). */
export interface FigureName {
  id: string;
  label: string;
}

const HEADING = /^#{2,6}\s+(.+?)\s*#*\s*$/;
const NUMBER = /-?\d+(?:\.\d+)?/;

function normalise(text: string): string {
  return text.toLowerCase().replace(/[`*_]/g, '').replace(/\s+/g, ' ').trim();
}

function stripComments(text: string): string {
  return text.replace(/<!--[\s\S]*?-->/g, '');
}

/** Sections of a Markdown text by normalised level-2+ heading (the H1 title is not a section). */
function sectionsOf(text: string): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of stripComments(text).split('\n')) {
    const m = HEADING.exec(line);
    if (m) {
      current = [];
      sections.set(normalise(m[1]!), current);
    } else if (current) {
      current.push(line);
    }
  }
  return sections;
}

function wordsOf(lines: string[], templateLines: Set<string>): number {
  return lines
    .filter((l) => !templateLines.has(l.trim()))
    .filter((l) => !/^\s*\|?[\s:|-]+\|?\s*$/.test(l)) // table separator rows
    .join(' ')
    .split(/[\s|]+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Figures quoted in `text`, by id. */
export function quotedFigures(text: string, figures: readonly FigureName[]): Record<string, number> {
  const quoted: Record<string, number> = {};
  const lines = stripComments(text).split('\n');
  const valueColumns = tableValueColumns(lines);
  for (const f of figures) {
    const names = [normalise(f.id), normalise(f.label)];
    for (const [i, line] of lines.entries()) {
      const value = line.trim().startsWith('|') ? fromRow(line, names, valueColumns[i]) : fromLine(line, names);
      if (value !== undefined) {
        quoted[f.id] = value;
        break;
      }
    }
  }
  return quoted;
}

const SEPARATOR = /^\s*\|?\s*:?-{2,}/;
const VALUE_HEADER = /measured|value|result|yours?|actual/;

/** For each table row, the column whose header says it holds the measured value (if any). */
function tableValueColumns(lines: string[]): (number | undefined)[] {
  const columns: (number | undefined)[] = [];
  let current: number | undefined;
  lines.forEach((line, i) => {
    if (!line.trim().startsWith('|')) current = undefined;
    else if (SEPARATOR.test(line) && i > 0) {
      const at = cellsOf(lines[i - 1]!).findIndex((c) => VALUE_HEADER.test(c));
      current = at >= 0 ? at : undefined;
    }
    columns.push(current);
  });
  return columns;
}

function cellsOf(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => normalise(c));
}

function numberIn(text: string): number | undefined {
  const m = NUMBER.exec(text.replace(/(\d),(\d{3})/g, '$1$2'));
  return m ? Number(m[0]) : undefined;
}

/** The value in a row naming the figure: the "measured" column, else the cell right after the name. */
function fromRow(line: string, names: string[], valueColumn: number | undefined): number | undefined {
  const cells = cellsOf(line);
  const at = cells.findIndex((c) => names.includes(c));
  if (at < 0) return undefined;
  const cell = cells[valueColumn !== undefined && valueColumn !== at ? valueColumn : at + 1];
  return cell === undefined ? undefined : numberIn(cell);
}

function fromLine(line: string, names: string[]): number | undefined {
  const text = normalise(line).replace(/^[-*+]\s+/, '');
  for (const name of names) {
    if (name && text.startsWith(`${name}:`)) {
      const value = numberIn(text.slice(name.length + 1));
      if (value !== undefined) return value;
    }
  }
  return undefined;
}

/** Table data rows of a section (not the header row, not the separator). */
function dataRows(lines: string[]): string[] {
  return lines.filter((l, i) => l.trim().startsWith('|') && !SEPARATOR.test(l) && !SEPARATOR.test(lines[i + 1] ?? '')).map((l) => l.trim());
}

/** Compares a student's ANALYSIS.md (null = missing) with the template. */
export function analysisFacts(student: string | null, template: string, figures: readonly FigureName[]): AnalysisFacts {
  const headings = stripComments(template)
    .split('\n')
    .map((l) => HEADING.exec(l)?.[1])
    .filter((h): h is string => h !== undefined);
  if (student === null) {
    return {
      present: false,
      changed: false,
      sections: headings.map((heading) => ({ heading, found: false, words: 0, tableRows: 0, filledRows: 0 })),
      quoted: {},
    };
  }
  const templateLines = new Set(
    template
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== ''),
  );
  const mine = sectionsOf(student);
  const theirs = sectionsOf(template);
  const sections = headings.map((heading) => {
    const body = mine.get(normalise(heading));
    const templateRows = dataRows(theirs.get(normalise(heading)) ?? []);
    const filledRows = body ? dataRows(body).filter((r) => !templateLines.has(r)).length : 0;
    return { heading, found: body !== undefined, words: body ? wordsOf(body, templateLines) : 0, tableRows: templateRows.length, filledRows };
  });
  return {
    present: true,
    changed: normalise(student) !== normalise(template) && student.trim() !== '',
    sections,
    quoted: quotedFigures(student, figures),
  };
}
