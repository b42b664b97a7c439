/**
 * The student edition's README names only commands that work there: every `npm …` command it
 * quotes is run in a freshly built and installed edition whose exercises hold the reference files
 * (so a finished student's `npm test` and `npm run check` pass), and must succeed. `exercise-N`
 * and `--exercise N` are run for exercise 1; `[optional]` parts are left out.
 */
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXERCISES, KIT_ROOT } from '../../lib/manifest.js';
import { buildEdition, npm, type Edition } from './edition.js';

/** Every distinct `npm …` command in inline code or a code block of `markdown`, placeholders filled in. */
function npmCommands(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n'));
  const inline = [...markdown.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
  const commands = [...blocks, ...inline]
    .map((c) => c.replace(/#.*$/, '').trim())
    .filter((c) => /^npm\s/.test(c))
    .map((c) =>
      c
        .replace(/\[[^\]]*\]/g, '')
        .replace(/exercise-N\b/g, 'exercise-1')
        .replace(/--exercise N\b/g, '--exercise 1')
        .replace(/\s+/g, ' ')
        .trim(),
    );
  return [...new Set(commands)];
}

let edition: Edition;
beforeAll(async () => {
  edition = await buildEdition();
  for (const e of EXERCISES) {
    cpSync(path.join(KIT_ROOT, 'solutions', e.slug), path.join(edition.root, 'exercises', e.slug), { recursive: true });
  }
}, 5 * 60_000);
afterAll(() => edition?.dispose());

describe("the student edition's README", () => {
  it('is not the instructor README and names no instructor command', () => {
    const readme = readFileSync(path.join(edition.root, 'README.md'), 'utf8');
    expect(readme).not.toBe(readFileSync(path.join(KIT_ROOT, 'README.md'), 'utf8'));
    expect(readme).not.toMatch(/npm run (verify|release)|grade -- (solutions|--class|--export)/);
    expect(npmCommands(readme).length).toBeGreaterThanOrEqual(4);
  });

  it(
    'names only commands that succeed in the edition',
    async () => {
      const failed: string[] = [];
      let reports = 0;
      for (const command of npmCommands(readFileSync(path.join(edition.root, 'README.md'), 'utf8'))) {
        // `npm ci` already ran when the edition was built.
        if (command === 'npm ci') continue;
        const args = command.split(' ').slice(1);
        // Reports go to scratch space, not into the edition.
        if (args[1] === 'grade') args.push(...(args.includes('--') ? [] : ['--']), '--out', path.join(edition.work, `grade-${(reports += 1)}`));
        const ran = await npm(edition.root, args, 4 * 60_000);
        if (ran.code !== 0) failed.push(`${command}: exit ${ran.code}\n${(ran.stderr || ran.stdout).slice(-800)}`);
        else if (args.includes('--json')) {
          try {
            JSON.parse(ran.stdout);
          } catch {
            failed.push(`${command}: stdout is not JSON alone:\n${ran.stdout.slice(0, 300)}`);
          }
        }
      }
      expect(failed).toEqual([]);
    },
    10 * 60_000,
  );

  it('finds the commands it should (the parser can fail)', () => {
    expect(
      npmCommands('Run `npm test exercise-N` then\n```bash\nnpm run check exercise-N -- --json  # figures\nls\n```\n`npm run hint exercise-N [method]`'),
    ).toEqual(['npm run check exercise-1 -- --json', 'npm test exercise-1', 'npm run hint exercise-1']);
  });
});
