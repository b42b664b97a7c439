/**
 * The kit's version as far as a run is concerned: package.json's version plus a hash of every
 * file that can change what a submission's run measures (runtime, suites, checks, secret
 * parameters, baselines, solutions the reference listing uses). Rubric, overrides and templates are not in
 * it: changing them re-scores and re-renders from the cached results without running again.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inGraderRole, PRIVATE_ROLES } from '../../lib/manifest.js';
import { hashFiles, listFiles } from './files.js';

const RUN_INPUTS = ['lib', 'grader/src', 'grader/exercises', 'exercises', 'solutions', 'package.json'];

/** Whether `file` (relative to `part`) can change a run: not lib's own tests, and of an exercise's grader home only its suite, secret and baseline (not its calibration or end-to-end tests). */
function counts(part: string, file: string): boolean {
  if (part === 'lib') return !file.endsWith('.test.ts');
  return part !== 'grader/exercises' || inGraderRole(`${part}/${file}`, PRIVATE_ROLES);
}

/** `<package version>+<16 hex digits>`. */
export function kitVersion(kitRoot: string): string {
  const files: string[] = [];
  for (const part of RUN_INPUTS) {
    const abs = path.join(kitRoot, part);
    if (!existsSync(abs)) continue;
    if (part.endsWith('.json')) files.push(part);
    else
      files.push(
        ...listFiles(abs)
          .filter((f) => counts(part, f))
          .map((f) => `${part}/${f}`),
      );
  }
  const pkg = JSON.parse(readFileSync(path.join(kitRoot, 'package.json'), 'utf8')) as { version?: string };
  return `${pkg.version ?? '0.0.0'}+${hashFiles(kitRoot, files)}`;
}
