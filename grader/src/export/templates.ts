/** The exporters' handlebars templates (shell and YAML: compiled without HTML escaping). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { GraderError } from '../errors.js';
import { TEMPLATE_DIR } from '../render.js';

/** Renders grader/templates/export/<name> with `view`. */
export function renderExportTemplate(name: string, view: Record<string, unknown>): string {
  const file = path.join(TEMPLATE_DIR, 'export', name);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new GraderError('E_TEMPLATE', `${file} is missing: the export templates must be in ${path.dirname(file)}.`, { cause: error });
  }
  return Handlebars.create().compile(text, { noEscape: true, strict: true })(view);
}
