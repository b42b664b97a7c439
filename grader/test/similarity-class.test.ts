/**
 * The similarity check end to end on the demo kit, through the CLI: a class graded without
 * --similarity, then again with it (the reports are reused, so the second run is quick and shows
 * the scores do not move): similarity.json and similarity.html appear beside index.html, which
 * links them; the copied pair is listed, the independent solution and the stub are not; no
 * student's report mentions it; the page renders in headless Chromium with no console errors.
 * Needs the optional @dodona/dolos-lib (skipped, saying how to install it, without).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderInChromium, type PageReport } from '../../tests/support/browser.js';
import { runGradeCli } from '../src/cli.js';
import { DOLOS_INSTALL, loadDolos, type SimilarityResult } from '../src/similarity.js';
import { createDemoKit, DEMO, SOLUTION, STUB, type DemoKit } from './demo-kit.js';

const run = promisify(execFile);
const dolos = await loadDolos().then(
  () => true,
  () => false,
);
if (!dolos) console.warn(`similarity-class.test.ts skipped: @dodona/dolos-lib is not installed; install it with \`${DOLOS_INSTALL}\`.`);

/** A memo written another way: a plain object of settled values and a list of waiters. */
const INDEPENDENT = `/** Where values come from: slow, so a memo should call it as rarely as it can. */
export interface Loader {
  load(key: string): Promise<string>;
}

/** Caches what a loader returns. */
export class Memo {
  private readonly inflight: Record<string, Promise<string> | undefined> = {};
  constructor(readonly loader: Loader) {}

  /** The value for \`key\`, loading it at most once. */
  async get(key: string): Promise<string> {
    let p = this.inflight[key];
    if (p === undefined) {
      p = this.loader.load(key).then(
        (v) => v,
        (e: unknown) => {
          this.inflight[key] = undefined;
          throw e;
        },
      );
      this.inflight[key] = p;
    }
    return await p;
  }
}
`;

let kit: DemoKit;
let work: string;
const outDir = (): string => path.join(work, 'out');

async function grade(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [path.join(kit.root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(kit.root, 'scripts', 'grade.ts'), ...args],
      {
        cwd: kit.root,
        env: { ...process.env, INIT_CWD: work },
        timeout: 120_000,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const summary = (): unknown => (JSON.parse(readFileSync(path.join(outDir(), 'summary.json'), 'utf8')) as { students: unknown[] }).students;

describe.runIf(dolos)('npm run grade -- --class … --similarity (demo kit)', () => {
  let plain: Awaited<ReturnType<typeof grade>>;
  let similar: Awaited<ReturnType<typeof grade>>;
  let before: unknown;
  let page: PageReport;

  beforeAll(async () => {
    kit = createDemoKit();
    work = mkdtempSync(path.join(tmpdir(), 'cachelab-similarity-class-'));
    for (const [student, text] of [
      ['ada', SOLUTION],
      ['bob', SOLUTION],
      ['cy', INDEPENDENT],
      ['dan', STUB],
    ] as const) {
      mkdirSync(path.join(work, 'class', student, DEMO.slug), { recursive: true });
      writeFileSync(path.join(work, 'class', student, DEMO.slug, 'memo.ts'), text);
    }
    plain = await grade(['--class', 'class', '--out', 'out', '--jobs', '2']);
    before = summary();
    similar = await grade(['--class', 'class', '--out', 'out', '--jobs', '2', '--similarity']);
    page = await renderInChromium(path.join(outDir(), 'similarity.html'), { width: 1200, height: 1200 });
  }, 200_000);

  afterAll(() => {
    kit?.dispose();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('writes similarity.json with the copied pair only, and says where the page is', () => {
    expect(plain.code, plain.stderr).toBe(0);
    expect(similar.code, similar.stderr).toBe(0);
    const result = JSON.parse(readFileSync(path.join(outDir(), 'similarity.json'), 'utf8')) as SimilarityResult;
    expect(result).toMatchObject({ version: 1, kind: 'cachelab-similarity', tool: '@dodona/dolos-lib 3.5.1', threshold: 0.6 });
    const ex = result.exercises[0]!;
    expect(ex.pairs.map((p) => [p.left, p.right])).toEqual([['ada', 'bob']]);
    expect(ex.skipped).toEqual([{ student: 'dan', reason: 'the untouched stub' }]);
    expect(ex.clusters).toEqual([['ada', 'bob']]);
    expect(similar.stdout).toContain(`Similarity (instructor only): ${path.join(outDir(), 'similarity.html')} (1 pair(s) at or above 60.0%`);
  });

  it('links the page from index.html, only on the run that wrote it, and changes no score', () => {
    expect(readFileSync(path.join(outDir(), 'index.html'), 'utf8')).toContain('<a href="similarity.html">code similarity</a>');
    expect(summary()).toEqual((before as { cached: boolean }[]).map((s) => ({ ...s, cached: true })));
    expect(readFileSync(path.join(outDir(), 'grades.csv'), 'utf8')).not.toMatch(/similar/i);
  });

  it("never reaches a student's report", () => {
    for (const s of ['ada', 'bob', 'cy', 'dan']) {
      for (const f of ['report.json', 'report.html', 'report.md', 'feedback.md'])
        expect(readFileSync(path.join(outDir(), s, f), 'utf8'), `${s}/${f}`).not.toMatch(/similar|dolos/i);
    }
  });

  it('renders in headless Chromium with no console errors', () => {
    expect(page.errors).toEqual([]);
    expect(page.title).toBe('Code similarity (1 pair(s) at or above 60.0%)');
    expect(page.screenshot.length).toBeGreaterThan(1000);
  });
});

describe('--similarity usage', () => {
  it('needs --class', async () => {
    let err = '';
    const code = await runGradeCli(['--similarity'], { out: () => {}, err: (t) => void (err += t), errIsTTY: false, cwd: tmpdir() });
    expect(code).toBe(2);
    expect(err).toContain('grade: --similarity compares the students of a class: use it with --class <dir>.');
  });

  it('says how to install Dolos when it is missing', async () => {
    await expect(loadDolos('@dodona/not-installed-here')).rejects.toThrow(`install it with \`${DOLOS_INSTALL}\``);
  });
});
