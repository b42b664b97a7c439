/**
 * Type-checks the files a student edits with `tsc --noEmit` (the kit's strict settings) in a
 * child process, and reports each error with its file and line. Student tests are not checked:
 * a type error there is not a broken implementation.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { childEnv, runChild } from './child.js';
import type { Problem } from './results.js';
import type { Rubric } from './rubric.js';
import { sandboxed, type Integrity } from './sandbox.js';
import { WRAPPER_DIR } from './wrappers.js';

/** Compile errors per exercise slug. */
export type CompileErrors = Map<string, Problem[]>;

const DIAGNOSTIC = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;

/**
 * Runs tsc over `files` (workspace-relative) and groups errors by exercise folder. tsc follows the
 * student's imports and quotes types in its messages, so it runs in the sandbox like the code does:
 * it sees the workspace without the hidden suites, and nothing of the kit or the grader.
 */
export async function typeCheck(workspace: string, files: string[], limits: Rubric['limits'], integrity: Integrity): Promise<CompileErrors> {
  const errors: CompileErrors = new Map();
  if (files.length === 0) return errors;
  mkdirSync(path.join(workspace, WRAPPER_DIR), { recursive: true });
  const config = path.join(workspace, WRAPPER_DIR, 'tsconfig.grade.json');
  writeFileSync(
    config,
    JSON.stringify({ extends: '../tsconfig.json', compilerOptions: { noEmit: true, incremental: false }, files: files.map((f) => `../${f}`), include: [] }),
  );
  const tsc = sandboxed(
    integrity,
    {
      readOnly: [workspace, path.join(workspace, 'node_modules')],
      hidden: [path.join(workspace, 'grader', 'exercises')],
      cwd: workspace,
      wallMs: limits.runMs,
      memoryMb: limits.memoryMb,
    },
    process.execPath,
    [path.join(workspace, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', config, '--pretty', 'false'],
  );
  const run = await runChild(tsc.command, tsc.args, {
    cwd: workspace,
    env: childEnv(limits.memoryMb, 'embedded'),
    timeoutMs: limits.runMs,
    outputCap: limits.outputKb * 1024,
  });
  for (const line of run.output.split('\n')) {
    const m = DIAGNOSTIC.exec(line.trim());
    if (!m) continue;
    const file = m[1]!.replaceAll('\\', '/').replace(/^.*?(exercises\/)/, '$1');
    const slug = /^exercises\/([^/]+)\//.exec(file)?.[1];
    if (!slug) continue; // an error outside the student's folders is the kit's, not theirs
    const list = errors.get(slug) ?? [];
    list.push({ code: 'E_COMPILE', severity: 'error', message: `Did not compile: ${file}:${m[2]} ${m[4]} ${m[5]}`, file, line: Number(m[2]) });
    errors.set(slug, list);
  }
  return errors;
}
