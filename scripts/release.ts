/** `npm run release -- --out <dir>`: builds the student edition (see grader/src/release.ts). */
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { KIT_ROOT } from '../lib/manifest.js';
import { GraderError } from '../grader/src/errors.js';
import { buildRelease } from '../grader/src/release.js';

const cwd = process.env.INIT_CWD ?? process.cwd();
const cmd = new Command('release')
  .description('Build the student edition of the kit: no solutions, hidden suites, secret parameters or baselines.')
  .requiredOption('--out <dir>', 'folder to create (must not exist or be empty)')
  .exitOverride();
try {
  cmd.parse(process.argv.slice(2), { from: 'user' });
  const summary = buildRelease(KIT_ROOT, path.resolve(cwd, cmd.opts<{ out: string }>().out));
  console.log(`Student edition ${summary.kitVersion}: ${summary.files} files in ${summary.outDir}`);
  if (summary.dropped.length > 0) console.log(`Left out (they need instructor-only files): ${summary.dropped.join(', ')}`);
  console.log('Next: cd there, `npm ci`, `npm test`; `npm run grade` gives a visible-only estimate.');
} catch (error) {
  if (error instanceof CommanderError) process.exitCode = error.exitCode === 0 ? 0 : 2;
  else if (error instanceof GraderError) {
    console.error(`release: ${error.message}`);
    process.exitCode = error.code === 'E_USAGE' ? 2 : 1;
  } else throw error;
}
