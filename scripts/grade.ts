/** `npm run grade`: see grader/src/cli.ts and docs/instructor-guide.md. */
import { runGradeCli } from '../grader/src/cli.js';

const code = await runGradeCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  errIsTTY: process.stderr.isTTY === true,
  cwd: process.env.INIT_CWD ?? process.cwd(),
});
process.exitCode = code;
