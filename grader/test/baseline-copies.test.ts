/**
 * A baseline copied as a student's exercise folder (own tests' planted bugs, the fixture classes,
 * bench:grade) must still import the kit: a copy whose imports point nowhere fails every test for
 * the wrong reason, and a planted bug would count as caught by tests that never ran it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXERCISES, graderFile, homesOf, KIT_ROOT } from '../../lib/manifest.js';
import { baselineAsSubmission } from '../src/baselines.js';
import { listFiles } from '../src/files.js';

/** Relative specifiers of a module's imports (static and dynamic). */
function specifiers(text: string): string[] {
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
}

describe('baselines as submissions', () => {
  it.each(EXERCISES.map((e) => [e.slug, e] as const))('%s: every relative import of the copy resolves from exercises/<slug>/', (_slug, e) => {
    const from = path.join(KIT_ROOT, graderFile(e.slug, 'baseline'));
    const files = listFiles(from).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(0);
    const broken: string[] = [];
    let seen = 0;
    for (const f of files) {
      const copy = baselineAsSubmission(f, readFileSync(path.join(from, f), 'utf8'));
      const dir = path.dirname(path.join(KIT_ROOT, homesOf(e.slug).exercise, f));
      for (const s of specifiers(copy)) {
        seen += 1;
        const target = path.resolve(dir, s);
        const candidates = [target, target.replace(/\.js$/, '.ts')];
        // a sibling of the copy is another baseline file, copied beside it
        const sibling = candidates.some((c) => files.includes(path.relative(path.join(KIT_ROOT, homesOf(e.slug).exercise), c)));
        if (!sibling && !candidates.some((c) => existsSync(c))) broken.push(`${f}: ${s}`);
      }
    }
    expect(seen).toBeGreaterThan(0);
    expect(broken).toEqual([]);
  });
});
