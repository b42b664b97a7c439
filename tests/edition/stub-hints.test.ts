/**
 * Every failure of an untouched stub names the hint to ask for: each `throw new Error('TODO: …')`
 * in a stub ends with `→ npm run hint exercise-N <topic>`, for its own exercise and a topic its
 * hints file has, so a failing visible test and `npm run check` both point at a hint that exists.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTopic, loadHints } from '../../lib/hints.js';
import { EXERCISES, KIT_ROOT } from '../../lib/manifest.js';

describe('stub TODO messages', () => {
  it.each(EXERCISES.map((e) => [e.id, e] as const))('exercise %i: every TODO names a hint topic that exists', (_id, entry) => {
    const hints = loadHints(KIT_ROOT, entry);
    const problems: string[] = [];
    let todos = 0;
    for (const stub of entry.files.stubs) {
      const text = readFileSync(path.join(KIT_ROOT, 'exercises', entry.slug, stub), 'utf8');
      // the message may sit on the line after `throw new Error(` (the formatter wraps long calls)
      for (const line of [...text.matchAll(/throw new Error\(\s*(['"`]TODO:[^\n]*)/g)].map((m) => m[1]!)) {
        todos += 1;
        const named = /→ npm run hint (exercise-\d+) ([\w.]+)['"`]\s*[),]/.exec(line);
        if (!named) problems.push(`${stub}: names no hint: ${line.trim()}`);
        else if (named[1] !== `exercise-${entry.id}`) problems.push(`${stub}: names ${named[1]}'s hint: ${line.trim()}`);
        else if (!findTopic(hints, named[2]!)) problems.push(`${stub}: no hint topic "${named[2]}": ${line.trim()}`);
      }
    }
    expect(todos).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});
