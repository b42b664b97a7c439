/** The exercise-target redirect: one test file, several targets. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXERCISES_DIR, exerciseTarget, resolveTarget } from './target-plugin.js';

type ResolveHook = (this: unknown, source: string, importer: string | undefined, options: object) => Promise<unknown>;

function hookOf(targetDir: string, resolvedId: string): (source: string, importer?: string) => Promise<unknown> {
  const plugin = exerciseTarget(targetDir);
  const hook = plugin.resolveId as unknown as ResolveHook;
  const context = { resolve: async () => ({ id: resolvedId, external: false }) };
  return (source, importer = path.join(EXERCISES_DIR, 'x', 'x.test.ts')) => hook.call(context, source, importer, {});
}

describe('resolveTarget', () => {
  it('names the variable and the accepted values when the folder is missing', () => {
    expect(() => resolveTarget('no-such-folder', 'exercises')).toThrow(
      /CACHELAB_TARGET=no-such-folder: folder .* does not exist\. Set it to "exercises", "solutions"/,
    );
  });
  it('falls back when unset or blank', () => {
    expect(resolveTarget(undefined, 'exercises')).toBe(EXERCISES_DIR);
    expect(resolveTarget('  ', 'exercises')).toBe(EXERCISES_DIR);
  });
});

describe('exerciseTarget', () => {
  const target = mkdtempSync(path.join(tmpdir(), 'cachelab-target-'));
  mkdirSync(path.join(target, 'exercise-9-demo'));
  writeFileSync(path.join(target, 'exercise-9-demo', 'impl.ts'), 'export {}');

  it('redirects a source file under exercises/ to the mirrored path in the target', async () => {
    const resolve = hookOf(target, path.join(EXERCISES_DIR, 'exercise-9-demo', 'impl.ts'));
    expect(await resolve('./impl.js')).toMatchObject({ id: path.join(target, 'exercise-9-demo', 'impl.ts') });
  });

  it('leaves test files and files outside exercises/ alone', async () => {
    const testFile = path.join(EXERCISES_DIR, 'exercise-9-demo', 'exercise-9.test.ts');
    expect(await hookOf(target, testFile)('./exercise-9.test.js')).toMatchObject({ id: testFile });
    const libFile = path.join(EXERCISES_DIR, '..', 'lib', 'manifest.ts');
    expect(await hookOf(target, libFile)('../../lib/manifest.js')).toMatchObject({ id: libFile });
  });

  it('says which counterpart is missing', async () => {
    const resolve = hookOf(target, path.join(EXERCISES_DIR, 'exercise-9-demo', 'other.ts'));
    await expect(resolve('./other.js')).rejects.toThrow(
      /exercise-9-demo\/other\.ts is missing: every file a suite imports from exercises\/exercise-9-demo\/other\.ts needs its counterpart/,
    );
  });

  it('does nothing when the target is exercises/ itself', async () => {
    expect(await hookOf(EXERCISES_DIR, path.join(EXERCISES_DIR, 'a.ts'))('./a.js')).toBeNull();
  });
});
