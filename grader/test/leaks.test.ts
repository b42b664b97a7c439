/**
 * Nothing a submission prints or throws carries the kit's private text into a report, for every
 * real exercise: the untouched stubs of all five, each with an attack prepended to its first stub
 * file, are graded as a class beside the untouched stubs. One attack reads every hidden-suite file
 * it can reach, the other sniffs the secret seed from memory (String.prototype.charCodeAt, which
 * the seed's hash uses) and reads what a load request could be; both put what they found into
 * every error thrown afterwards (a patched Error) and into uncaught errors. No student-visible file
 * may hold a line of a private file or a secret seed, and the scores equal the stubs'.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXERCISES, graderFile, inGraderRole, KIT_ROOT, PRIVATE_ROLES } from '../../lib/manifest.js';
import { listFiles } from '../src/files.js';
import type { Report } from '../src/report.js';
import type { RunResults } from '../src/results.js';

const run = promisify(execFile);
const ready = EXERCISES;

/** Puts `found()` into the message of every Error made from now on, and throws it uncaught now and then. */
const SPREAD = `const BaseError = Error;
globalThis.Error = class extends BaseError { constructor(m, o) { super(String(m) + ' | ' + found(), o); } };
setTimeout(() => { throw new BaseError('uncaught: ' + found()); }, 0);`;

const READ_HIDDEN = `import { readdirSync as __rd, readFileSync as __rf, statSync as __st } from 'node:fs';
import { fileURLToPath as __fu } from 'node:url';
import __path from 'node:path';
const __texts = [];
const __walk = (d) => { try { for (const e of __rd(d)) { const p = __path.join(d, e); try { if (__st(p).isDirectory()) __walk(p); else __texts.push(__rf(p, 'utf8')); } catch {} } } catch {} };
const __grader = __path.resolve(__path.dirname(__fu(import.meta.url)), '../../grader');
__walk(__path.join(__grader, 'exercises'));
const found = () => __texts.join('\\n').slice(0, 600);`;

const READ_SECRET = `import { readFileSync as __rf } from 'node:fs';
const __seen = new Set();
const __read = (f) => { try { __seen.add(f + ': ' + __rf(f, 'utf8').slice(0, 300)); } catch {} };
if (process.argv[2]) __read(process.argv[2]);
__read('/proc/self/fd/0');
const __charCodeAt = String.prototype.charCodeAt;
String.prototype.charCodeAt = function (i) { if (i === 0 && this.length > 3 && this.length < 80) __seen.add(String(this)); return __charCodeAt.call(this, i); };
const found = () => [...__seen].slice(-40).join(' ; ').slice(0, 900);`;

let work: string;
let outDir: string;

function reportOf(student: string): Report {
  return JSON.parse(readFileSync(path.join(outDir, student, 'report.json'), 'utf8')) as Report;
}

function resultsOf(student: string): RunResults {
  return JSON.parse(readFileSync(path.join(outDir, student, 'results.json'), 'utf8')) as RunResults;
}

