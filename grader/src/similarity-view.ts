/**
 * Renders a class's similarity check (see similarity.ts) as similarity.json and similarity.html,
 * the instructor's page beside index.html. The view only formats; the template only places.
 * Instructor-only like similarity.ts: cli.ts loads this module dynamically (it is not in the
 * student edition).
 */
import path from 'node:path';
import type { ExerciseEntry } from '../../lib/manifest.js';
import { writeFilesAtomic } from './atomic.js';
import { template } from './render.js';
import { classSimilarity, DEFAULT_THRESHOLD, type SimilarityResult } from './similarity.js';

/** What similarity.html.hbs renders. */
export interface SimilarityView {
  tool: string;
  threshold: string;
  flagged: number;
  exercises: {
    slug: string;
    title: string;
    compared: number;
    skipped: string;
    clusters: { students: string; size: number }[];
    pairs: {
      anchor: string;
      left: string;
      right: string;
      percent: string;
      longest: number;
      fragments: { left: { where: string; code: string }; right: { where: string; code: string } }[];
    }[];
  }[];
}

const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** The page's model. */
export function similarityView(result: SimilarityResult): SimilarityView {
  return {
    tool: result.tool,
    threshold: percent(result.threshold),
    flagged: result.exercises.reduce((n, e) => n + e.pairs.length, 0),
    exercises: result.exercises.map((e) => ({
      slug: e.slug,
      title: e.title,
      compared: e.compared.length,
      skipped: e.skipped.map((s) => `${s.student} (${s.reason})`).join(', '),
      clusters: e.clusters.map((c) => ({ students: c.join(', '), size: c.length })),
      pairs: e.pairs.map((p, i) => ({
        anchor: `${e.slug}-${i + 1}`,
        left: p.left,
        right: p.right,
        percent: percent(p.similarity),
        longest: p.longest,
        fragments: p.fragments.map((f) => ({
          left: { where: f.left.where, code: f.left.lines.join('\n') },
          right: { where: f.right.where, code: f.right.lines.join('\n') },
        })),
      })),
    })),
  };
}

/** similarity.json and similarity.html, by file name. */
function renderSimilarity(result: SimilarityResult): Record<string, string> {
  return {
    'similarity.json': `${JSON.stringify(result, null, 2)}\n`,
    'similarity.html': template('similarity.html.hbs')(similarityView(result)),
  };
}

/**
 * The class run's similarity step: compares the class, writes similarity.json and similarity.html
 * into `outDir` as one set, and returns the line the CLI prints.
 * @public loaded by grader/src/cli.ts through an import path in a variable, which knip cannot see.
 */
export async function writeClassSimilarity(
  kitRoot: string,
  classDir: string,
  outDir: string,
  exercises: readonly ExerciseEntry[],
  threshold = DEFAULT_THRESHOLD,
): Promise<string> {
  const result = await classSimilarity(kitRoot, classDir, exercises, threshold, outDir);
  writeFilesAtomic(outDir, renderSimilarity(result));
  const flagged = result.exercises.reduce((n, e) => n + e.pairs.length, 0);
  return `Similarity (instructor only): ${path.join(outDir, 'similarity.html')} (${flagged} pair(s) at or above ${percent(threshold)}; a reason to look, not a verdict)`;
}
