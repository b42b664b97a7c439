/**
 * The secret load-check parameters of grader/secret/exercise-N.ts (`export default { seed, scale }`).
 * Read by the grader process from the kit, never copied into a submission's workspace.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { GraderError } from './errors.js';
import { Checker } from './validate.js';

/** Secret parameters of one exercise. */
export interface SecretParams {
  seed: number | string;
  scale: number;
}

/** Path of exercise N's secret parameters. */
function secretPath(kitRoot: string, id: number): string {
  return path.join(kitRoot, 'grader', 'secret', `exercise-${id}.ts`);
}

/** Loads exercise N's secret parameters; null when the kit has none (the student edition). */
export async function loadSecret(kitRoot: string, id: number): Promise<SecretParams | null> {
  const file = secretPath(kitRoot, id);
  if (!existsSync(file)) return null;
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    throw new GraderError('E_KIT_INCOMPLETE', `${file} could not be loaded (${(error as Error).message}); it must \`export default { seed, scale }\`.`, { cause: error });
  }
  const c = new Checker(file);
  const value = mod.default;
  if (c.object(value, 'default export')) {
    if (typeof value.seed !== 'string') c.number(value.seed, 'default export.seed');
    c.number(value.scale, 'default export.scale', Number.MIN_VALUE);
  }
  if (c.problems.length > 0) throw new GraderError('E_KIT_INCOMPLETE', c.problems.join('; '));
  return value as unknown as SecretParams;
}
