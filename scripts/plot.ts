/** `npm run plot -- explain <file> [--plot] [--html <out.html>]` (lab/plot/cli.ts). */
import { plotMain } from '../lab/plot/cli.js';

process.exitCode = await plotMain(process.argv.slice(2), {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
  env: process.env,
  cwd: process.cwd(),
});
