/**
 * `npm run loadtest -- …`: the seeds' multi-threaded cache-aside load test (lab/loadtest-cli.ts).
 * SIGINT (Ctrl-C) and SIGTERM stop the run cleanly: the sessions finish the operations in flight,
 * the worker threads end and the log keeps everything up to then. The same signal arriving again
 * within a second is the same request (a terminal signals npm, tsx and node at once, and each
 * passes it on); a later one quits at once, keeping the log as last saved (at most a second old).
 */
import { createInterface } from 'node:readline/promises';
import { loadtestMain } from '../lab/loadtest-cli.js';
import { signalExitCode } from '../lab/errors.js';

const stop = new AbortController();
let firstAt: bigint | undefined;

function onSignal(signal: NodeJS.Signals): void {
  const now = process.hrtime.bigint(); // real time, also under the embedded backend's virtual clock
  if (firstAt === undefined) {
    firstAt = now;
    process.stderr.write(`\n${signal}: stopping after the operations in flight and saving the log… (again to quit at once)\n`);
    stop.abort(signal);
    return;
  }
  if (now - firstAt < 1_000_000_000n) return;
  process.stderr.write(`${signal} again: quitting now; the log keeps what was saved until a second ago.\n`);
  process.exit(signalExitCode(signal));
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  // On a terminal readline reads Ctrl-C as a key, not a signal: make it the same stop request.
  rl.on('SIGINT', () => onSignal('SIGINT'));
  try {
    return await rl.question(question, { signal: stop.signal });
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
  signal: stop.signal,
});
process.exitCode = code;
