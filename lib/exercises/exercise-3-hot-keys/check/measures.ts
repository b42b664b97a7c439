/**
 * The measurements behind exercise 3's figures, kept free of I/O so they can be tested alone:
 * detection precision and recall against each instance's true counts, staleness of reads against
 * the completion times of writes, and how concentrated and how balanced the backend traffic is.
 */
import { round } from '../../../metrics/round.js';

/**
 * Precision and recall of reported hot sets. A key counts as hot when the instance really saw it
 * at least `threshold` times in the window; near the threshold the score forgives: reporting a key
 * seen at least threshold × 0.5 times is not a false positive, and missing one seen fewer than
 * threshold × 1.5 times is not a miss (counts that close are noise, and a cool-down ratio keeps a
 * hot key hot down to half the threshold).
 */
export class DetectionScore {
  static readonly ALLOW = 0.5;
  static readonly REQUIRE = 1.5;
  reported = 0;
  correct = 0;
  required = 0;
  found = 0;
  samples = 0;

  /** Scores one instance's report at the end of one window. */
  add(reported: readonly string[], counts: ReadonlyMap<string, number>, threshold: number): void {
    const set = new Set(reported);
    this.samples += 1;
    this.reported += set.size;
    for (const key of set) if ((counts.get(key) ?? 0) >= threshold * DetectionScore.ALLOW) this.correct += 1;
    for (const [key, count] of counts) {
      if (count < threshold * DetectionScore.REQUIRE) continue;
      this.required += 1;
      if (set.has(key)) this.found += 1;
    }
  }

  /** Share of reported keys that were hot, in %; 0 when nothing was ever reported. */
  precision(): number {
    return this.reported === 0 ? 0 : (100 * this.correct) / this.reported;
  }

  /** Share of clearly hot keys that were reported, in %. */
  recall(): number {
    return this.required === 0 ? 100 : (100 * this.found) / this.required;
  }
}

/**
 * Versions written per key, when each write started and completed, to judge reads. Values are
 * `<key>#<version>`; version 0 is the warm-up value. A read is stale when it returns version v
 * although a later write u started after v had completed (so u surely landed after v) and
 * completed more than the bound before the read began. Writes that overlapped in time may land in
 * either order (the last one the server runs wins), so they never make each other stale.
 */
export class StalenessTracker {
  readonly #issued = new Map<string, number>();
  readonly #started = new Map<string, number[]>();
  readonly #done = new Map<string, number[]>();
  stale = 0;
  reads = 0;
  worstMs = 0;
  firstProblem: string | undefined;

  constructor(readonly boundMs: number) {}

  /** The value of the next write of `key`, which starts at `at`. */
  nextValue(key: string, at: number): { value: string; version: number } {
    const version = (this.#issued.get(key) ?? 0) + 1;
    this.#issued.set(key, version);
    let started = this.#started.get(key);
    if (!started) this.#started.set(key, (started = []));
    started[version] = at;
    return { value: `${key}#${version}`, version };
  }

  /** Records that the write of `version` completed at `at`. */
  written(key: string, version: number, at: number): void {
    let done = this.#done.get(key);
    if (!done) this.#done.set(key, (done = []));
    done[version] = at;
  }

  /** Judges a read of `key` that started at `startedAt` and returned `value`. */
  read(key: string, value: unknown, startedAt: number): void {
    this.reads += 1;
    const match = typeof value === 'string' && value.startsWith(`${key}#`) ? /^(\d+)$/.exec(value.slice(key.length + 1)) : null;
    if (!match) {
      this.stale += 1;
      this.firstProblem ??= `a read of "${key}" returned ${JSON.stringify(value)}, which was never written to it`;
      return;
    }
    const version = Number(match[1]);
    const done = this.#done.get(key) ?? [];
    const started = this.#started.get(key) ?? [];
    const doneAt = version === 0 ? Number.NEGATIVE_INFINITY : done[version];
    if (doneAt === undefined) return; // still being written: nothing can be surely newer
    // The surely-newer write that completed first; versions complete almost in order, so a short scan finds it.
    let earliest = Number.POSITIVE_INFINITY;
    const last = Math.min(done.length - 1, version + 64);
    for (let v = version + 1; v <= last; v++) {
      const at = done[v];
      if (at !== undefined && started[v]! > doneAt && at <= startedAt && at < earliest) earliest = at;
    }
    if (earliest === Number.POSITIVE_INFINITY) return;
    const lag = startedAt - earliest;
    this.worstMs = Math.max(this.worstMs, lag);
    if (lag > this.boundMs) {
      this.stale += 1;
      this.firstProblem ??= `a read of "${key}" returned version ${version} ${round(lag, 2)} ms after a newer write had completed (bound ${this.boundMs} ms)`;
    }
  }
}

/** Accesses of the `count` most accessed keys, and of all keys. */
export function topAccesses(byKey: ReadonlyMap<string, number>, count: number): { top: number; total: number } {
  const sorted = [...byKey.values()].sort((a, b) => b - a);
  let top = 0;
  let total = 0;
  sorted.forEach((v, i) => {
    total += v;
    if (i < count) top += v;
  });
  return { top, total };
}

/** The busiest node's load ÷ the mean load (1 = perfectly even; NaN when nothing was sent). */
export function loadRatio(perNode: readonly number[]): number {
  const total = perNode.reduce((a, b) => a + b, 0);
  if (total === 0 || perNode.length === 0) return Number.NaN;
  return Math.max(...perNode) / (total / perNode.length);
}
