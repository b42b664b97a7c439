/**
 * Reports are written atomically: on a small tmpfs filled up (and then remounted read-only), a
 * report set, the class files and an export fail with one message naming the file and the fix
 * (no stack trace), the previous complete set is left byte for byte, and no 0-byte, half-written
 * or temporary file remains. Needs root to mount the tmpfs; skipped (saying so) otherwise.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIT_ROOT } from '../../lib/manifest.js';
import { writeClassFiles } from '../src/class.js';
import { runGradeCli } from '../src/cli.js';
import { GraderError } from '../src/errors.js';
import { writeReport } from '../src/render.js';
import { DEMO } from './demo-kit.js';
import { handMadeReport } from './export-report.js';

const mnt = mkdtempSync(path.join(tmpdir(), 'cachelab-tmpfs-'));
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=200k', 'tmpfs', mnt], { stdio: 'ignore' });
  mounted = true;
} catch {
  console.warn(`atomic-write.test.ts: cannot mount a tmpfs on ${mnt} (needs root): the full-disk tests are skipped`);
}

afterAll(() => {
  if (mounted) execFileSync('umount', [mnt]);
  rmSync(mnt, { recursive: true, force: true });
});

/** Fills the tmpfs, then frees `bytes` of it. */
function fillLeaving(bytes: number): void {
  const fd = openSync(path.join(mnt, 'filler'), 'w');
  const chunk = Buffer.alloc(4096, 1);
  let size = 0;
  try {
    for (;;) size += writeSync(fd, chunk);
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
  }
  ftruncateSync(fd, Math.max(0, size - bytes));
  closeSync(fd);
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]),
  );
}

function io(): { out: string; err: string; cli: Parameters<typeof runGradeCli>[1] } {
  const o = { out: '', err: '', cli: undefined as unknown as Parameters<typeof runGradeCli>[1] };
  o.cli = { out: (t) => void (o.out += t), err: (t) => void (o.err += t), errIsTTY: false, cwd: mnt };
  return o;
}

describe.skipIf(!mounted)('a full disk, then a read-only one', () => {
  const student = path.join(mnt, 'alice');
  const classDir = path.join(mnt, 'class');
  let before: Record<string, string>;
  let classBefore: Record<string, string>;
  const session = { exercises: [DEMO], kitVersion: '0.1.0+test', backend: 'embedded' as const, mode: 'full' as const };

  beforeAll(() => {
    writeReport(student, handMadeReport());
    writeClassFiles(classDir, [{ student: 'alice', report: handMadeReport(), cached: false, durationMs: 1 }], session);
    before = snapshot(student);
    classBefore = snapshot(classDir);
    expect(Object.keys(before)).toEqual(['feedback.md', 'report.html', 'report.json', 'report.md']);
    fillLeaving(8 * 1024);
  });

  it('ENOSPC on a report set names the file and the fix and leaves the previous set whole', () => {
    const changed = { ...handMadeReport(), student: 'alice (regraded)' };
    let thrown: unknown;
    try {
      writeReport(student, changed);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GraderError);
    const message = (thrown as GraderError).message;
    expect(message).toMatch(
      new RegExp(
        `^could not write ${student}/(report\\.html|report\\.md|report\\.json|feedback\\.md) \\(ENOSPC\\): the filesystem of ${student} is full: free some space there \\(or pass another --out\\) and run the command again\\.`,
      ),
    );
    expect(message).not.toContain('    at ');
    expect(snapshot(student)).toEqual(before);
    for (const f of readdirSync(student)) expect(statSync(path.join(student, f)).size).toBeGreaterThan(0);
  });

  it('ENOSPC on the class files leaves the index, grades.csv and summary.json of the last run together', () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ student: `student-${i}`, report: handMadeReport(), cached: false, durationMs: 1 }));
    expect(() => writeClassFiles(classDir, rows, session)).toThrow(/^could not write .*\(ENOSPC\): the filesystem of .* is full/);
    expect(snapshot(classDir)).toEqual(classBefore);
  });

  it('the CLI prints one line naming the file, without a stack trace, and exits 1', async () => {
    fillLeaving(0);
    const o = io();
    const code = await runGradeCli(['--export', 'classroom', '--out', 'export'], o.cli, KIT_ROOT);
    expect(code).toBe(1);
    expect(o.err).toBe(
      `grade: the export failed: could not write ${path.join(mnt, 'export', 'classroom', '.github', 'workflows', 'classroom.yml')} (ENOSPC): the filesystem of ${path.join(mnt, 'export', 'classroom', '.github', 'workflows')} is full: free some space there (or pass another --out) and run the command again. Files already there were left as they were.\n`,
    );
  });

  it('EROFS: a report names the read-only filesystem; --out on it is refused before any work (exit 2)', async () => {
    rmSync(path.join(mnt, 'filler'));
    execFileSync('mount', ['-o', 'remount,ro', mnt]);
    try {
      expect(() => writeReport(student, handMadeReport())).toThrow(
        `could not write ${student}/report.json (EROFS): ${student} is on a read-only filesystem: pass a writable --out folder.`,
      );
      expect(snapshot(student)).toEqual(before);
      const o = io();
      const code = await runGradeCli(['--out', 'alice'], o.cli, KIT_ROOT);
      expect(code).toBe(2);
      expect(o.err).toBe(`grade: --out ${student} is not writable (EROFS: read-only filesystem): pass a writable folder as --out.\n`);
      const missing = io();
      expect(await runGradeCli(['--out', 'new-folder'], missing.cli, KIT_ROOT)).toBe(2);
      expect(missing.err).toBe(
        `grade: --out ${path.join(mnt, 'new-folder')} cannot be created (EROFS: read-only filesystem): pass a writable folder as --out.\n`,
      );
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', mnt]);
    }
  });
});

describe('no temporary file is left', () => {
  it('a written set leaves only its files', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cachelab-atomic-'));
    try {
      mkdirSync(dir, { recursive: true });
      writeReport(dir, handMadeReport());
      writeReport(dir, handMadeReport());
      expect(readdirSync(dir).sort()).toEqual(['feedback.md', 'report.html', 'report.json', 'report.md']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
