/**
 * The converters as a command, for the generated run_autograder and classroom.yml:
 *   tsx grader/src/export/convert.ts gradescope <report.json> <results.json> [--hidden-visibility v] [--leaderboard]
 *   tsx grader/src/export/convert.ts classroom <report.json>   (prints the base64 reporter payload)
 * A missing or unreadable report still produces output (0 points and the reason), so the engine
 * shows the student a message instead of a bare failure; the exit code is then 1.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { writeFileAtomic } from '../atomic.js';
import { classroomError, encodeClassroomResults, toClassroomResults } from './classroom-results.js';
import { graderFailedResults, toGradescopeResults, type GradescopeOptions } from './gradescope-results.js';
import { readReport } from './read-report.js';

/** Runs the converter; resolves to the exit code. */
export function runConvert(argv: string[], io: { out(text: string): void; err(text: string): void }): number {
  const cmd = new Command('convert').exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  let code = 0;
  cmd
    .command('gradescope <report> <results>')
    .addOption(
      new Option('--hidden-visibility <v>', 'visibility of hidden-suite items')
        .choices(['hidden', 'after_published', 'after_due_date'])
        .default('after_published'),
    )
    .option('--leaderboard', "add the load-check figures to Gradescope's leaderboard", false)
    .action((report: string, results: string, opts: { hiddenVisibility: NonNullable<GradescopeOptions['hiddenVisibility']>; leaderboard: boolean }) => {
      let json;
      try {
        json = toGradescopeResults(readReport(report), { hiddenVisibility: opts.hiddenVisibility, leaderboard: opts.leaderboard });
      } catch (error) {
        io.err(`convert: ${(error as Error).message}\n`);
        json = graderFailedResults('no report was written');
        code = 1;
      }
      try {
        writeFileAtomic(path.resolve(results), `${JSON.stringify(json, null, 2)}\n`);
      } catch (error) {
        io.err(`convert: ${(error as Error).message}\n`);
        code = 1;
      }
    });
  cmd.command('classroom <report>').action((report: string) => {
    try {
      io.out(`${encodeClassroomResults(toClassroomResults(readReport(report)))}\n`);
    } catch (error) {
      io.err(`convert: ${(error as Error).message}\n`);
      io.out(`${encodeClassroomResults(classroomError('no report was written; see the grade step log'))}\n`);
      code = 1;
    }
  });
  try {
    cmd.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  return code;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = runConvert(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });
}
