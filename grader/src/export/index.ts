/** `npm run grade -- --export gradescope|classroom --out <dir>`: writes an export and says where. */
import { GraderError } from '../errors.js';
import { writeClassroomWorkflow } from './classroom-workflow.js';
import { writeGradescopeBundle } from './gradescope-bundle.js';

/** The engines the grader exports to. */
export const EXPORT_KINDS = ['gradescope', 'classroom'] as const;

/** Writes the export of `kind` for `kitRoot` into `outDir`; returns the lines to print. */
export function runExport(kind: (typeof EXPORT_KINDS)[number], kitRoot: string, outDir: string, options: { leaderboard?: boolean } = {}): string {
  if (kind === 'classroom') {
    if (options.leaderboard)
      throw new GraderError('E_USAGE', '--leaderboard: GitHub Classroom has no leaderboard; use it with --export gradescope or --class.');
    const file = writeClassroomWorkflow(kitRoot, outDir);
    return `GitHub Classroom workflow: ${file}\nCopy it to .github/workflows/classroom.yml in the assignment's template repository (the student edition from \`npm run release\`).\n`;
  }
  const bundle = writeGradescopeBundle(kitRoot, outDir, { leaderboard: options.leaderboard ?? false });
  const zip = bundle.zip ? `Upload ${bundle.zip} as the autograder (Configure Autograder → Zip file upload).` : `No zip: ${bundle.note}`;
  const board = options.leaderboard
    ? "Its results.json carries the load-check figures for Gradescope's leaderboard: turn the leaderboard on in the assignment's settings.\n"
    : '';
  return `Gradescope autograder bundle: ${bundle.dir} (${bundle.files} files)\n${zip}\n${board}`;
}
