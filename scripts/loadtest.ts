/** `npm run loadtest -- …`: the seeds' multi-threaded cache-aside load test (lab/loadtest-cli.ts). */
import { createInterface } from 'node:readline/promises';
import { loadtestMain } from '../lab/loadtest-cli.js';

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

const code = await loadtestMain(process.argv.slice(2), {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
  env: process.env,
  cwd: process.cwd(),
  stdinIsTTY: Boolean(process.stdin.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  stderr: process.stderr,
  ask,
});
process.exitCode = code;
