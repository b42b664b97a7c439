/**
 * The secret load-check parameters of grader/exercises/<slug>/secret.ts (`export default { seed, scale }`).
 * Read by the grader process from the kit, never copied into a submission's workspace.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { graderFile } from '../../lib/manifest.js';
import { GraderError } from './errors.js';
import { check, number, above } from './file-schema.js';

/** A module's default export, `{ seed, scale }` (other keys are left alone). */
const SECRET_SCHEMA = z.object({
  'default export': z.object(
    {
      seed: z.union([z.string(), number()], { error: 'a number or a string' }),
      scale: above(0),
    },
    { error: 'an object' },
  ),
});

/** Secret parameters of one exercise. */
export type SecretParams = z.output<typeof SECRET_SCHEMA>['default export'];

/** Loads an exercise's secret parameters; null when the kit has none (the student edition). */
export async function loadSecret(kitRoot: string, slug: string): Promise<SecretParams | null> {
  const file = path.join(kitRoot, graderFile(slug, 'secret'));
  if (!existsSync(file)) return null;
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    throw new GraderError('E_KIT_INCOMPLETE', `${file} could not be loaded (${(error as Error).message}); it must \`export default { seed, scale }\`.`, {
      cause: error,
    });
  }
  const result = check(SECRET_SCHEMA, { 'default export': mod.default }, file);
  if (!result.ok) throw new GraderError('E_KIT_INCOMPLETE', result.problems.join('; '));
  return result.value['default export'];
}
