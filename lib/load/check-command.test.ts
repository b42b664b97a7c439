import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCheckArgs, runCheckCommand, selectExercises, startSpinner, useColor, type CheckDeps, type CheckIo } from '../../scripts/check.js';
import { EXERCISES, graderFile, KIT_ROOT, type ExerciseEntry } from '../manifest.js';
import type { CheckEntry } from './registry.js';
import type { Figure, LoadCheck, LoadCheckParams, LoadCheckResult } from './types.js';

const SLUG = 'exercise-4-stampede';
const root = mkdtempSync(path.join(tmpdir(), 'cachelab-check-'));
const exerciseDir = path.join(root, 'submission', SLUG);
mkdirSync(exerciseDir, { recursive: true });
// A stub as a student receives it: it throws TODO from its own file.
writeFileSync(path.join(exerciseDir, 'stampede.ts'), "export function getOrLoad(): never {\n  throw new Error('TODO: implement getOrLoad()');\n}\n");
writeFileSync(path.join(exerciseDir, 'README.md'), '# exercise 4\n');
/** A second fake kit: a baseline, a lib/ module, a good submission and a copy of it outside the kit's layout. */
const kit2 = path.join(root, 'kit2');
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(kit2, file)), { recursive: true });
  writeFileSync(path.join(kit2, file), text);
};
write('lib/one.ts', 'export const one = 1;\n');
write(`exercises/${SLUG}/README.md`, '# exercise 4\n');
write(`exercises/${SLUG}/stampede.ts`, "import { one } from '../../lib/one.js';\nexport function getOrLoad(): number {\n  return one;\n}\n");
write(`${graderFile(SLUG, 'baseline')}/stampede.ts`, 'export function getOrLoad(): number {\n  return 30;\n}\n');
write('work/variants/no-lock/stampede.ts', "import { one } from '../../lib/one.js';\nexport function getOrLoad(): number {\n  return one + 1;\n}\n");
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The exercises these tests register checks for. */
const SOME: ExerciseEntry[] = EXERCISES.filter((e) => e.id === 4 || e.id === 5);

interface Impl {
  getOrLoad(): unknown;
}

/** A fake registry entry: figures are a function of the implementation and the params. */
function fakeEntry(
  figures: (impl: Impl, params: LoadCheckParams) => Figure[],
  seen: { dir?: string; params?: LoadCheckParams } = {},
): () => Promise<CheckEntry<Impl>> {
  const check: LoadCheck<Impl> = {
    exercise: 4,
    title: 'Cache stampede prevention',
    visible: { seed: 42, scale: 1, backend: 'embedded' },
    async run(impl, params): Promise<LoadCheckResult> {
      seen.params = params;
      return { exercise: 4, params, figures: figures(impl, params), notes: [] };
    },
  };
  return async () => ({
    check,
    async loadImplementation(dir) {
      seen.dir = dir;
      return (await import(pathToFileURL(path.join(dir, 'stampede.ts')).href)) as Impl;
    },
  });
}

const figure = (value: number): Figure => ({
  id: 'calls',
  label: 'source calls per expiry',
  value,
  unit: 'calls',
  target: { op: '<=', value: 1 },
  baseline: 50,
});

function harness(checks: CheckDeps['checks'], io: Partial<CheckIo> = {}, kitRoot = root) {
  const out: string[] = [];
  const err: string[] = [];
  const fullIo: CheckIo = { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, cwd: root, stdoutIsTTY: false, ...io };
  const deps: CheckDeps = { checks, exercises: SOME, kitRoot };
  return { out, err, run: (...argv: string[]) => runCheckCommand(argv, fullIo, deps) };
}

