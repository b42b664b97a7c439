/** `npm run grade -- --export gradescope|classroom --out <dir>`: writes an export and says where. */
import { writeClassroomWorkflow } from './classroom-workflow.js';
import { writeGradescopeBundle } from './gradescope-bundle.js';

/** The engines the grader exports to. */
export const EXPORT_KINDS = ['gradescope', 'classroom'] as const;

/** Writes the export of `kind` for `kitRoot` into `outDir`; returns the lines to print. */
export function runExport(kind: (typeof EXPORT_KINDS)[number], kitRoot: string, outDir: string): string {
  if (kind === 'classroom') {
    const file = writeClassroomWorkflow(kitRoot, outDir);
    return `GitHub Classroom workflow: ${file}\nCopy it to .github/workflows/classroom.yml in the assignment's template repository (the student edition from \`npm run release\`).\n`;
  }
  const bundle = writeGradescopeBundle(kitRoot, outDir);
  const zip = bundle.zip ? `Upload ${bundle.zip} as the autograder (Configure Autograder → Zip file upload).` : `No zip: ${bundle.note}`;
  return `Gradescope autograder bundle: ${bundle.dir} (${bundle.files} files)\n${zip}\n`;
}
