/**
 * A clean stop: SIGINT (and SIGTERM) to `npm run grade -- --class` of the demo kit while a student
 * is being graded ends every process the grader started and removes every temporary folder it
 * made (the grader runs with a private TMPDIR, so "what it made" is exactly what appears there),
 * keeps the finished student's report, writes nothing for the interrupted one, says what was
 * interrupted, and exits 130 (143 for SIGTERM).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoKit, SOLUTION, type DemoKit } from './demo-kit.js';
import { startGrade } from './grade-process.js';

let kit: DemoKit;
let work: string;

beforeAll(() => {
  kit = createDemoKit();
  work = mkdtempSync(path.join(tmpdir(), 'cachelab-stop-test-'));
  for (const student of ['ann', 'ben', 'cy']) {
    mkdirSync(path.join(work, 'class', student, 'exercise-9-demo'), { recursive: true });
    writeFileSync(path.join(work, 'class', student, 'exercise-9-demo', 'memo.ts'), `${SOLUTION}\n// ${student}\n`);
  }
});

afterAll(() => {
  kit?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Processes whose command line mentions any of `needles` (by /proc, as `ps -eo args` would). */
function processesMentioning(needles: string[]): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue; // exited meanwhile
    }
    if (needles.some((n) => cmdline.includes(n))) found.push(`${pid}: ${cmdline}`);
  }
  return found;
}

async function until(check: () => boolean, what: string, exited: Promise<number>): Promise<void> {
  let done = false;
  void exited.then(() => (done = true));
  while (!check()) {
    if (done) throw new Error(`the grader exited before ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('%s during --class', (signal, code) => {
  it('leaves no process and no temporary folder, keeps the finished report, names the interrupted student', async () => {
    const tmp = path.join(work, `tmp-${signal}`);
    const out = path.join(work, `out-${signal}`);
    mkdirSync(tmp);
    const grader = startGrade(kit.root, work, ['--class', 'class', '--out', path.basename(out), '--jobs', '1', '--force'], { TMPDIR: tmp });
    await grader.waitFor(/\[1\/3\] ann: /);
    // Stop while ben is being graded: a child of his run (vitest, tsc or the load runner) is alive.
    await until(() => processesMentioning([path.join(tmp, 'cachelab-grade-')]).length > 0, 'ben started', grader.exited);
    grader.child.kill(signal);
    expect(await grader.exited).toBe(code);
    const err = grader.stderr();
    expect(err).toContain(`grade: ${signal}: stopping ben (`);
    expect(err).toContain(
      `grade: stopped by ${signal}. Interrupted, not graded: ben (an earlier report of theirs, if any, is unchanged); finished and kept: ann (reports in ${out}). The class files (index.html, grades.csv) were not rewritten; run the same command again to finish.`,
    );
    expect(err).not.toContain('    at ');
    expect(processesMentioning([tmp, kit.root])).toEqual([]);
    // tsx keeps its compile cache there (tsx-<uid>), as it does in /tmp: not the grader's.
    expect(readdirSync(tmp).filter((e) => e !== `tsx-${process.getuid?.() ?? 0}`)).toEqual([]);
    expect(JSON.parse(readFileSync(path.join(out, 'ann', 'report.json'), 'utf8'))).toMatchObject({ student: 'ann' });
    expect(existsSync(path.join(out, 'ben', 'results.json'))).toBe(false);
    expect(existsSync(path.join(out, 'ben', 'report.json'))).toBe(false);
    expect(existsSync(path.join(out, 'cy'))).toBe(false);
    expect(existsSync(path.join(out, 'index.html'))).toBe(false);
    expect(existsSync(path.join(out, '.grade.lock'))).toBe(false);
  });
});

describe('SIGINT during the preparation of one submission', () => {
  it('stops the reference listing or baselines, leaves nothing, and says the preparation was interrupted', async () => {
    const tmp = path.join(work, 'tmp-prep');
    mkdirSync(tmp);
    // An empty cache of its own: the kit's was filled by the class graded above.
    const grader = startGrade(kit.root, work, ['class/ann', '--out', 'out-prep', '--cache', path.join(work, 'cache-prep')], { TMPDIR: tmp });
    await until(() => processesMentioning([tmp]).length > 0, 'the preparation started a child', grader.exited);
    grader.child.kill('SIGINT');
    expect(await grader.exited).toBe(130);
    expect(grader.stderr()).toContain('grade: stopped by SIGINT. Interrupted, not graded: the preparation (reference test lists, baselines)');
    expect(grader.stderr()).not.toContain('    at ');
    expect(processesMentioning([tmp, kit.root])).toEqual([]);
    expect(readdirSync(tmp).filter((e) => e.startsWith('cachelab-'))).toEqual([]);
    expect(existsSync(path.join(work, 'out-prep', 'report.json'))).toBe(false);
  });
});
