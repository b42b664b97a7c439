/**
 * Progress while a run goes, on stderr so stdout stays the report: a cli-progress bar on a
 * terminal, otherwise a plain line every few seconds (CI logs and pipes do not redraw).
 */
import cliProgress from 'cli-progress';

/** Where progress goes. */
export interface ProgressIo {
  err(text: string): void;
  /** The terminal stream the bar draws on, when stderr is one. */
  stderr?: NodeJS.WritableStream;
  stderrIsTTY: boolean;
}

/** Receives a run's phases and progress. */
export interface Progress {
  phase(text: string): void;
  update(done: number, total: number): void;
  stop(): void;
}

/** Seconds between two progress lines when stderr is not a terminal. */
const LINE_EVERY_S = 2;

/** A progress reporter for `io`; silent when `enabled` is false. */
export function createProgress(io: ProgressIo, enabled: boolean): Progress {
  if (!enabled) return { phase() {}, update() {}, stop() {} };
  if (io.stderrIsTTY && io.stderr) return barProgress(io, io.stderr);
  // process.hrtime is real even while the embedded backend's fake timers run.
  let last = process.hrtime.bigint();
  let reported = -1;
  return {
    phase: (text) => io.err(text),
    update(done, total) {
      const now = process.hrtime.bigint();
      if (done < total && now - last < BigInt(LINE_EVERY_S * 1e9)) return;
      if (done === reported) return;
      last = now;
      reported = done;
      io.err(`  ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} queries (${Math.floor((done / total) * 100)}%)`);
    },
    stop() {},
  };
}

function barProgress(io: ProgressIo, stream: NodeJS.WritableStream): Progress {
  let bar: cliProgress.SingleBar | undefined;
  let last = 0n;
  return {
    phase(text) {
      if (!bar) io.err(text);
    },
    update(done, total) {
      if (!bar) {
        bar = new cliProgress.SingleBar(
          // cli-progress redraws on a timer, which the embedded backend's virtual clock would fire
          // thousands of times; its timer is all but off (fps) and the redraws below run on real time.
          {
            stream,
            format: '  [{bar}] {percentage}% | {value}/{total} queries',
            hideCursor: true,
            clearOnComplete: true,
            synchronousUpdate: false,
            fps: 0.001,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      }
      const now = process.hrtime.bigint();
      if (done < total && now - last < 100_000_000n) return;
      last = now;
      bar.update(done);
      bar.render();
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
