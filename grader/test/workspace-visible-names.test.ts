/**
 * The kit's visible suite under the name it had in earlier editions (`exercise-<id>.test.ts`) is the
 * kit's file, not the student's own test: a submission that still holds that copy gets no own-tests
 * run from it (it would catch the planted bugs and earn that item for nothing), and the copy is not
 * laid in the workspace; a test file of the student's own beside it still counts.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { findExercise, homesOf, KIT_ROOT, visibleSuiteNames } from '../../lib/manifest.js';
import { createWorkspace, type Workspace } from '../src/workspace.js';

let submission: string;
let ws: Workspace | undefined;

afterEach(() => {
  ws?.dispose();
  rmSync(submission, { recursive: true, force: true });
});

test('an old edition’s copy of the visible suite is neither laid nor counted as the student’s own test', () => {
  const entry = findExercise(1);
  expect(visibleSuiteNames(entry)).toEqual(['visible.test.ts', 'exercise-1.test.ts']);
  submission = mkdtempSync(path.join(tmpdir(), 'cachelab-old-edition-'));
  const dir = path.join(submission, entry.slug);
  cpSync(path.join(KIT_ROOT, homesOf(entry.slug).solution), dir, { recursive: true });
  cpSync(path.join(KIT_ROOT, homesOf(entry.slug).exercise, entry.files.test), path.join(dir, 'exercise-1.test.ts'));
  writeFileSync(path.join(dir, 'mine.test.ts'), "import { test } from 'vitest';\ntest('mine', () => {});\n");

  ws = createWorkspace(KIT_ROOT, [entry], submission);
  const laid = ws.exercises[0]!;
  expect(laid.ownTests.sort()).toEqual(['mine.test.ts', 'optimizer-own.test.ts']);
  expect(existsSync(path.join(laid.dir, 'exercise-1.test.ts'))).toBe(false);
  expect(existsSync(path.join(laid.dir, 'visible.test.ts'))).toBe(true);
  expect(laid.sent).toContain('exercise-1.test.ts');
});
