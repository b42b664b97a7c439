/** The GitHub Classroom workflow: .github/workflows/classroom.yml for the student repositories. */
import { existsSync } from 'node:fs';
import { writeFileAtomic } from '../atomic.js';
import path from 'node:path';
import { GraderError } from '../errors.js';
import { kitVersion } from '../kit.js';
import { renderExportTemplate } from './templates.js';

/** Id of the grading step; the reporter reads `<ID>_RESULTS` (upper case) from its environment. */
const CLASSROOM_RUNNER = 'grade';

/** The workflow's text. */
export function classroomWorkflow(options: { kitVersion: string; timeoutMinutes?: number }): string {
  return renderExportTemplate('classroom.yml.hbs', {
    kitVersion: options.kitVersion,
    nodeMajor: 20,
    timeoutMinutes: options.timeoutMinutes ?? 30,
    runner: CLASSROOM_RUNNER,
    runnerEnv: CLASSROOM_RUNNER.toUpperCase(),
  });
}

/** Writes `outDir/classroom/.github/workflows/classroom.yml`; returns its path. */
export function writeClassroomWorkflow(kitRoot: string, outDir: string): string {
  const file = path.join(path.resolve(outDir), 'classroom', '.github', 'workflows', 'classroom.yml');
  if (existsSync(file)) throw new GraderError('E_USAGE', `--out ${outDir}: ${file} exists; choose another --out or delete it first.`);
  writeFileAtomic(file, classroomWorkflow({ kitVersion: kitVersion(kitRoot) }));
  return file;
}
