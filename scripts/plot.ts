/** `npm run plot -- explain <file> [--plot] [--html <out.html>]` (lab/plot/cli.ts). */
import { plotMain } from '../lab/plot/cli.js';

// `npm run plot -- explain … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await plotMain(process.argv.slice(2), {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
  env: process.env,
  cwd: process.cwd(),
});
