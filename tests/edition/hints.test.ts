/**
 * Hints on demand: `npm run hint exercise-N [topic]` in a built student edition prints one tier per
 * call (nudge, then approach, then near-answer) and remembers what it showed; the hints ship in
 * each exercise's hints.json; no README holds a near-answer, every hint a visible test or a
 * load-check figure names is one `npm run hint` can find, and every failure of a visible test on
 * the untouched stubs names the hint to ask for.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTopic, loadHints } from '../../lib/hints.js';
import { EXERCISES, homesOf, KIT_ROOT } from '../../lib/manifest.js';
import { buildEdition, npm, type Edition } from './edition.js';

const ready = EXERCISES;
let edition: Edition;
beforeAll(async () => {
  edition = await buildEdition();
}, 5 * 60_000);
afterAll(() => edition?.dispose());

describe('npm run hint in the student edition', () => {
  it('ships every hints.json', () => {
    for (const e of ready) expect(existsSync(path.join(edition.root, 'exercises', e.slug, 'hints.json')), e.slug).toBe(true);
  });

  it('prints the first tier only, then the next one on the next call', async () => {
    const [first, second, third] = loadHints(
      KIT_ROOT,
      EXERCISES.find((e) => e.id === 3)!,
    ).topics[0]!.tiers;
    const once = await npm(edition.root, ['run', '-s', 'hint', 'exercise-3']);
    expect(once.code, once.stderr).toBe(0);
    expect(once.stdout).toContain(first!.text.trim());
    expect(once.stdout).not.toContain(second!.text.trim());
    expect(once.stdout).not.toContain(third!.text.trim());
    const twice = await npm(edition.root, ['run', '-s', 'hint', 'exercise-3']);
    expect(twice.stdout).toContain(second!.text.trim());
    expect(twice.stdout).not.toContain(first!.text.trim());
    expect(twice.stdout).not.toContain(third!.text.trim());
    expect(JSON.parse(readFileSync(path.join(edition.root, '.cachelab', 'hints-used.json'), 'utf8'))).toEqual({
      version: 1,
      shown: { 'exercise-3-hot-keys': { HotKeyDetector: 2 } },
    });
  });

  it('lists the topics with --list, even when npm keeps the flag, and shows no tier for it', async () => {
    const used = path.join(edition.root, '.cachelab', 'hints-used.json');
    const before = readFileSync(used, 'utf8');
    const list = await npm(edition.root, ['run', 'hint', 'exercise-3', '--list']);
    expect(list.stdout).toContain('npm run hint exercise-3 HotKeyDetector');
    expect(list.stdout).toMatch(/HotKeyDetector\s+2 of 3 seen/);
    expect(readFileSync(used, 'utf8')).toBe(before);
  });

  it('finds a topic by a method it covers and refuses an unknown one with the list', async () => {
    const byMethod = await npm(edition.root, ['run', '-s', 'hint', 'exercise-4', 'extend']);
    expect(byMethod.stdout).toContain('LockManager.release and extend: hint 1 of 3, the nudge');
    const unknown = await npm(edition.root, ['run', '-s', 'hint', 'exercise-4', 'nonsense']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('npm run hint exercise-4 LockManager.acquire');
  });
});

describe('the untouched stubs in the student edition', () => {
  // Exercise 2's stubs and visible test belong to issue 20; they still point at README sections.
  const named = ready.filter((e) => e.id !== 2);
  it(
    'fail every visible test with a message that names the hint to ask for',
    async () => {
      const json = path.join(edition.work, 'stubs.json');
      await npm(edition.root, ['test', '--', ...named.map((e) => `exercise-${e.id}`), '--reporter=json', `--outputFile.json=${json}`], 4 * 60_000);
      const results = JSON.parse(readFileSync(json, 'utf8')) as {
        testResults: { name: string; assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
      };
      for (const e of named) {
        const tests = results.testResults.filter((r) => r.name.includes(`/exercises/${e.slug}/`)).flatMap((r) => r.assertionResults);
        expect(tests.length, `${e.slug}: no visible test ran`).toBeGreaterThan(0);
        const silent = tests.filter((t) => t.status !== 'failed' || !t.failureMessages.join('\n').includes(`npm run hint exercise-${e.id} `));
        expect(silent.map((t) => `${t.fullName}: ${t.failureMessages.join(' ').split('\n')[0]}`)).toEqual([]);
      }
    },
    5 * 60_000,
  );

  it.each(named.map((e) => [e.slug, e] as const))('%s: every TODO a stub throws names a hint topic that exists', (_slug, e) => {
    const hints = loadHints(KIT_ROOT, e);
    for (const stub of e.files.stubs) {
      const text = readFileSync(path.join(KIT_ROOT, 'exercises', e.slug, stub), 'utf8');
      const throws = [...text.matchAll(/throw new Error\(\s*[`'](TODO:[^\n]*)/g)].map((m) => m[1]!);
      expect(throws.length, stub).toBeGreaterThan(0);
      const topics = throws.map((t) => new RegExp(`→ npm run hint exercise-${e.id} ([\\w.]+)`).exec(t)?.[1]);
      expect(
        topics.filter((t) => t === undefined || !findTopic(hints, t)),
        `${stub}: a TODO without a known hint`,
      ).toEqual([]);
    }
  });
});

describe('hint texts', () => {
  it.each(ready.map((e) => [e.slug, e] as const))('%s: no near-answer left in the README', (_slug, e) => {
    const readme = readFileSync(path.join(KIT_ROOT, 'exercises', e.slug, e.files.readme), 'utf8');
    expect(readme).not.toMatch(/<summary>\s*(Nudge|Approach|Near-answer)/i);
    const nearAnswerCode = loadHints(KIT_ROOT, e)
      .topics.flatMap((t) => t.tiers.filter((h) => h.tier === 'near-answer'))
      .flatMap((h) => [...h.text.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n')))
      .map((l) => l.trim())
      .filter((l) => l.length >= 25);
    expect(nearAnswerCode.length).toBeGreaterThan(0);
    const lines = new Set(readme.split('\n').map((l) => l.trim()));
    expect(nearAnswerCode.filter((l) => lines.has(l))).toEqual([]);
  });

  it.each(ready.map((e) => [e.slug, e] as const))('%s: every hint its visible test and load check name exists', async (_slug, e) => {
    const hints = loadHints(KIT_ROOT, e);
    const test = readFileSync(path.join(KIT_ROOT, 'exercises', e.slug, e.files.test), 'utf8');
    // A figure's hint is a topic when it says "Hints: …" (else a README section to read).
    const named = [...test.matchAll(/\bhint\('([^']+)'\)/g)].map((m) => m[1]!);
    const figures = path.join(KIT_ROOT, homesOf(e.slug).lib, 'check', 'figures.ts');
    if (existsSync(figures)) named.push(...[...readFileSync(figures, 'utf8').matchAll(/hint: '(Hints: [^']+)'/g)].map((m) => m[1]!));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((n) => !findTopic(hints, n) && !findTopic(hints, n.replace(/^Hints:\s*/, '').split(' ')[0]!))).toEqual([]);
  });
});
