/**
 * Type-checks a student's exercise files the way the grader does (`tsc` under the kit's
 * tsconfig.json), so `npm test exercise-N` reports a type error before vitest, which strips types
 * without checking them, runs code that the grader would refuse to compile. Only diagnostics in the
 * checked folders are reported: the kit's own files are checked by `npm run typecheck`.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { EXERCISES, KIT_ROOT, type ExerciseEntry } from './manifest.js';

/** One type error, located in a student's file. */
export interface TypeProblem {
  /** Path relative to the kit root, e.g. `exercises/exercise-2-latency/local-tier.ts`. */
  file: string;
  line: number;
  column: number;
  /** `TS2322` */
  code: string;
  message: string;
}

/** The exercises a vitest command line names (`exercise-2`, `exercises/exercise-2-latency/…`), or every one. */
export function exercisesNamed(argv: readonly string[], exercises: readonly ExerciseEntry[] = EXERCISES): ExerciseEntry[] {
  const named = exercises.filter((e) => argv.some((a) => new RegExp(`(^|[/\\\\])exercise-${e.id}(\\b|-|\\.|$)`).test(a) || a === String(e.id)));
  return named.length > 0 ? named : [...exercises];
}

/** Type-checks the `.ts` files of each `<targetDir>/<slug>/`; resolves to the problems found in them. */
export function typecheckExercises(targetDir: string, exercises: readonly ExerciseEntry[], kitRoot = KIT_ROOT): TypeProblem[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(kitRoot, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  if (!config) return [];
  const folders = exercises.map((e) => path.join(targetDir, e.slug));
  const own = folders.flatMap((dir) => {
    try {
      return readdirSync(dir)
        .filter((f) => f.endsWith('.ts'))
        .map((f) => path.join(dir, f));
    } catch {
      return []; // a missing folder is reported by the suite's own imports
    }
  });
  if (own.length === 0) return [];
  // The kit's declaration files (e.g. for untyped packages) are roots too, as under tsc.
  const declarations = config.fileNames.filter((f) => f.endsWith('.d.ts'));
  const program = ts.createProgram([...own, ...declarations], { ...config.options, noEmit: true, incremental: false });
  const inFolders = (file: string) => folders.some((dir) => !path.relative(dir, file).startsWith('..'));
  const problems: TypeProblem[] = [];
  for (const file of program.getSourceFiles().filter((f) => inFolders(f.fileName))) {
    for (const d of [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]) {
      const { line, character } = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
      problems.push({
        file: path.relative(kitRoot, file.fileName),
        line: line + 1,
        column: character + 1,
        code: `TS${d.code}`,
        message: ts.flattenDiagnosticMessageText(d.messageText, ' '),
      });
    }
  }
  return problems;
}

/** `file:line:column - error TS2322: message`, one line per problem (editors and terminals link it). */
export function formatTypeProblems(problems: readonly TypeProblem[]): string {
  return problems.map((p) => `${p.file}:${p.line}:${p.column} - error ${p.code}: ${p.message}`).join('\n');
}