describe('parseCheckArgs', () => {
  it('defaults to the embedded backend, no overrides, text output', () => {
    expect(parseCheckArgs(['exercise-4'])).toEqual({ exercise: 'exercise-4', backend: 'embedded', json: false, verbose: false });
    expect(parseCheckArgs([])).toEqual({ backend: 'embedded', json: false, verbose: false });
  });

  it('reads every option; a numeric seed becomes a number, any other stays a string', () => {
    expect(parseCheckArgs(['4', '--dir', 'solutions', '--backend', 'real', '--seed', '7', '--scale', '2.5', '--json', '--verbose'])).toEqual({
      exercise: '4',
      dir: 'solutions',
      backend: 'real',
      seed: 7,
      scale: 2.5,
      json: true,
      verbose: true,
    });
    expect(parseCheckArgs(['4', '--seed', 'spring-2026'])).toMatchObject({ seed: 'spring-2026' });
    expect(parseCheckArgs(['2', '--option', 'connections=6', '--option', 'compressionThreshold=16384'])).toMatchObject({
      options: { connections: 6, compressionThreshold: 16384 },
    });
  });

  it('rejects bad input with a code, exit code 2 and the fix', () => {
    expect(() => parseCheckArgs(['4', '--scale', '0'])).toThrow(
      expect.objectContaining({ code: 'E_CHECK_USAGE', exitCode: 2, message: expect.stringContaining('--scale must be a number > 0') }),
    );
    expect(() => parseCheckArgs(['4', '--backend', 'cloud'])).toThrow(/Allowed choices are embedded, real\. Run `npm run check -- --help`/);
    expect(() => parseCheckArgs(['4', 'real'])).toThrow(/too many arguments/);
    expect(() => parseCheckArgs(['--nope'])).toThrow(/unknown option '--nope'/);
    expect(() => parseCheckArgs(['2', '--option', 'connections'])).toThrow('--option needs name=value, e.g. --option connections=6, got "connections".');
    expect(() => parseCheckArgs(['2', '--option', 'connections=many'])).toThrow('--option connections=many: the value must be a number');
  });

  it('explains when npm kept the options for itself', () => {
    const env = { npm_lifecycle_event: 'check', npm_config_json: 'true' };
    expect(() => parseCheckArgs(['4'], env)).toThrow('npm kept --json for itself. Put -- before the options: npm run check -- exercise-4 --json …');
  });

  it('returns the help text instead of exiting', () => {
    const parsed = parseCheckArgs(['--help']);
    expect(parsed).toHaveProperty('help', expect.stringContaining('--backend <kind>'));
  });

  it('selects the named exercise, or every one', () => {
    expect(selectExercises('4').map((e) => e.slug)).toEqual([SLUG]);
    expect(selectExercises(undefined).map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
    expect(selectExercises(undefined, SOME).map((e) => e.id)).toEqual([4, 5]);
    expect(() => selectExercises('9')).toThrow(/Unknown exercise "9"\. Known exercises: 1 \(exercise-1-hit-ratio\)/);
  });

  it('uses colour only on a terminal without NO_COLOR', () => {
    expect(useColor({ stdoutIsTTY: true, env: {} })).toBe(true);
    expect(useColor({ stdoutIsTTY: true, env: { NO_COLOR: '1' } })).toBe(false);
    expect(useColor({ stdoutIsTTY: false, env: {} })).toBe(false);
  });
});

describe('runCheckCommand with a fake check', () => {
  it('prints the table and verdict, exit 0 when every target is met; passes the overrides through', async () => {
    const seen: { dir?: string; params?: LoadCheckParams } = {};
    const h = harness({ 4: fakeEntry(() => [figure(1)], seen) });
    expect(await h.run('4', '--dir', 'submission', '--seed', '7', '--scale', '2', '--backend', 'real')).toBe(0);
    expect(seen).toEqual({ dir: exerciseDir, params: { seed: 7, scale: 2, backend: 'real' } });
    const text = h.out.join('\n');
    expect(text).toContain(`seed 7 · scale 2 · real backend · submission/${SLUG}`);
    expect(text).toMatch(/source calls per expiry\s+50 calls\s+1 calls\s+≤ 1 calls\s+✓/);
    expect(text).toContain('All 1 targets met.');
    expect(h.err).toEqual([]);
  });

  it('passes --option values of tunable options through, and names the tunable ones otherwise', async () => {
    const seen: { dir?: string; params?: LoadCheckParams } = {};
    const tunable = async () => {
      const e = await fakeEntry(() => [figure(1)], seen)();
      return { ...e, check: { ...e.check, tunable: { connections: 'connections kept' } } };
    };
    let h = harness({ 4: tunable });
    expect(await h.run('4', '--dir', 'submission', '--option', 'connections=6')).toBe(0);
    expect(seen.params).toEqual({ seed: 42, scale: 1, backend: 'embedded', options: { connections: 6 } });
    expect(await h.run('4', '--dir', 'submission', '--option', 'pool=2')).toBe(2);
    expect(h.err).toEqual(['--option pool: exercise-4 has these tunable options: connections.']);
    h = harness({ 4: fakeEntry(() => [figure(1)]) });
    expect(await h.run('4', '--dir', 'submission', '--option', 'connections=6')).toBe(2);
    expect(h.err).toEqual(['--option connections: exercise-4 has no tunable option.']);
  });

  it('exits 1 with the next hint when a target is missed', async () => {
    const h = harness({ 4: fakeEntry(() => [figure(9)]) });
    expect(await h.run('exercise-4', '--dir', 'submission')).toBe(1);
    expect(h.out.join('\n')).toContain('Next: npm run hint exercise-4 (the next hint, one tier at a time, for "source calls per expiry").');
  });

  it('says which stub to fill in when the implementation throws TODO, without a stack', async () => {
    const h = harness({ 4: fakeEntry((impl) => [figure(Number(impl.getOrLoad()))]) });
    expect(await h.run(SLUG, '--dir', 'submission')).toBe(1);
    expect(h.err).toEqual([
      `exercise-4 is not implemented yet: TODO: implement getOrLoad(). Fill in submission/${SLUG}/stampede.ts (see submission/${SLUG}/README.md).`,
    ]);
    expect(h.out).toEqual([]);
  });

  it("names the hint of the first method still a stub (a TODO in a note), not the first missed figure's", async () => {
    const entry = async () => {
      const e = await fakeEntry(() => [{ ...figure(9), hint: 'Hints: analyzePerformance' }])();
      const run = async (impl: Impl, params: LoadCheckParams) => ({
        ...(await e.check.run(impl, params)),
        notes: ['first error: s1 at 0 s: TODO: setupAlerting is not implemented yet → npm run hint exercise-4 setupAlerting'],
      });
      return { ...e, check: { ...e.check, run } };
    };
    const h = harness({ 4: entry });
    expect(await h.run('4', '--dir', 'submission')).toBe(1);
    const text = h.out.join('\n');
    expect(text).not.toContain('analyzePerformance');
    expect(text).toContain('exercise-4 is not implemented yet: TODO: setupAlerting is not implemented yet → npm run hint exercise-4 setupAlerting.');
  });

  it('prints the stack with --verbose', async () => {
    const h = harness({ 4: fakeEntry((impl) => [figure(Number(impl.getOrLoad()))]) });
    expect(await h.run('4', '--dir', 'submission', '--verbose')).toBe(1);
    expect(h.err.join('\n')).toMatch(/\n\s+at .*stampede\.ts:2/);
  });

  it('prints the LoadCheckResult as JSON with --json', async () => {
    const h = harness({ 4: fakeEntry(() => [figure(1)]) });
    expect(await h.run('4', '--dir', 'submission', '--json')).toBe(0);
    expect(JSON.parse(h.out.join('\n'))).toEqual({ exercise: 4, params: { seed: 42, scale: 1, backend: 'embedded' }, figures: [figure(1)], notes: [] });
  });

  it('says on stderr when npm printed its header above the JSON (no -s), and only then', async () => {
    const viaNpm = harness({ 4: fakeEntry(() => [figure(1)]) }, { env: { npm_lifecycle_event: 'check' } });
    expect(await viaNpm.run('4', '--dir', 'submission', '--json')).toBe(0);
    expect(viaNpm.err).toEqual([
      'npm printed its header above the JSON: for JSON alone, run npm run -s check -- … --json, or write it to a file with --out result.json.',
    ]);
    const silent = harness({ 4: fakeEntry(() => [figure(1)]) }, { env: { npm_lifecycle_event: 'check', npm_config_loglevel: 'silent' } });
    expect(await silent.run('4', '--dir', 'submission', '--json')).toBe(0);
    expect(silent.err).toEqual([]);
  });

  it('writes the result as JSON to --out (relative to INIT_CWD), beside the table', async () => {
    const h = harness({ 4: fakeEntry(() => [figure(1)]) }, { cwd: '/', env: { npm_lifecycle_event: 'check', INIT_CWD: root } });
    expect(await h.run('4', '--dir', 'submission', '--out', 'result.json')).toBe(0);
    expect(JSON.parse(readFileSync(path.join(root, 'result.json'), 'utf8'))).toEqual({
      exercise: 4,
      params: { seed: 42, scale: 1, backend: 'embedded' },
      figures: [figure(1)],
      notes: [],
    });
    expect(h.out.join('\n')).toContain('All 1 targets met.');
    expect(h.err).toEqual(['Wrote the result as JSON to result.json.']);
  });

  it('accepts --dir pointing at the exercise folder itself, relative to INIT_CWD', async () => {
    const seen: { dir?: string } = {};
    const h = harness({ 4: fakeEntry(() => [figure(1)], seen) }, { cwd: '/', env: { INIT_CWD: path.join(root, 'submission') } });
    expect(await h.run('4', '--dir', SLUG)).toBe(0);
    expect(seen.dir).toBe(exerciseDir);
  });

  it('colours the marks on a terminal', async () => {
    const h = harness({ 4: fakeEntry(() => [figure(1)]) }, { stdoutIsTTY: true });
    await h.run('4', '--dir', 'submission');
    expect(h.out.join('\n')).toContain('\u001b[32m✓\u001b[39m');
  });

  it('explains an implementation that does not load', async () => {
    const broken = async () => ({
      ...(await fakeEntry(() => [])()),
      loadImplementation: async () => {
        throw new SyntaxError('Expected ";" but found "}"');
      },
    });
    const h = harness({ 4: broken });
    expect(await h.run('4', '--dir', 'submission')).toBe(1);
    expect(h.err[0]).toMatch(new RegExp(`^Could not load exercise-4 from submission/${SLUG}: Expected ";" but found "}"\\. Fix the file`));
  });

  it("tells a broken check apart from the student's code", async () => {
    const h = harness({
      4: async () => {
        throw new Error('Cannot find module ./stampede-check.js');
      },
    });
    expect(await h.run('4', '--dir', 'submission')).toBe(1);
    expect(h.err).toEqual(['The exercise-4 load check itself failed to load (a kit problem, not your code): Cannot find module ./stampede-check.js']);
  });

  it('exits 2 with a plain message for an unknown exercise, a missing check or a missing folder', async () => {
    let h = harness({});
    expect(await h.run('42')).toBe(2);
    expect(h.err[0]).toMatch(/^Unknown exercise "42"\. Known exercises:/);
    h = harness({});
    expect(await h.run('4', '--dir', 'submission')).toBe(2);
    expect(h.err).toEqual([
      'exercise-4 (Cache stampede prevention) has no load check registered yet, so there is nothing to measure. Run its tests instead: npm test exercise-4',
    ]);
    h = harness({ 4: fakeEntry(() => [figure(1)]) });
    expect(await h.run('4', '--dir', 'nowhere')).toBe(2);
    expect(h.err[0]).toMatch(/^--dir nowhere: folder .*nowhere does not exist\. Point --dir at a folder laid out like exercises\//);
  });

  it('with no exercise, checks every ready one and reports each problem without stopping', async () => {
    const h = harness({ 4: fakeEntry(() => [figure(1)]) });
    expect(await h.run('--dir', 'submission')).toBe(2);
    expect(h.out.join('\n')).toContain('All 1 targets met.');
    expect(h.err).toEqual([
      'exercise-5 (Cache performance monitor) has no load check registered yet, so there is nothing to measure. Run its tests instead: npm test exercise-5',
    ]);
  });
});

describe('runCheckCommand: --baseline, --dir anywhere, --seed/--scale re-measure the baseline', () => {
  const measured = () => fakeEntry((impl, params) => [{ ...figure(Number(impl.getOrLoad()) * params.scale), baseline: 50 }]);

  it('--baseline measures grader/exercises/<slug>/baseline/, says so, and exits 0 although it misses its targets', async () => {
    const h = harness({ 4: measured() }, { cwd: kit2 }, kit2);
    expect(await h.run('4', '--baseline')).toBe(0);
    const text = h.out.join('\n');
    expect(text).toMatch(/source calls per expiry\s+50 calls\s+30 calls\s+≤ 1 calls\s+✗/);
    expect(text).toContain(`note: measured the naive baseline (${graderFile(SLUG, 'baseline')}), not your files`);
    expect(text).not.toContain('Next:');
    expect(await h.run('4', '--baseline', '--dir', 'exercises')).toBe(2);
    expect(h.err.at(-1)).toMatch(/^--baseline measures the kit's baseline: leave out --dir/);
  });

  it('re-measures the baseline column at --seed/--scale, and says so', async () => {
    const h = harness({ 4: measured() }, { cwd: kit2 }, kit2);
    expect(await h.run('4', '--scale', '2')).toBe(1);
    const text = h.out.join('\n');
    expect(text).toMatch(/source calls per expiry\s+60 calls\s+2 calls/);
    expect(text).toContain('note: baseline column re-measured at seed 42, scale 2');
    const without = harness({ 4: measured() }, { cwd: kit2 }, path.join(root, 'no-kit'));
    mkdirSync(path.join(root, 'no-kit', 'exercises', SLUG), { recursive: true });
    writeFileSync(path.join(root, 'no-kit', 'exercises', SLUG, 'stampede.ts'), 'export const getOrLoad = (): number => 1;\n');
    expect(await without.run('4', '--seed', '7')).toBe(0);
    expect(without.out.join('\n')).toContain("note: the baseline column is the visible check's");
  });

  it('runs a copy of one exercise folder placed anywhere (its ../../lib imports resolve) and points at a README that exists', async () => {
    const seen: { dir?: string } = {};
    const h = harness({ 4: fakeEntry((impl) => [figure(Number(impl.getOrLoad()))], seen) }, { cwd: path.join(kit2, 'work') }, kit2);
    expect(await h.run('4', '--dir', 'variants/no-lock')).toBe(1);
    expect(h.err).toEqual([]);
    expect(h.out.join('\n')).toMatch(/source calls per expiry\s+50 calls\s+2 calls/);
    expect(h.out.join('\n')).toContain(`Next: npm run hint exercise-4`);
    expect(path.relative(kit2, seen.dir!)).toMatch(new RegExp(`^\\.check-[^/]+/${SLUG}$`));
    expect(existsSync(seen.dir!)).toBe(false); // the staged copy is removed after the run
    const hinted = harness({ 4: fakeEntry((impl) => [{ ...figure(Number(impl.getOrLoad())), hint: '3. Locks' }]) }, { cwd: path.join(kit2, 'work') }, kit2);
    expect(await hinted.run('4', '--dir', 'variants/no-lock')).toBe(1);
    expect(hinted.out.join('\n')).toContain(`Next: read "3. Locks" in ../exercises/${SLUG}/README.md.`);
  });

  it('with --dir at one exercise folder and no exercise named, checks that exercise only', async () => {
    const h = harness({ 4: measured(), 5: measured() }, { cwd: path.join(kit2, 'work') }, kit2);
    expect(await h.run('--dir', 'variants/no-lock')).toBe(1);
    expect(h.err).toEqual([]);
    expect(h.out.join('\n')).toMatch(/^exercise-4 ·/);
  });

  it('refuses a folder that is neither laid out like exercises/ nor a copy of one exercise folder', async () => {
    const h = harness({ 4: measured() }, { cwd: kit2 }, kit2);
    expect(await h.run('4', '--dir', 'lib')).toBe(2);
    expect(h.err[0]).toContain('has no exercise-4-stampede/ folder and is not a copy of one (it has none of stampede.ts, lock-manager.ts, circuit-breaker.ts)');
  });
});

describe('startSpinner', () => {
  it('draws a line with elapsed seconds and erases it on stop', () => {
    const written: string[] = [];
    const spinner = startSpinner('exercise-4: running', { write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream);
    spinner.stop();
    spinner.stop();
    expect(written[0]).toMatch(/^\r⠋ exercise-4: running 0\.\ds$/);
    expect(written.at(-1)).toBe('\r\u001b[K');
    expect(written).toHaveLength(2);
  });
});

describe('npm run check entry point', () => {
  it('runs as a script and exits 2 with the clear error for an unknown exercise', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(KIT_ROOT, 'scripts', 'check.ts'), 'exercise-9'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(child.status).toBe(2);
    expect(child.stderr).toContain('Unknown exercise "exercise-9"');
    expect(child.stdout).toBe('');
  });
});
