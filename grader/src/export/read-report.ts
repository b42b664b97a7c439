/** Reads a report.json for the exporters, with an error naming the file and the fix. */
import { readFileSync } from 'node:fs';
import { GraderError } from '../errors.js';
import { REPORT_VERSION, type Report } from '../report.js';

/** Parses and checks `file` (kind and version); throws E_RESULTS_INVALID otherwise. */
export function readReport(file: string): Report {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new GraderError(
      'E_RESULTS_INVALID',
      `${file}: cannot read the report (${(error as Error).message}). Run \`npm run grade\` first; it writes report.json into its --out folder.`,
      { cause: error },
    );
  }
  const r = raw as Partial<Report> | null;
  if (!r || r.kind !== 'cachelab-report' || r.version !== REPORT_VERSION || !Array.isArray(r.exercises)) {
    throw new GraderError(
      'E_RESULTS_INVALID',
      `${file} is not a version ${REPORT_VERSION} cachelab report (kind "cachelab-report"); regrade with this kit's \`npm run grade\`.`,
    );
  }
  return r as Report;
}
