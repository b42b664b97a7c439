/**
 * Baselines on the grading parameters. A load check's figures carry the baseline calibrated on
 * its visible parameters, but the grader measures with secret ones (another seed, a larger scale),
 * where the naive implementation's figures differ. So once per grading run the grader runs each
 * exercise's baseline (grader/exercises/<slug>/baseline/) through the same check with the same secret
 * parameters, and partial credit is measured from that. Cached per kit version and backend, with the kit (kit-cache.ts).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { graderFile, type ExerciseEntry } from '../../lib/manifest.js';
import { maskUrls } from '../../lib/load/backend-preflight.js';
import { listFiles } from './files.js';
import { readCache, writeCache } from './kit-cache.js';
import { runLoadCheck } from './load.js';
import type { MeasuredFigure } from './results.js';
import type { Rubric } from './rubric.js';
import type { SecretParams } from './secret.js';

/** What a figure is, as the kit's own run reported it: the trusted label, unit and target. */
type FigureSpec = Pick<MeasuredFigure, 'label' | 'unit' | 'target'>;

/** One exercise's baseline on the grading parameters: values by figure id, and each figure's spec. */
export interface Baseline {
  values: Record<string, number>;
  specs: Record<string, FigureSpec>;
}

/** Baselines by exercise slug. */
export type Baselines = Record<string, Baseline>;

/** Options of {@link measureBaselines}. */
export interface BaselineOptions {
  kitRoot: string;
  exercises: readonly ExerciseEntry[];
  kitVersion: string;
  backend: 'embedded' | 'real';
  secrets: Record<number, SecretParams | null>;
  limits: Rubric['limits'];
  cacheDir?: string;
  /** Told when a baseline has been measured (not when it came from the cache). */
  onProgress?: (line: string) => void;
}

/**
 * Measures (or reads from the cache) every exercise's baseline on its secret parameters; `failures`
 * says, by slug, why one could not be measured (that exercise cannot be scored in this run).
 */
export async function measureBaselines(options: BaselineOptions): Promise<{ baselines: Baselines; notices: string[]; failures: Record<string, string> }> {
  const name = `baselines-${options.backend}`;
  const cached = (options.cacheDir ? readCache<Baselines>(options.cacheDir, name, options.kitVersion) : null) ?? {};
  const baselines: Baselines = {};
  const notices: Record<string, string> = {};
  const failures: Record<string, string> = {};
  const measure = async (e: ExerciseEntry): Promise<void> => {
    const secret = options.secrets[e.id];
    const dir = path.join(options.kitRoot, graderFile(e.slug, 'baseline'));
    if (!secret || !existsSync(dir)) return;
    if (cached[e.slug]) {
      baselines[e.slug] = cached[e.slug]!;
      return;
    }
    const started = Date.now();
    // The baseline is the kit's own code: it runs in place, from the kit, like the calibration does.
    const { run } = await runLoadCheck({
      workspace: options.kitRoot,
      exercise: e.id,
      exerciseDir: dir,
      params: secret,
      backend: options.backend,
      limits: options.limits,
      kitRoot: options.kitRoot,
      own: new Set(),
    });
    // A run that measured nothing (every figure missing: a backend down, say) is a failure, never cached.
    const measuredSome = run.figures.some((f) => f.value !== null);
    if (run.status === 'ok' && measuredSome) {
      baselines[e.slug] = {
        values: Object.fromEntries(run.figures.filter((f) => f.value !== null).map((f) => [f.id, f.value!])),
        specs: Object.fromEntries(run.figures.map((f) => [f.id, { label: f.label, unit: f.unit, target: f.target }])),
      };
      options.onProgress?.(`baseline of exercise ${e.id} on the grading parameters measured · ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } else {
      const why = maskUrls(
        run.status === 'ok'
          ? `it measured none of its figures: ${run.figures.find((f) => f.detail)?.detail ?? 'no figure had a value'}`
          : (run.detail ?? run.error ?? ''),
      );
      failures[e.slug] = `the baseline of ${e.slug} could not be measured on the grading parameters`;
      notices[e.slug] =
        `the baseline of ${e.slug} did not run on the secret parameters (${why}); ${e.slug} is not graded in this run (infrastructure), and the baseline will be measured again next time.`;
    }
  };
  // Each baseline is a load check of its own (child.ts runs one per core); on a real backend they share one server, so they take turns.
  if (options.backend === 'embedded') await Promise.all(options.exercises.map(measure));
  else for (const e of options.exercises) await measure(e);
  // In the manifest's order, whichever finished first.
  const order = (slug: string): number => options.exercises.findIndex((e) => e.slug === slug);
  const sorted = <T>(record: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(record).sort(([a], [b]) => order(a) - order(b)));
  const fresh = Object.keys(baselines).some((slug) => !cached[slug]);
  if (options.cacheDir && fresh) writeCache(options.cacheDir, name, options.kitVersion, { ...cached, ...baselines });
  return { baselines: sorted(baselines), notices: Object.values(sorted(notices)), failures: sorted(failures) };
}

/**
 * The figures with their baselines replaced by the ones measured on the same parameters, and
 * their label, unit and target by the kit's own run's: a submission's run may say anything about
 * those. A figure the kit's run did not report is dropped.
 */
export function withBaselines(figures: MeasuredFigure[], measured: Baseline | undefined): MeasuredFigure[] {
  if (!measured) return figures;
  return figures
    .filter((f) => measured.specs[f.id] !== undefined)
    .map((f) => ({ ...f, ...measured.specs[f.id]!, ...(measured.values[f.id] === undefined ? {} : { baseline: measured.values[f.id]! }) }));
}

/**
 * Writes a baseline folder (grader/exercises/<slug>/baseline/) into `to` as a student's exercise folder
 * would hold it: baselines sit two folders deeper, so their imports of the kit's lib/ lose two "../".
 */
export function copyBaselineAsSubmission(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const file of listFiles(from)) {
    mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
    writeFileSync(path.join(to, file), baselineAsSubmission(file, readFileSync(path.join(from, file), 'utf8')));
  }
}

/** A baseline file's text as it would read in a student's exercise folder (its lib/ imports two folders up). */
export function baselineAsSubmission(file: string, text: string): string {
  return file.endsWith('.ts') ? text.replace(/(['"])(?:\.\.\/){4}lib\//g, '$1../../lib/') : text;
}