/** A copy of the untouched exercises/ with `attack` (and SPREAD) prepended to each exercise's first stub file. */
function attacked(dir: string, attack: string): void {
  for (const e of ready) {
    const to = path.join(dir, 'exercises', e.slug);
    cpSync(path.join(KIT_ROOT, 'exercises', e.slug), to, { recursive: true });
    const file = path.join(to, e.files.stubs[0]!);
    writeFileSync(file, `// @ts-nocheck\n${attack}\n${SPREAD}\n${readFileSync(file, 'utf8')}`);
  }
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'cachelab-leaks-'));
  outDir = path.join(work, 'out');
  for (const e of ready) cpSync(path.join(KIT_ROOT, 'exercises', e.slug), path.join(work, 'class', 'stubs', 'exercises', e.slug), { recursive: true });
  attacked(path.join(work, 'class', 'read-hidden'), READ_HIDDEN);
  attacked(path.join(work, 'class', 'read-secret'), READ_SECRET);
  await run(
    process.execPath,
    [
      path.join(KIT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      path.join(KIT_ROOT, 'scripts', 'grade.ts'),
      '--class',
      path.join(work, 'class'),
      '--out',
      outDir,
      '--jobs',
      '2',
    ],
    {
      cwd: KIT_ROOT,
      timeout: 840_000,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
}, 900_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the hidden suites and the secret parameters never reach a student-visible file, in any exercise', () => {
  it('each attack scores exactly what the untouched stubs score, item by item', () => {
    const points = (student: string): Record<string, number> =>
      Object.fromEntries(reportOf(student).exercises.flatMap((e) => e.items.map((i) => [`${e.id}/${i.id}`, i.points])));
    for (const attack of ['read-hidden', 'read-secret']) {
      expect(resultsOf(attack).integrity.mode).toBe('sandboxed');
      expect([attack, reportOf(attack).total]).toEqual([attack, reportOf('stubs').total]);
      const theirs = points(attack);
      const stubs = points('stubs');
      // Same points wherever both have the item (a crashed load check is one item in place of the figures).
      expect(Object.keys(theirs).filter((k) => k in stubs && theirs[k] !== stubs[k])).toEqual([]);
      expect(Object.values(theirs).every((p) => p === 0)).toBe(true);
    }
  });

  it('no line of a hidden suite, baseline or secret file, and no secret seed, is in feedback.md, report.html, report.md or report.json', async () => {
    const privateFiles = listFiles(path.join(KIT_ROOT, 'grader', 'exercises'))
      .map((f) => `grader/exercises/${f}`)
      .filter((f) => inGraderRole(f, PRIVATE_ROLES))
      .map((f) => path.join(KIT_ROOT, f));
    const lines = [
      ...new Set(
        privateFiles.flatMap((f) =>
          readFileSync(f, 'utf8')
            .split('\n')
            .map((l) => l.trim())
            .filter((l) => l.length >= 24),
        ),
      ),
    ];
    const seeds: string[] = [];
    for (const e of ready) {
      const secret = ((await import(path.join(KIT_ROOT, graderFile(e.slug, 'secret')))) as { default: { seed: string | number } }).default;
      seeds.push(String(secret.seed));
    }
    expect(lines.length).toBeGreaterThan(500);
    for (const student of ['read-hidden', 'read-secret']) {
      for (const f of ['feedback.md', 'report.html', 'report.md', 'report.json']) {
        const raw = readFileSync(path.join(outDir, student, f), 'utf8');
        const text = f.endsWith('.json')
          ? JSON.stringify(JSON.parse(raw), null, 1).replace(/\\n/g, '\n').replace(/\\"/g, '"')
          : raw
              .replace(/&#x27;/g, "'")
              .replace(/&quot;/g, '"')
              .replace(/&lt;/g, '<')
              .replace(/&gt;/g, '>')
              .replace(/&#x3D;/g, '=')
              .replace(/&amp;/g, '&');
        expect([student, f, lines.filter((l) => text.includes(l)).slice(0, 3)]).toEqual([student, f, []]);
        expect([student, f, seeds.filter((s) => text.includes(s))]).toEqual([student, f, []]);
        expect(text).not.toContain('cachelab-grade-');
      }
    }
  });

  it("the attacks did reach private text: it is kept raw in results.json, the instructor's copy", async () => {
    // Each error of the hidden-suite reader carries the first line of a grader/ file it read (a doc comment opening).
    expect(resultsOf('read-hidden').exercises.every((e) => e.hidden.tests.some((t) => t.detail?.endsWith(' | /**')))).toBe(true);
    // The load-check runner never sees the hidden suites: only the test worker does.
    expect(resultsOf('read-hidden').exercises.every((e) => !JSON.stringify(e.load).includes(' | /**'))).toBe(true);
    // The seed sniffer found the secret seed in memory (the documented gap): only the raw detail holds it.
    const seeds = await Promise.all(
      ready.map(async (e) =>
        String(((await import(path.join(KIT_ROOT, graderFile(e.slug, 'secret')))) as { default: { seed: string | number } }).default.seed),
      ),
    );
    expect(seeds.some((s) => JSON.stringify(resultsOf('read-secret')).includes(s))).toBe(true);
  });
});
