/**
 * The render stage: report.json → report.html (self-contained: inline CSS and SVG, no scripts or
 * links to fetch), report.md and feedback.md, through the handlebars templates in
 * grader/templates. Templates only place values; view.ts computes them, and each figure's chart
 * is drawn here from its layout by lib/render (targetBar), the one chart module of the kit: the
 * HTML template inserts that SVG unescaped (`{{{chartSvg}}}`) and escapes everything else.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { writeFilesAtomic } from './atomic.js';
import { GraderError } from './errors.js';
import { targetBar } from '../../lib/render/target-bar.js';
import type { Report } from './report.js';
import { reportView, type ReportView } from './view.js';

/** Folder of the templates. */
export const TEMPLATE_DIR = path.resolve(import.meta.dirname, '..', 'templates');

const cache = new Map<string, Handlebars.TemplateDelegate>();

/** A value a helper prints: text and numbers as they are, anything else (absent) as nothing. */
function printed(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/** A compiled template by file name; Markdown ones are compiled without HTML escaping. */
export function template(name: string): Handlebars.TemplateDelegate {
  let compiled = cache.get(name);
  if (!compiled) {
    const file = path.join(TEMPLATE_DIR, name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new GraderError('E_TEMPLATE', `${file} is missing: the grader's templates must be in ${TEMPLATE_DIR}.`, { cause: error });
    }
    const hb = Handlebars.create();
    // A Markdown table cell: pipes escaped, one line.
    hb.registerHelper('cell', (value: unknown) =>
      printed(value)
        .replace(/\|/g, '\\|')
        .replace(/\s*\n\s*/g, ' '),
    );
    // One line of a Markdown list item or quote: text that may carry a student's file name never starts a line of its own.
    hb.registerHelper('line', (value: unknown) => printed(value).replace(/\s*[\r\n\u2028\u2029]\s*/g, ' '));
    compiled = hb.compile(text, { noEscape: name.endsWith('.md.hbs'), strict: false });
    cache.set(name, compiled);
  }
  return compiled;
}

/** The view of report.html: each item with a chart also carries that chart's SVG. */
function withCharts(view: ReportView) {
  return {
    ...view,
    exercises: view.exercises.map((e) => ({ ...e, items: e.items.map((i) => (i.chart ? { ...i, chartSvg: targetBar(i.chart) } : i)) })),
  };
}

/** The rendered files of one report, by file name. */
export function renderReport(report: Report): Record<string, string> {
  const view = reportView(report);
  return {
    'report.json': `${JSON.stringify(report, null, 2)}\n`,
    'report.html': template('report.html.hbs')(withCharts(view)),
    'report.md': template('report.md.hbs')(view),
    'feedback.md': template('feedback.md.hbs')(view),
  };
}

/**
 * Writes a report's files into `dir` as one set: every file is complete under a temporary name
 * before any is renamed, so a full disk leaves the previous set (or none), never a 0-byte file.
 */
export function writeReport(dir: string, report: Report): string[] {
  return writeFilesAtomic(dir, renderReport(report));
}
